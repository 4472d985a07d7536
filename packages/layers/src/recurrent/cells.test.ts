import { registerActivations } from "@myelin/activations";
import { Registry } from "@myelin/registry";
import { ones, reshape, type Tensor, tensor, ValueError, zeros } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { dense } from "../layers/dense.js";
import { registerLayers } from "../register.js";
import { randomArray, randomTensor } from "../convolutional/test-helpers.js";
import type { Layer } from "../layer.js";
import {
  bidirectional,
  embedding,
  getMask,
  gru,
  lstm,
  masking,
  registerRecurrentLayers,
  simpleRNN,
  timeDistributed,
  withMask,
} from "./index.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** A plain float64 GRU (resetAfter) over one sample, in Keras's equations. */
function referenceGru(
  x: number[][],
  kernel: Float64Array,
  recurrent: Float64Array,
  bias: Float64Array,
  units: number,
): number[] {
  const features = x[0]!.length;
  const width = 3 * units;
  let h = new Array<number>(units).fill(0);
  for (const xt of x) {
    const px = Array.from(
      { length: width },
      (_, j) => bias[j]! + xt.reduce((s, v, f) => s + v * kernel[f * width + j]!, 0),
    );
    const ph = Array.from(
      { length: width },
      (_, j) => bias[width + j]! + h.reduce((s, v, u) => s + v * recurrent[u * width + j]!, 0),
    );
    const z = h.map((_, u) => sigmoid(px[u]! + ph[u]!));
    const r = h.map((_, u) => sigmoid(px[units + u]! + ph[units + u]!));
    const hh = h.map((_, u) => Math.tanh(px[2 * units + u]! + r[u]! * ph[2 * units + u]!));
    h = h.map((prev, u) => z[u]! * prev + (1 - z[u]!) * hh[u]!);
    void features;
  }
  return h;
}

describe("gru with resetAfter (Keras's default)", () => {
  it("matches a hand-written float64 loop, with a [2, 3 * units] bias", () => {
    const [units, features, steps] = [3, 2, 4];
    const layer = gru({ units, dtype: "float64" });
    const xs = randomTensor([2, steps, features], 1, "float64");
    layer.apply(xs);
    const kernel = randomArray(features * 3 * units, 2, -0.8, 0.8);
    const recurrent = randomArray(units * 3 * units, 3, -0.8, 0.8);
    const bias = randomArray(2 * 3 * units, 4, -0.5, 0.5);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([
      [features, 9],
      [units, 9],
      [2, 9],
    ]);
    layer.setWeights([
      tensor(kernel, [features, 9]),
      tensor(recurrent, [units, 9]),
      tensor(bias, [2, 9]),
    ]);
    const y = Array.from(layer.apply(xs).data());
    const data = Array.from(xs.data());
    for (let b = 0; b < 2; b++) {
      const sample = Array.from({ length: steps }, (_, t) =>
        data.slice((b * steps + t) * features, (b * steps + t + 1) * features),
      );
      const expected = referenceGru(sample, kernel, recurrent, bias, units);
      expected.forEach((v, u) => expect(y[b * units + u]).toBeCloseTo(v, 12));
    }
  });
});

describe("lstm options", () => {
  it("starts the forget gate's bias at 1 with unitForgetBias (the default)", () => {
    const layer = lstm({ units: 2 });
    layer.ensureBuilt([null, 3, 1]);
    expect(Array.from(layer.bias!.data())).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const plain = lstm({ units: 2, unitForgetBias: false });
    plain.ensureBuilt([null, 3, 1]);
    expect(Array.from(plain.bias!.data())).toEqual(new Array(8).fill(0));
  });

  it("takes initial states [h, c]", () => {
    const layer = lstm({ units: 2, dtype: "float64" });
    const x = zeros([1, 1, 1], "float64");
    layer.ensureBuilt([null, 1, 1]);
    const h0 = tensor([[0.5, -0.5]], [1, 2], "float64");
    const c0 = tensor([[1, 2]], [1, 2], "float64");
    const [, , c] = layer.applyWithState(x, { initialState: [h0, c0] });
    const [, , cFromZero] = layer.applyWithState(x);
    expect(Array.from(c!.data())).not.toEqual(Array.from(cFromZero!.data()));
  });
});

