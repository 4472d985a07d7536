import { describe, expect, it } from "vitest";
import { MLP_LAYERS } from "../workloads.js";
import { buildKerasTrainer, lossesOf, type KerasLike } from "./keras-like.js";
import type { TrainingTask } from "./types.js";

/** Records every call a Keras-like library receives. */
function recordingLibrary() {
  const log: string[] = [];
  const lib: KerasLike = {
    sequential(layers) {
      log.push(`sequential(${layers.length})`);
      return {
        compile: (args) => log.push(`compile(${String(args.optimizer)}, ${args.loss})`),
        fit: async (_x, _y, args) => {
          log.push(`fit(${JSON.stringify(args)})`);
          return { history: { loss: Array.from({ length: args.epochs }, (_, i) => 2 - i) } };
        },
        predict: (x) => x,
        dispose: () => log.push("dispose model"),
      };
    },
    layer: (spec) => spec.kind,
    optimizer: (spec) => `${spec.name}@${spec.learningRate}`,
    tensor: (values, shape) => ({ values, shape, dispose: () => log.push(`dispose [${shape}]`) }),
    read: async (tensor) => (tensor as { values: Float32Array }).values,
  };
  return { lib, log };
}

const task: TrainingTask = {
  workload: "mlp",
  layers: MLP_LAYERS,
  loss: "categoricalCrossentropy",
  optimizer: { name: "adam", learningRate: 0.001 },
  batchSize: 64,
  count: 2,
  x: new Float32Array(2 * 784),
  xShape: [2, 784],
  y: new Float32Array(20),
  yShape: [2, 10],
};

describe("buildKerasTrainer", () => {
  it("builds, compiles and fits with the task's settings and no shuffling", async () => {
    const { lib, log } = recordingLibrary();
    const trainer = await buildKerasTrainer(lib, task);
    expect(await trainer.fit(2)).toEqual([2, 1]);
    expect(log).toEqual([
      "sequential(3)",
      "compile(adam@0.001, categoricalCrossentropy)",
      'fit({"epochs":2,"batchSize":64,"shuffle":false,"verbose":0})',
    ]);
  });

  it("frees the data tensors and the model on dispose", async () => {
    const { lib, log } = recordingLibrary();
    const trainer = await buildKerasTrainer(lib, task);
    trainer.dispose!();
    expect(log.slice(-3)).toEqual(["dispose [2,784]", "dispose [2,10]", "dispose model"]);
  });

  it("predicts through the library's read", async () => {
    const { lib } = recordingLibrary();
    const trainer = await buildKerasTrainer(lib, task);
    expect(await trainer.predict!(Float32Array.of(11), [1, 1])).toEqual([11]);
  });
});

describe("lossesOf", () => {
  it("reads numeric losses and ignores anything else", () => {
    expect(lossesOf({ history: { loss: [1, 0.5] } })).toEqual([1, 0.5]);
    expect(lossesOf({ history: { loss: ["1"] } })).toBeUndefined();
    expect(lossesOf(undefined)).toBeUndefined();
  });
});
