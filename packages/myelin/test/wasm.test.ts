import { describe, expect, it } from "vitest";
import * as myelin from "../src/index.js";

describe("setup with the Wasm backend", () => {
  it("selects it and trains the same small model as the JS backend", async () => {
    const train = async (backend: "js" | "wasm") => {
      await myelin.setup({ backend, seed: 3 });
      expect(myelin.getBackend().name).toBe(backend);
      const model = myelin.sequential([
        myelin.layers.dense({ units: 4, activation: "tanh", inputShape: [2] }),
        myelin.layers.dense({ units: 1 }),
      ]);
      model.compile({ optimizer: "adam", loss: "meanSquaredError" });
      const x = myelin.tensor([
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]);
      const history = await model.fit(x, myelin.tensor([[0], [1], [1], [0]]), {
        epochs: 20,
        shuffle: false,
      });
      return history.history.loss!;
    };
    const js = await train("js");
    const wasm = await train("wasm");
    wasm.forEach((loss, i) => expect(Math.abs(loss - js[i]!)).toBeLessThan(1e-4));
  });
});

describe("memory on the Wasm backend", () => {
  it("fit, evaluate and predict free what they allocate", async () => {
    await myelin.setup({ backend: "wasm", seed: 1 });
    const model = myelin.sequential([
      myelin.layers.dense({ units: 8, activation: "relu", inputShape: [3] }),
      myelin.layers.dropout({ rate: 0.2 }),
      myelin.layers.batchNormalization(),
      myelin.layers.dense({ units: 2, activation: "softmax" }),
    ]);
    model.compile({
      optimizer: "adam",
      loss: "sparseCategoricalCrossentropy",
      metrics: ["accuracy"],
    });
    const x = [
      [0, 1, 2],
      [1, 0, 2],
      [2, 1, 0],
      [0, 0, 1],
      [1, 1, 1],
    ];
    const y = [0, 1, 0, 1, 0];
    const round = async () => {
      await model.fit(x, y, { epochs: 2, batchSize: 2, validationSplit: 0.4 });
      model.evaluate(x, y);
      (model.predict(x, { batchSize: 2 }) as myelin.Tensor).dispose();
    };
    await round();
    const live = () => myelin.getBackend().memory().buffers;
    const before = live();
    await round();
    await round();
    expect(live()).toBe(before);
  });
});
