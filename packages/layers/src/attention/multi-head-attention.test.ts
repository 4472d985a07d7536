/**
 * Multi-head attention. TF.js exports no such layer, so the reference is a
 * plain float64 loop written from the equations (Keras's form).
 */
import { registerActivations } from "@myelin/activations";
import { Registry } from "@myelin/registry";
import fc from "fast-check";
import { ShapeError, type Tensor, tensor, ValueError } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  checkLayerGradients,
  describeReport,
  randomArray,
  randomTensor,
} from "../convolutional/test-helpers.js";
import { embedding } from "../recurrent/index.js";
import { getMask } from "../recurrent/masking.js";
import { multiHeadAttention, registerAttentionLayers } from "./index.js";

const dtype = "float64" as const;

interface Weights {
  wq: Float64Array;
  bq: Float64Array;
  wk: Float64Array;
  bk: Float64Array;
  wv: Float64Array;
  bv: Float64Array;
  wo: Float64Array;
  bo: Float64Array;
}

/** The attention equations as loops: output [b][t][o] and weights [b][h][t][s]. */
function reference(
  q: number[][][],
  v: number[][][],
  k: number[][][],
  w: Weights,
  heads: number,
  keyDim: number,
  valueDim: number,
  out: number,
  mask: boolean[][][] | null,
): { output: number[][][]; weights: number[][][][] } {
  const project = (
    x: number[],
    kernel: Float64Array,
    bias: Float64Array,
    size: number,
    h: number,
  ) =>
    Array.from(
      { length: size },
      (_, j) =>
        bias[h * size + j]! +
        x.reduce((acc, xv, d) => acc + xv * kernel[(d * heads + h) * size + j]!, 0),
    );
  const output: number[][][] = [];
  const weights: number[][][][] = [];
  q.forEach((queries, b) => {
    const perHead = Array.from({ length: heads }, (_, h) => {
      const keys = k[b]!.map((x) => project(x, w.wk, w.bk, keyDim, h));
      const values = v[b]!.map((x) => project(x, w.wv, w.bv, valueDim, h));
      return queries.map((x, t) => {
        const qh = project(x, w.wq, w.bq, keyDim, h);
        const scores = keys.map((kh, s) => {
          const dot = qh.reduce((acc, qv, j) => acc + qv * kh[j]!, 0) / Math.sqrt(keyDim);
          return mask === null || mask[b]![t]![s] ? dot : dot - 1e9;
        });
        const top = Math.max(...scores);
        const exps = scores.map((sc) => Math.exp(sc - top));
        const total = exps.reduce((a, e) => a + e, 0);
        const a = exps.map((e) => e / total);
        const attended = Array.from({ length: valueDim }, (_, j) =>
          a.reduce((acc, av, s) => acc + av * values[s]![j]!, 0),
        );
        return { a, attended };
      });
    });
    weights.push(perHead.map((rows) => rows.map((r) => r.a)));
    output.push(
      queries.map((_, t) =>
        Array.from({ length: out }, (_, o) => {
          let acc = w.bo[o]!;
          for (let h = 0; h < heads; h++) {
            perHead[h]![t]!.attended.forEach(
              (av, j) => (acc += av * w.wo[(h * valueDim + j) * out + o]!),
            );
          }
          return acc;
        }),
      ),
    );
  });
  return { output, weights };
}

/** A built layer with random weights, and the same weights as plain arrays. */
function setup(
  heads: number,
  keyDim: number,
  valueDim: number,
  shapes: { q: number[]; v: number[]; k?: number[] },
  seed: number,
  extra = {},
) {
  const layer = multiHeadAttention({ numHeads: heads, keyDim, valueDim, dtype, ...extra });
  const query = randomTensor(shapes.q, seed, dtype);
  const value = randomTensor(shapes.v, seed + 1, dtype);
  const key = shapes.k === undefined ? undefined : randomTensor(shapes.k, seed + 2, dtype);
  const inputs = key === undefined ? [query, value] : [query, value, key];
  layer.ensureBuilt(inputs.map((x) => x.shape));
  const values = layer.getWeights().map((t, i) => randomArray(t.size, seed + 10 + i, -0.7, 0.7));
  layer.setWeights(values.map((a, i) => tensor(a, layer.getWeights()[i]!.shape)));
  const [wq, bq, wk, bk, wv, bv, wo, bo] = values as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const nested = (x: Tensor) => x.array() as number[][][];
  return {
    layer,
    inputs,
    weights: { wq, bq, wk, bk, wv, bv, wo, bo },
    q: nested(query),
    v: nested(value),
    k: nested(key ?? value),
  };
}

