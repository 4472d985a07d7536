import {
  all,
  Generator,
  isFinite as isFiniteTensor,
  ShapeError,
  sum,
  type Tensor,
  tensor,
  valueAndGrad,
  ValueError,
} from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import { REFERENCE_LOSSES } from "../test/reference-losses.js";
import {
  binaryCrossentropy,
  binaryCrossentropyLoss,
  categoricalCrossentropy,
  categoricalCrossentropyLoss,
  cosineSimilarity,
  hinge,
  huber,
  huberLoss,
  kullbackLeiblerDivergence,
  logCosh,
  meanAbsoluteError,
  meanAbsoluteErrorLoss,
  meanSquaredError,
  meanSquaredErrorLoss,
  sparseCategoricalCrossentropy,
  sparseCategoricalCrossentropyLoss,
} from "./index.js";

type Rows = number[][];

function rows(seed: number, n: number, c: number, low: number, high: number): Rows {
  const g = new Generator(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: c }, () => low + (high - low) * g.uniform()),
  );
}

function distributions(seed: number, n: number, c: number): Rows {
  return rows(seed, n, c, 0.05, 1).map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / total);
  });
}

const f64 = (values: Rows): Tensor =>
  tensor(Float64Array.from(values.flat()), [values.length, values[0]!.length]);

interface ValueCase {
  name: string;
  reference: string;
  fn: (t: Tensor, p: Tensor) => Tensor;
  yTrue: Rows;
  yPred: Rows;
}

const N = 4;
const C = 5;

const VALUE_CASES: readonly ValueCase[] = [
  {
    name: "meanSquaredError",
    reference: "meanSquaredError",
    fn: meanSquaredError,
    yTrue: rows(1, N, C, -3, 3),
    yPred: rows(2, N, C, -3, 3),
  },
  {
    name: "meanAbsoluteError",
    reference: "meanAbsoluteError",
    fn: meanAbsoluteError,
    yTrue: rows(3, N, C, -3, 3),
    yPred: rows(4, N, C, -3, 3),
  },
  {
    name: "huber",
    reference: "huber",
    fn: (t, p) => huber(t, p),
    yTrue: rows(5, N, C, -2, 2),
    yPred: rows(6, N, C, -2, 2),
  },
  {
    name: "logCosh",
    reference: "logCosh",
    fn: logCosh,
    yTrue: rows(7, N, C, -3, 3),
    yPred: rows(8, N, C, -3, 3),
  },
  {
    name: "binaryCrossentropy",
    reference: "binaryCrossentropy",
    fn: (t, p) => binaryCrossentropy(t, p),
    yTrue: rows(9, N, C, 0, 1),
    yPred: rows(10, N, C, 0.01, 0.99),
  },
  {
    name: "binaryCrossentropy from logits",
    reference: "binaryCrossentropyFromLogits",
    fn: (t, p) => binaryCrossentropy(t, p, { fromLogits: true }),
    yTrue: rows(11, N, C, 0, 1),
    yPred: rows(12, N, C, -6, 6),
  },
  {
    name: "categoricalCrossentropy",
    reference: "categoricalCrossentropy",
    fn: (t, p) => categoricalCrossentropy(t, p),
    yTrue: distributions(13, N, C),
    yPred: rows(14, N, C, 0.01, 2),
  },
  {
    name: "categoricalCrossentropy from logits",
    reference: "categoricalCrossentropyFromLogits",
    fn: (t, p) => categoricalCrossentropy(t, p, { fromLogits: true }),
    yTrue: distributions(15, N, C),
    yPred: rows(16, N, C, -6, 6),
  },
  {
    name: "kullbackLeiblerDivergence",
    reference: "kullbackLeiblerDivergence",
    fn: kullbackLeiblerDivergence,
    yTrue: distributions(17, N, C),
    yPred: distributions(18, N, C),
  },
  {
    name: "hinge",
    reference: "hinge",
    fn: hinge,
    yTrue: rows(19, N, C, -1, 1).map((r) => r.map(Math.sign)),
    yPred: rows(20, N, C, -2, 2),
  },
  {
    name: "cosineSimilarity",
    reference: "cosineSimilarity",
    fn: cosineSimilarity,
    yTrue: rows(21, N, C, -2, 2),
    yPred: rows(22, N, C, -2, 2),
  },
];

