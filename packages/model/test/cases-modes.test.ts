/**
 * Real bug cases about shapes and training modes through a compiled model:
 * MSE with a [N] target against a [N, 1] output (C08), batch normalization
 * (C09) and dropout (C10) at inference, and a per-step target against a
 * per-sequence output (C13). Every layer with a training mode is checked.
 */
import {
  batchNormalization,
  type CallOptions,
  dense,
  dropout,
  gaussianDropout,
  gaussianNoise,
  Layer,
  type LayerArgs,
  type LayerShape,
  lstm,
} from "@myelin/layers";
import { Generator, ones, reshape, slice, type Tensor, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { sequential } from "../src/index.js";
import { expectClose, rejected, thrown } from "./helpers.js";

describe("C08: a [N] target against a [N, 1] output is aligned, never broadcast", () => {
  const identity = () => {
    const model = sequential([
      dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: "ones" }),
    ]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError", metrics: ["mse"] });
    return model;
  };

  it("gives the reference losses for the three cases", () => {
    expect(identity().evaluate([[1], [2], [3]], [1, 2, 3]).loss).toBe(0);
    expectClose([identity().evaluate([[1.5], [2.5], [2]], [1, 2, 3]).loss!], [0.5], 1e-7, 1e-6);
    const both = identity().evaluate([[1.5], [2.5], [2]], [[1], [2], [3]]);
    expectClose([both.loss!, both.mse!], [0.5, 0.5], 1e-7, 1e-6);
  });

  it("trains toward each target, not toward their mean", async () => {
    const model = sequential([dense({ units: 1, inputShape: [1] })], { seed: 2 });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const xs = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]];
    await model.fit(
      xs,
      xs.map(([x]) => 2 * x! - 1),
      { epochs: 800, batchSize: 10 },
    );
    expectClose(model.predict([[1], [10]]).data(), [1, 19], 0.15);
  });

  it("raises naming both counts or both shapes when they cannot align", async () => {
    expect(thrown(() => identity().evaluate([[1], [2]], [1, 2, 3])).message).toContain(
      "x has 2 samples but y has 3",
    );
    const error = await rejected(() =>
      identity().fit(
        [[1], [2], [3]],
        [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
      ),
    );
    expect(error.message).toContain("the target y is [3, 2] but the model's output is [null, 1]");
  });
});

const C09_FRESH = [0.9995003746877732, 1.9990007493755464, 2.9985011240633197];
const C09_AFTER = [0.9811453380651358, 1.9823140503764989, 2.9834827626878617];

describe("C09: batch normalization uses only moving averages in predict and evaluate", () => {
  it("gives each row the same value whatever else is in its batch", () => {
    const layer = batchNormalization({ inputShape: [1] });
    const model = sequential([layer]);
    const x = tensor([[1], [2], [3]]);
    const all = model.predict(x).data();
    expectClose(all, C09_FRESH, 1e-6, 1e-5);
    expect(Array.from(model.predict(slice(x, [1, 0], [2, 1])).data())).toEqual(
      Array.from(all.slice(1)),
    );
    expect([0, 1, 2].map((i) => model.predict([[i + 1]]).data()[0])).toEqual(Array.from(all));
    expect(Array.from(model.predict(x, { batchSize: 1 }).data())).toEqual(Array.from(all));
    layer.apply(x, { training: true });
    expectClose(model.predict(x).data(), C09_AFTER, 1e-6, 1e-5);
  });

  it("fit trains with batch statistics, evaluate scores with the moving averages", async () => {
    const model = sequential([batchNormalization({ inputShape: [1], momentum: 0.5 })]);
    model.compile({ optimizer: sgd0(), loss: "meanSquaredError" });
    const x = tensor([[1], [2], [3]]);
    const history = await model.fit(x, x, { epochs: 1, batchSize: 3 });
    const training = [-1.2238273448265007, 0, 1.2238273448265007];
    const trainingLoss = training.reduce((s, v, i) => s + (v - (i + 1)) ** 2, 0) / 3;
    expectClose(history.history.loss!, [trainingLoss], 1e-5, 1e-5);
    const predicted = Array.from(model.predict(x).data());
    const evaluated = predicted.reduce((s, v, i) => s + (v - (i + 1)) ** 2, 0) / 3;
    expectClose([model.evaluate(x, x).loss!], [evaluated], 1e-6, 1e-5);
  });
});

function sgd0() {
  return { className: "sgd", config: { learningRate: 0 } };
}