function expectNear(actual: unknown, expected: unknown, digits = 10): void {
  const a = (actual as unknown[]).flat(3) as number[];
  const e = (expected as unknown[]).flat(3) as number[];
  expect(a.length).toBe(e.length);
  e.forEach((v, i) => expect(a[i]).toBeCloseTo(v, digits));
}

describe("multiHeadAttention against the equations", () => {
  it("matches the loop for self-attention, cross-attention and a separate key", () => {
    for (const [i, shapes] of [
      { q: [2, 3, 4], v: [2, 3, 4] },
      { q: [2, 2, 3], v: [2, 5, 4] },
      { q: [1, 3, 2], v: [1, 4, 3], k: [1, 4, 5] },
    ].entries()) {
      const s = setup(2, 3, 2, shapes, 10 * i);
      const [output, scores] = s.layer.applyWithScores(s.inputs);
      const expected = reference(s.q, s.v, s.k, s.weights, 2, 3, 2, shapes.q[2]!, null);
      expect(output.shape).toEqual(shapes.q);
      expect(scores.shape).toEqual([shapes.q[0], 2, shapes.q[1], shapes.v[1]]);
      expectNear(output.array(), expected.output);
      expectNear(scores.array(), expected.weights);
    }
  });

  it("applies an attention mask, a causal mask, and both", () => {
    const s = setup(2, 2, 3, { q: [2, 4, 3], v: [2, 4, 3] }, 40);
    const explicit = [
      [
        [1, 1, 0, 1],
        [0, 1, 1, 1],
        [1, 0, 0, 0],
        [1, 1, 1, 0],
      ],
      [
        [1, 1, 1, 1],
        [1, 1, 1, 1],
        [0, 1, 0, 1],
        [1, 0, 1, 0],
      ],
    ];
    const causal = explicit.map((rows) => rows.map((row, t) => row.map((_, j) => j <= t)));
    const both = explicit.map((rows, b) =>
      rows.map((row, t) => row.map((m, j) => Boolean(m) && causal[b]![t]![j]!)),
    );
    const cases = [
      [{ attentionMask: tensor(explicit) }, explicit.map((r) => r.map((row) => row.map(Boolean)))],
      [{ useCausalMask: true }, causal],
      [{ attentionMask: tensor(explicit), useCausalMask: true }, both],
    ] as const;
    for (const [options, mask] of cases) {
      const [output, scores] = s.layer.applyWithScores(s.inputs, options);
      const expected = reference(s.q, s.v, s.k, s.weights, 2, 2, 3, 3, mask as boolean[][][]);
      expectNear(output.array(), expected.output);
      expectNear(scores.array(), expected.weights);
    }
  });

  it("useCausalMask: outputs at step t do not depend on later steps", () => {
    const layer = multiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true });
    const x = randomTensor([1, 5, 3], 1);
    const changed = tensor(
      Array.from(x.data()).map((v, i) => (i >= 9 ? v + 1 : v)),
      [1, 5, 3],
    );
    const a = Array.from(layer.apply(x).data()).slice(0, 9);
    const b = Array.from(layer.apply(changed).data()).slice(0, 9);
    expect(b).toEqual(a);
  });

  it("uses the mask of an embedding with maskZero: padded keys get no weight, padded queries a uniform row", () => {
    const tokens = tensor([
      [3, 1, 0, 0],
      [2, 2, 2, 0],
    ]);
    const x = embedding({ inputDim: 5, outputDim: 4, maskZero: true }).apply(tokens);
    const layer = multiHeadAttention({ numHeads: 1, keyDim: 2 });
    const [output, scores] = layer.applyWithScores([x, x]);
    const weights = scores.array() as number[][][][];
    expect(weights[0]![0]!.slice(0, 2).map((row) => row.slice(2))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    // Every key is masked for a padded query: the -1e9 shift swamps the scores in float32.
    expect(weights[0]![0]![3]).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(weights[1]![0]!.slice(0, 3).map((row) => row[3])).toEqual([0, 0, 0]);
    expect(Array.from(getMask(output)!.data())).toEqual([1, 1, 0, 0, 1, 1, 1, 0]);
  });

  it("drops attention weights only in training", () => {
    const layer = multiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.5, seed: 3 });
    const x = randomTensor([2, 4, 3], 2);
    const a = Array.from(layer.apply(x).data());
    expect(Array.from(layer.apply(x).data())).toEqual(a);
    expect(Array.from(layer.apply(x, { training: true }).data())).not.toEqual(a);
  });
});