describe("recurrent dropout", () => {
  /** A linear simple RNN that copies its input: kernel identity, recurrent kernel zero. */
  function copyingRnn(
    dropout: number,
    recurrentDropout: number,
    recurrentKernel: "zeros" | "identity",
  ) {
    const layer = simpleRNN({
      units: 4,
      activation: "linear",
      useBias: false,
      returnSequences: true,
      dropout,
      recurrentDropout,
      seed: 5,
      dtype: "float64",
    });
    layer.ensureBuilt([null, 6, 4]);
    const identity = tensor([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], [4, 4], "float64");
    layer.setWeights([identity, recurrentKernel === "zeros" ? zeros([4, 4], "float64") : identity]);
    return layer;
  }

  it("drops the same input features at every step of a sequence, only in training", () => {
    const layer = copyingRnn(0.5, 0, "zeros");
    const x = ones([3, 6, 4], "float64");
    const y = layer.apply(x, { training: true }).array() as number[][][];
    for (const sample of y) {
      sample.forEach((step) => expect(step).toEqual(sample[0]));
      sample[0]!.forEach((v) => expect([0, 2]).toContain(v));
    }
    expect(new Set(y.map((s) => JSON.stringify(s[0]))).size).toBeGreaterThan(1);
    expect(Array.from(layer.apply(x).data()).every((v) => v === 1)).toBe(true);
  });

  it("drops the same units of the previous state at every step", () => {
    const layer = copyingRnn(0, 0.5, "identity");
    const first = tensor(
      Array.from({ length: 4 * 6 * 4 }, (_, i) => (Math.floor(i / 4) % 6 === 0 ? 1 : 0)),
      [4, 6, 4],
      "float64",
    );
    const y = layer.apply(first, { training: true }).array() as number[][][];
    for (const sample of y) {
      for (let unit = 0; unit < 4; unit++) {
        const path = sample.map((step) => step[unit]!);
        // Kept: 1, 2, 4, 8, ... (scaled by 1 / (1 - rate) each step); dropped: 1, 0, 0, ...
        const kept = path.every((v, t) => v === 2 ** t);
        const dropped = path.every((v, t) => v === (t === 0 ? 1 : 0));
        expect(kept || dropped).toBe(true);
      }
    }
  });

  it("rejects a rate outside [0, 1)", () => {
    expect(() => lstm({ units: 2, dropout: 1 })).toThrow(
      /dropout is 1, but it must be in \[0, 1\)/,
    );
    expect(() => gru({ units: 2, recurrentDropout: -0.1 })).toThrow(ValueError);
  });
});

