import { tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { batchNormalization, layerNormalization } from "../src/index.js";
import { expectClose } from "@myelin/test-utils";

// Expected values from a float64 NumPy evaluation of the formulas (Keras conventions).
const PREDICT_FRESH = [0.9995003746877732, 1.9990007493755464, 2.9985011240633197];
const TRAINING_FORWARD = [-1.2238273448265007, 0, 1.2238273448265007];
const PREDICT_AFTER_STEP = [0.9811453380651358, 1.9823140503764989, 2.9834827626878617];

describe("batchNormalization", () => {
  const x = tensor([[1], [2], [3]]);

  it("at inference uses only the moving averages, so rows do not depend on their batch", () => {
    const layer = batchNormalization();
    const all = layer.apply(x).data();
    expectClose(all, PREDICT_FRESH, 1e-6, 1e-5);
    const tail = layer.apply(tensor([[2], [3]])).data();
    expect(Array.from(tail)).toEqual(Array.from(all.slice(1)));
    for (let i = 0; i < 3; i++) {
      expect(layer.apply(tensor([[i + 1]])).data()[0]).toBe(all[i]);
    }
  });

  it("in training normalizes with the batch mean and biased variance, and moves the averages", () => {
    const layer = batchNormalization();
    expectClose(layer.apply(x, { training: true }).data(), TRAINING_FORWARD, 1e-6, 1e-5);
    expectClose(layer.movingMean!.data(), [0.02], 1e-7, 1e-5);
    expectClose(layer.movingVariance!.data(), [0.9966666666666667], 1e-7, 1e-5);
    expectClose(layer.apply(x).data(), PREDICT_AFTER_STEP, 1e-6, 1e-5);
  });

  it("runs in inference mode when frozen, leaving its statistics alone", () => {
    const layer = batchNormalization();
    layer.trainable = false;
    expectClose(layer.apply(x, { training: true }).data(), PREDICT_FRESH, 1e-6, 1e-5);
    expect(Array.from(layer.movingMean!.data())).toEqual([0]);
  });

  it("gives 0, not NaN, for a training batch of one row", () => {
    const layer = batchNormalization();
    expect(Array.from(layer.apply(tensor([[5]]), { training: true }).data())).toEqual([0]);
  });

  it("normalizes another axis when asked, with one statistic per entry of it", () => {
    const layer = batchNormalization({ axis: 1, momentum: 0 });
    const input = tensor([
      [
        [1, 2],
        [10, 20],
      ],
      [
        [3, 4],
        [30, 40],
      ],
    ]); // [2, 2, 2], axis 1 has 2 entries
    layer.apply(input, { training: true });
    expectClose(layer.movingMean!.data(), [2.5, 25], 1e-5);
    expectClose(layer.movingVariance!.data(), [1.25, 125], 1e-4);
  });

  it("has trainable gamma and beta and non-trainable moving statistics", () => {
    const layer = batchNormalization();
    layer.apply(tensor([[1, 2]]));
    expect(layer.trainableWeights.map((w) => w.name.split("/")[1])).toEqual(["gamma", "beta"]);
    expect(layer.nonTrainableWeights.map((w) => w.name.split("/")[1])).toEqual([
      "movingMean",
      "movingVariance",
    ]);
    expect(batchNormalization({ center: false, scale: false }).apply(tensor([[1]])).shape).toEqual([
      1, 1,
    ]);
  });

  it("rejects epsilon <= 0, momentum outside [0, 1] and the batch axis", () => {
    expect(() => batchNormalization({ epsilon: 0 })).toThrow(/epsilon is 0/);
    expect(() => batchNormalization({ momentum: 1.5 })).toThrow(/momentum is 1.5/);
    expect(() => batchNormalization({ axis: 0 }).apply(tensor([[1]]))).toThrow(
      /axis 0 is the batch axis/,
    );
  });
});

describe("layerNormalization", () => {
  it("normalizes each sample over its features with its own mean and variance", () => {
    const layer = layerNormalization({ epsilon: 1e-3 });
    const y = layer
      .apply(
        tensor([
          [1, 2, 3],
          [10, 10, 40],
        ]),
      )
      .data();
    const row = (values: number[]) => {
      const m = values.reduce((a, b) => a + b) / values.length;
      const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
      return values.map((x) => (x - m) / Math.sqrt(v + 1e-3));
    };
    expectClose(y, [...row([1, 2, 3]), ...row([10, 10, 40])], 1e-5, 1e-5);
  });

  it("is the same in training and inference, and supports several axes", () => {
    const layer = layerNormalization({ axis: [1, 2] });
    const input = tensor([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(Array.from(layer.apply(input, { training: true }).data())).toEqual(
      Array.from(layer.apply(input).data()),
    );
    expect(layer.gamma!.shape).toEqual([2, 2]);
  });
});