describe("multiHeadAttention shapes and options", () => {
  it("outputs [batch, querySteps, outputShape or query features]", () => {
    expect(
      multiHeadAttention({ numHeads: 2, keyDim: 3 }).computeOutputShape([
        [null, 5, 4],
        [null, 7, 6],
      ]),
    ).toEqual([null, 5, 4]);
    expect(
      multiHeadAttention({ numHeads: 2, keyDim: 3, outputShape: 8 }).computeOutputShape([
        null,
        5,
        4,
      ]),
    ).toEqual([null, 5, 8]);
  });

  it("names the layer and the shapes when the inputs do not fit", () => {
    const layer = multiHeadAttention({ numHeads: 2, keyDim: 3, name: "att" });
    expect(() => layer.apply([tensor([[1, 2]]), tensor([[1, 2]])])).toThrow(ShapeError);
    expect(() =>
      layer.computeOutputShape([
        [null, 5, 4],
        [null, 7, 6],
        [null, 6, 6],
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: att (MultiHeadAttention): the key has 6 steps but the value has 7; they must match. Pass a key and value of one length.]`,
    );
    const built = multiHeadAttention({ numHeads: 1, keyDim: 2, name: "att2" });
    const x = randomTensor([2, 3, 2], 1);
    expect(() =>
      built.apply([x, x], {
        attentionMask: tensor([
          [1, 1],
          [1, 1],
        ]),
      }),
    ).toThrow(/attentionMask is \[2, 2\], but the query has 3 steps and the key 3/);
    expect(() => multiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(ValueError);
  });

  it("round-trips its config through the registry", () => {
    const registry = new Registry();
    registerActivations(registry);
    registerAttentionLayers(registry);
    const layer = multiHeadAttention({
      numHeads: 2,
      keyDim: 3,
      valueDim: 2,
      outputShape: 5,
      useCausalMask: true,
    });
    const x = randomTensor([2, 4, 3], 5);
    const y = layer.apply(x);
    const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;
    const copy = registry.create<typeof layer>("layer", {
      className: "MultiHeadAttention",
      config: { ...config, name: "copy" },
    });
    copy.apply(x);
    copy.setWeights(layer.getWeights());
    expect(Array.from(copy.apply(x).data())).toEqual(Array.from(y.data()));
  });
});

describe("multiHeadAttention gradients", () => {
  it("with respect to query, value, key and every weight", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (heads, querySteps, keySteps, causal, seed) => {
          const layer = multiHeadAttention({
            numHeads: heads,
            keyDim: 2,
            valueDim: 1,
            biasInitializer: "ones",
            dtype,
          });
          const q = randomTensor([1, querySteps, 2], seed, dtype);
          const v = randomTensor([1, keySteps, 2], seed + 1, dtype);
          const k = randomTensor([1, keySteps, 1], seed + 2, dtype);
          const options = causal && querySteps === keySteps ? { useCausalMask: true } : {};
          const report = checkLayerGradients(layer, [q, v, k], options);
          expect(report.ok, describeReport(report)).toBe(true);
        },
      ),
      { numRuns: 5 },
    );
  });
});