describe("embedding", () => {
  it("raises on an out-of-range, negative or fractional index, naming the value and position", () => {
    const layer = embedding({ inputDim: 5, outputDim: 2, name: "words" });
    expect(() =>
      layer.apply(
        tensor([
          [1, 2],
          [3, 7],
        ]),
      ),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: words (Embedding): index 7 at position [1, 1] of the input [2, 2] is not below inputDim (5); indices must be integers in [0, 5). Raise inputDim to at least 8, or map rare tokens to a reserved index.]`,
    );
    expect(() => layer.apply(tensor([[1, -1]]))).toThrow(
      /index -1 at position \[0, 1\] of the input \[1, 2\] is negative/,
    );
    expect(() => layer.apply(tensor([[1.5, 0]]))).toThrow(
      /index 1.5 at position \[0, 0\] of the input \[1, 2\] is not an integer/,
    );
    expect(() => layer.apply(tensor([[Number.NaN, 0]]))).toThrow(/is not a number/);
  });

  it("masks index 0 with maskZero, and the mask reaches the next layer's output", () => {
    const layer = embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    const y = layer.apply(tensor([[1, 0, 3]]));
    expect(Array.from(getMask(y)!.data())).toEqual([1, 0, 1]);
    expect(getMask(embedding({ inputDim: 5, outputDim: 2 }).apply(tensor([[1, 0]])))).toBeNull();
    const sequence = lstm({ units: 2, returnSequences: true }).apply(y);
    expect(Array.from(getMask(sequence)!.data())).toEqual([1, 0, 1]);
  });

  it("sets the input shape from inputLength", () => {
    expect(embedding({ inputDim: 5, outputDim: 2, inputLength: 7 }).batchInputShape).toEqual([
      null,
      7,
    ]);
  });
});

describe("masking", () => {
  it("zeroes and masks the steps whose features all equal maskValue", () => {
    const x = tensor([
      [
        [1, 2],
        [-1, -1],
        [0, -1],
      ],
    ]);
    const y = masking({ maskValue: -1 }).apply(x);
    expect(y.array()).toEqual([
      [
        [1, 2],
        [0, 0],
        [0, -1],
      ],
    ]);
    expect(Array.from(getMask(y)!.data())).toEqual([1, 0, 1]);
  });

  it("a masked step leaves the state as it was, and its output repeats the previous one", () => {
    const layer = gru({ units: 3, returnSequences: true });
    const x = randomTensor([1, 4, 2], 3);
    const masked = layer
      .apply(withMask(x, tensor([[true, false, true, false]])))
      .array() as number[][][];
    expect(masked[0]![1]).toEqual(masked[0]![0]);
    expect(masked[0]![3]).toEqual(masked[0]![2]);
    const explicit = layer.apply(x, { mask: tensor([[1, 0, 1, 0]]) }).array();
    expect(explicit).toEqual(masked);
  });

  it("checks the mask's shape", () => {
    expect(() =>
      lstm({ units: 2, name: "m" }).apply(zeros([2, 3, 1]), { mask: ones([2, 4]) }),
    ).toThrow(/m \(LSTM\): the mask is \[2, 4\] but the input is \[2, 3, 1\]/);
  });
});

describe("serialization of the recurrent layers", () => {
  const registry = new Registry();
  registerActivations(registry);
  registerRecurrentLayers(registerLayers(registry));

  const cases: [string, () => Layer, number[]][] = [
    [
      "simpleRNN",
      () => simpleRNN({ units: 3, returnSequences: true, goBackwards: true }),
      [2, 4, 3],
    ],
    ["lstm", () => lstm({ units: 3, recurrentActivation: "hardSigmoid" }), [2, 4, 3]],
    ["gru", () => gru({ units: 2, resetAfter: false, activation: "relu" }), [2, 4, 3]],
    [
      "bidirectional",
      () => bidirectional({ layer: lstm({ units: 2, returnSequences: true }), mergeMode: "ave" }),
      [2, 4, 3],
    ],
    ["timeDistributed", () => timeDistributed({ layer: dense({ units: 2 }) }), [2, 4, 3]],
  ];

  for (const [name, make, shape] of cases) {
    it(`rebuilds ${name} from its config through the registry, computing the same output`, () => {
      const layer = make();
      const x = randomTensor(shape, 9);
      const y = layer.apply(x);
      const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;
      const copy = registry.create<Layer>("layer", {
        className: layer.className,
        config: { ...config, name: `${layer.name}_copy` },
      });
      copy.apply(x);
      copy.setWeights(layer.getWeights());
      expect(Array.from((copy.apply(x) as Tensor).data())).toEqual(Array.from(y.data()));
    });
  }

  it("registers Keras spellings", () => {
    for (const name of [
      "LSTM",
      "GRU",
      "SimpleRNN",
      "Embedding",
      "Bidirectional",
      "TimeDistributed",
      "Masking",
    ]) {
      expect(registry.has("layer", name)).toBe(true);
    }
  });

  it("counts the wrapped layers' weights as the wrapper's, named under the wrapper", () => {
    const layer = bidirectional({ layer: lstm({ units: 2 }) });
    layer.ensureBuilt([null, 5, 3]);
    expect(layer.weights.map((w) => w.name)).toEqual(
      [
        "forward_kernel",
        "forward_recurrent_kernel",
        "forward_bias",
        "backward_kernel",
        "backward_recurrent_kernel",
        "backward_bias",
      ].map((short) => `${layer.name}/${short}`),
    );
    expect(layer.countParams()).toBe(2 * (3 * 8 + 2 * 8 + 8));
    layer.trainable = false;
    expect(layer.trainableWeights).toEqual([]);
    const steps = timeDistributed({ layer: dense({ units: 2 }) });
    steps.ensureBuilt([null, 4, 3]);
    expect(steps.weights.map((w) => w.name)).toEqual([
      `${steps.name}/kernel`,
      `${steps.name}/bias`,
    ]);
  });

  it("timeDistributed keeps the values of a layer that was already built", () => {
    const inner = dense({ units: 2 });
    const x = randomTensor([3, 4], 1);
    const y = inner.apply(x);
    const steps = timeDistributed({ layer: inner });
    expect(Array.from(steps.apply(reshape(x, [3, 1, 4])).data())).toEqual(Array.from(y.data()));
  });
});