describe("per-sample loss values", () => {
  it.each(VALUE_CASES)("$name matches its float64 definition", (c) => {
    const expected = REFERENCE_LOSSES[c.reference]!(c.yTrue, c.yPred);
    const values = c.fn(f64(c.yTrue), f64(c.yPred));
    expect(values.shape).toEqual([N]);
    expectClose(values.data(), expected, 1e-12, 1e-9, c.name);
  });

  it.each(VALUE_CASES)("$name matches its definition in float32", (c) => {
    const expected = REFERENCE_LOSSES[c.reference]!(c.yTrue, c.yPred);
    expectClose(c.fn(tensor(c.yTrue), tensor(c.yPred)).data(), expected, 1e-5, 1e-5, c.name);
  });

  it("counts each element of rank-1 inputs as a sample", () => {
    expectClose(meanSquaredError(tensor([1, 2]), tensor([2, 4])).data(), [1, 4]);
  });

  it("takes one feature per sample as the sample's value, with its gradient", () => {
    const yTrue = tensor([[1], [2], [3]]);
    const yPred = tensor([[2], [2], [5]]);
    const values = meanSquaredError(yTrue, yPred);
    expect(values.shape).toEqual([3]);
    expect(Array.from(values.data())).toEqual([1, 0, 4]);
    const [loss, [dPred]] = valueAndGrad((p: Tensor) => meanSquaredErrorLoss()(yTrue, p))(yPred);
    expect(loss.item()).toBeCloseTo(5 / 3, 6);
    expect(dPred!.shape).toEqual([3, 1]);
    expectClose(dPred!.data(), [2 / 3, 0, 4 / 3]);
  });

  it("makes sparse cross-entropy equal categorical cross-entropy with one-hot targets", () => {
    const labels = [0, 3, 4, 1];
    const oneHot = labels.map((l) => Array.from({ length: C }, (_, j) => (j === l ? 1 : 0)));
    for (const fromLogits of [true, false]) {
      const yPred = tensor(fromLogits ? rows(30, N, C, -5, 5) : rows(31, N, C, 0.01, 1));
      const sparse = sparseCategoricalCrossentropy(tensor(labels), yPred, { fromLogits });
      const dense = categoricalCrossentropy(tensor(oneHot), yPred, { fromLogits });
      expectClose(sparse.data(), dense.data(), 1e-6, 1e-6);
    }
  });

  it("accepts int32 labels and targets", () => {
    const labels = tensor(Int32Array.from([1, 0]), [2]);
    const yPred = tensor([
      [0, 1],
      [1, 0],
    ]);
    expectClose(
      sparseCategoricalCrossentropy(labels, yPred, { fromLogits: true }).data(),
      [0.3132617, 0.3132617],
    );
    expectClose(meanSquaredError(labels, tensor([1, 1])).data(), [0, 1]);
  });

  it("rescales probability rows to sum to 1 and clips them like Keras", () => {
    const scaled = categoricalCrossentropy(tensor([[0, 1]]), tensor([[2, 6]])).item();
    expectClose([scaled], [-Math.log(0.75)]);
    const zero = categoricalCrossentropy(tensor([[0, 1]]), tensor([[1, 0]])).item();
    expectClose([zero], [-Math.log(1e-7)], 1e-4, 1e-5);
  });

  it("smooths labels towards uniform", () => {
    const y = [[0, 1, 0, 0]];
    const logits = [[1, 2, 0.5, -1]];
    const smoothed = y.map((r) => r.map((v) => v * 0.8 + 0.2 / 4));
    const ours = categoricalCrossentropy(tensor(y), tensor(logits), {
      fromLogits: true,
      labelSmoothing: 0.2,
    });
    expectClose(
      ours.data(),
      REFERENCE_LOSSES.categoricalCrossentropyFromLogits!(smoothed, logits),
      1e-6,
      1e-6,
    );
    const z = [[1, 0]];
    const x = [[2, -1]];
    const binary = binaryCrossentropy(tensor(z), tensor(x), {
      fromLogits: true,
      labelSmoothing: 0.2,
    });
    const zSmoothed = [[0.9, 0.1]];
    expectClose(
      binary.data(),
      REFERENCE_LOSSES.binaryCrossentropyFromLogits!(zSmoothed, x),
      1e-6,
      1e-6,
    );
  });

  it("maps hinge targets in {0, 1} to {-1, 1}, as Keras does", () => {
    const yPred = tensor([[0.3, -1.2, 2]]);
    expectClose(
      hinge(tensor([[1, 0, 1]]), yPred).data(),
      hinge(tensor([[1, -1, 1]]), yPred).data(),
      0,
      0,
    );
  });

  it("gives 0 and finite gradients for a zero vector in cosineSimilarity", () => {
    const zero = tensor([[0, 0, 0]]);
    expect(cosineSimilarity(zero, tensor([[1, 2, 3]])).item()).toBe(-0);
    const [, [dx]] = valueAndGrad((p: Tensor) => sum(cosineSimilarity(tensor([[1, 0, 0]]), p)))(
      zero,
    );
    expect(all(isFiniteTensor(dx!)).item()).toBe(1);
  });

  it("gives 0 for identical distributions and ignores zero targets in KL divergence", () => {
    const p = [[0.2, 0.3, 0.5]];
    expectClose(kullbackLeiblerDivergence(tensor(p), tensor(p)).data(), [0], 1e-7, 0);
    expectClose(kullbackLeiblerDivergence(tensor([[0, 1, 0]]), tensor(p)).data(), [-Math.log(0.3)]);
  });

  it("turns huber from quadratic to linear at delta", () => {
    expectClose(huber(tensor([0, 0, 0]), tensor([0.5, 2, -4]), { delta: 2 }).data(), [0.125, 2, 6]);
  });

  it("rejects predictions without a class axis", () => {
    expect(() => categoricalCrossentropy(tensor(1), tensor(0.5))).toThrow(ShapeError);
    expect(() => sparseCategoricalCrossentropy(tensor(1), tensor(0.5))).toThrow(
      "yPred is a scalar, but sparseCategoricalCrossentropy reduces the last axis",
    );
  });
});