describe("C10: dropout is the identity at inference", () => {
  const x = ones([1, 10000]);

  it("predict returns x exactly, twice, and evaluate(x, x) gives MSE 0", () => {
    const model = sequential([dropout({ rate: 0.5, inputShape: [10000] })]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const first = model.predict(x).data();
    expect(first.every((v) => v === 1)).toBe(true);
    expect(model.predict(x).data()).toEqual(first);
    expect(model.evaluate(x, x).loss).toBe(0);
  });

  it("every layer with a training mode is deterministic at inference and noisy in fit", async () => {
    const layers = () => [
      dense({
        units: 8,
        inputShape: [4],
        kernelInitializer: { className: "glorotUniform", config: { seed: 1 } },
      }),
      dropout({ rate: 0.5 }),
      gaussianNoise({ stddev: 0.5 }),
      gaussianDropout({ rate: 0.3 }),
      batchNormalization(),
      dense({ units: 1, kernelInitializer: { className: "glorotUniform", config: { seed: 2 } } }),
    ];
    const noisy = sequential(layers());
    const plain = sequential([layers()[0]!, layers()[4]!, layers()[5]!]);
    const input = tensor(
      Float32Array.from({ length: 32 }, (_, i) => Math.sin(i)),
      [8, 4],
    );
    const a = noisy.predict(input).data();
    expect(noisy.predict(input).data()).toEqual(a);
    expect(Array.from(a)).toEqual(Array.from(plain.predict(input).data()));
    noisy.compile({ optimizer: sgd0(), loss: "meanSquaredError" });
    const target = tensor(new Float32Array(8), [8, 1]);
    const history = await noisy.fit(input, target, { epochs: 1, batchSize: 8, seed: 1 });
    const evaluated = noisy.evaluate(input, target).loss!;
    expect(Math.abs(history.history.loss![0]! - evaluated)).toBeGreaterThan(1e-4);
  });

  it("dropout with rate 0 changes nothing: same weights as without the layer, same seed", async () => {
    const train = async (withDropout: boolean) => {
      const model = sequential(
        [
          dense({ units: 4, inputShape: [3], activation: "tanh" }),
          ...(withDropout ? [dropout({ rate: 0 })] : []),
          dense({ units: 1 }),
        ],
        { seed: 9 },
      );
      model.compile({ optimizer: "adam", loss: "meanSquaredError" });
      const g = new Generator(4);
      const x = tensor(
        Float32Array.from({ length: 60 }, () => g.normal()),
        [20, 3],
      );
      await model.fit(
        x,
        reshape(tensor(Float32Array.from({ length: 20 }, () => g.normal())), [20, 1]),
        { epochs: 3, batchSize: 5, seed: 5 },
      );
      return model.getWeights().map((w) => Array.from(w.data()));
    };
    expect(await train(true)).toEqual(await train(false));
  });
});

/** Returns the last time step, like a recurrent layer without returnSequences. */
class LastStep extends Layer {
  static override className = "LastStep";

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(shape: LayerShape): LayerShape {
    return [shape[0] ?? null, shape[2] ?? null];
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const [n, t, f] = x.shape as [number, number, number];
    return reshape(slice(x, [0, t - 1, 0], [n, 1, f]), [n, f]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), returnSequences: false };
  }
}

describe("C13: a per-step target against a per-sequence output", () => {
  it("raises before training, naming both shapes and suggesting returnSequences", async () => {
    const model = sequential([new LastStep({ inputShape: [null, 2] }), dense({ units: 1 })]);
    model.compile({ optimizer: "adam", loss: "meanSquaredError" });
    const epochs: number[] = [];
    const error = await rejected(() =>
      model.fit(ones([1, 229, 2]), ones([1, 229]), {
        callbacks: [{ onEpochBegin: (e) => void epochs.push(e) }],
      }),
    );
    expect(error.message).toContain("the target y is [1, 229] but the model's output is [null, 1]");
    expect(error.message).toContain(
      "set returnSequences: true on the recurrent layer and pass targets of shape [1, 229, 1]",
    );
    expect(epochs).toEqual([]);
  });

  it("does the same for the reported LSTM model", async () => {
    const model = sequential([lstm({ units: 10, inputShape: [null, 2] }), dense({ units: 1 })]);
    model.compile({ optimizer: "adam", loss: "meanSquaredError" });
    const error = await rejected(() => model.fit(ones([1, 229, 2]), ones([1, 229])));
    expect(error.message).toContain("the target y is [1, 229] but the model's output is [null, 1]");
    expect(error.message).toContain("returnSequences: true");
  });
});