describe("reductions and sample weights", () => {
  const yTrue = tensor([[0], [0], [0], [0]]);
  const yPred = tensor([[1], [2], [3], [4]]);
  const perSample = [1, 4, 9, 16];

  it("returns per-sample losses with none, their sum with sum and sum / N with mean", () => {
    expectClose(meanSquaredErrorLoss({ reduction: "none" })(yTrue, yPred).data(), perSample);
    expect(meanSquaredErrorLoss({ reduction: "sum" })(yTrue, yPred).item()).toBe(30);
    const mean = meanSquaredErrorLoss()(yTrue, yPred);
    expect(mean.shape).toEqual([]);
    expect(mean.item()).toBe(7.5);
  });

  it("weights samples and still divides the mean by the batch size, as Keras does", () => {
    const weights = tensor([1, 0, 0.5, 2]);
    const weighted = [1, 0, 4.5, 32];
    expectClose(
      meanSquaredErrorLoss({ reduction: "none" })(yTrue, yPred, weights).data(),
      weighted,
    );
    expectClose([meanSquaredErrorLoss()(yTrue, yPred, weights).item()], [37.5 / 4]);
    expectClose([meanSquaredErrorLoss({ reduction: "sum" })(yTrue, yPred, weights).item()], [37.5]);
  });

  it("accepts weights of shape [N, 1] and a scalar weight", () => {
    const column = tensor([[1], [0], [0.5], [2]]);
    expectClose([meanSquaredErrorLoss()(yTrue, yPred, column).item()], [37.5 / 4]);
    expectClose([meanSquaredErrorLoss()(yTrue, yPred, tensor(2)).item()], [15]);
  });

  it("weighs whole samples of per-sample losses with extra axes", () => {
    const labels = tensor([
      [0, 1],
      [1, 1],
    ]);
    const logits = tensor([
      [
        [0, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ]);
    const loss = sparseCategoricalCrossentropyLoss({ fromLogits: true, reduction: "none" });
    expectClose(loss(labels, logits, tensor([1, 0])).data(), [Math.LN2, Math.LN2, 0, 0]);
  });

  it("rejects weights that do not fit the losses, naming both shapes", () => {
    expect(() =>
      meanSquaredErrorLoss()(yTrue, yPred, tensor([1, 2, 3])),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: meanSquaredError: sampleWeight is [3] but the per-sample losses are [4]; weights must be a scalar, have the losses' shape, or cover its leading axes. Pass one weight per sample, shape [4].]`,
    );
  });

  it("refuses the mean of an empty batch", () => {
    const empty = tensor(new Float32Array(0), [0, 1]);
    expect(() => meanSquaredErrorLoss()(empty, empty)).toThrow(/the batch is empty/);
    expect(meanSquaredErrorLoss({ reduction: "sum" })(empty, empty).item()).toBe(0);
  });
});

describe("loss factories", () => {
  it("record every option, defaults included, in config", () => {
    const loss = binaryCrossentropyLoss({ fromLogits: true });
    expect(loss.name).toBe("binaryCrossentropy");
    expect(loss.fromLogits).toBe(true);
    expect(loss.config).toEqual({ fromLogits: true, labelSmoothing: 0, reduction: "mean" });
    expect(huberLoss().config).toEqual({ delta: 1, reduction: "mean" });
    expect(meanAbsoluteErrorLoss().fromLogits).toBeUndefined();
  });

  it("reject invalid options at construction, saying how to fix them", () => {
    expect(() => huberLoss({ delta: 0 })).toThrow(
      "huber: delta is 0. Pass a positive finite delta, e.g. 1.",
    );
    expect(() => categoricalCrossentropyLoss({ labelSmoothing: 1.5 })).toThrow(
      "categoricalCrossentropy: labelSmoothing is 1.5. Pass a number in [0, 1], e.g. 0.1.",
    );
    expect(() => binaryCrossentropyLoss({ fromLogits: "yes" as never })).toThrow(ValueError);
    expect(() => meanSquaredErrorLoss({ reduction: "sum_over_batch_size" as never })).toThrow(
      `Keras's "sum_over_batch_size" is "mean".`,
    );
    expect(() => meanSquaredErrorLoss({ delta: 1 } as never)).toThrow(
      'meanSquaredError: unknown option "delta"; the options are: reduction. ' +
        "Check the spelling against the options listed, or remove it.",
    );
  });

  it("suggest the closest option for a misspelt one", () => {
    expect(() => binaryCrossentropyLoss({ fromLogit: true } as never)).toThrow(
      'binaryCrossentropy: unknown option "fromLogit"; the options are: reduction, fromLogits, ' +
        'labelSmoothing. Did you mean "fromLogits"?',
    );
    expect(() => huberLoss({ Delta: 2 } as never)).toThrow('Did you mean "delta"?');
  });

  it("show an option of the wrong type by its type and value", () => {
    expect(() => huberLoss({ delta: "1" as never })).toThrow(
      'huber: delta is the string "1"; expected a positive finite number. ' +
        "Pass a positive finite delta, e.g. 1.",
    );
    expect(() => binaryCrossentropyLoss({ fromLogits: "yes" as never })).toThrow(
      'binaryCrossentropy: fromLogits is the string "yes"; expected true or false. ' +
        "Pass true or false.",
    );
    expect(() => categoricalCrossentropyLoss({ labelSmoothing: "0.1" as never })).toThrow(
      'labelSmoothing is the string "0.1"',
    );
  });
});
