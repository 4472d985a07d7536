/**
 * Real bug reports turned into tests, with the expected values and
 * tolerances of their case files (C01, C03, C06, C08), and each widened to
 * its whole class: every loss from logits, every index-taking loss, every
 * loss that aligns targets.
 */
import { sum, type Tensor, tensor, valueAndGrad } from "@myelin/tensor-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  categoricalCrossentropyLoss,
  cosineSimilarity,
  hinge,
  huber,
  kullbackLeiblerDivergence,
  logCosh,
  meanAbsoluteError,
  meanSquaredError,
  meanSquaredErrorLoss,
  sparseCategoricalCrossentropy,
  sparseCategoricalCrossentropyLoss,
} from "./index.js";

const LN2 = 0.6931471805599453;

function gradientOf(fn: (x: Tensor) => Tensor, x: Tensor): [number, Float32Array] {
  const [value, [dx]] = valueAndGrad((t: Tensor) => sum(fn(t)))(x);
  return [value.item(), dx!.data() as Float32Array];
}

function oneHot(labels: readonly number[], classes: number): Tensor {
  return tensor(
    labels.map((label) => Array.from({ length: classes }, (_, j) => (j === label ? 1 : 0))),
  );
}

describe("C01: softmax cross-entropy from large logits", () => {
  const logits = [
    [1, 1],
    [1e8, 1e8],
    [1e4, -1e4],
    [-1e4, 1e4],
  ];
  const labels = [1, 1, 0, 0];
  const perSample = [LN2, LN2, 0, 20000];

  it("gives the per-sample losses and their mean from the differences between logits", () => {
    const loss = sparseCategoricalCrossentropyLoss({ fromLogits: true, reduction: "none" });
    const values = loss(tensor(labels), tensor(logits)).data();
    expectClose(values, perSample, 1e-6, 1e-6);
    expect(Array.from(values).every(Number.isFinite)).toBe(true);
    const mean = sparseCategoricalCrossentropyLoss({ fromLogits: true })(
      tensor(labels),
      tensor(logits),
    );
    expectClose([mean.item()], [5000.34657359028], 0, 1e-6);
  });

  it("gives the same values through categoricalCrossentropy with one-hot targets", () => {
    const loss = categoricalCrossentropyLoss({ fromLogits: true, reduction: "none" });
    expectClose(loss(oneHot(labels, 2), tensor(logits)).data(), perSample, 1e-6, 1e-6);
  });

  it("has gradient softmax(z) - onehot(t) at huge logits", () => {
    const cases = [
      { logits: [[1e8, 1e8]], label: 1, grad: [0.5, -0.5], loss: LN2 },
      { logits: [[1000, 0, -1000]], label: 2, grad: [1, 0, -1], loss: 2000 },
    ];
    for (const c of cases) {
      const classes = c.logits[0]!.length;
      const sparse = (x: Tensor) =>
        sparseCategoricalCrossentropy(tensor([c.label]), x, { fromLogits: true });
      const dense = (x: Tensor) =>
        categoricalCrossentropy(oneHot([c.label], classes), x, { fromLogits: true });
      for (const fn of [sparse, dense]) {
        const [value, grad] = gradientOf(fn, tensor(c.logits));
        expectClose(grad, c.grad, 1e-6, 0);
        expectClose([value], [c.loss], 1e-6, 1e-6);
      }
    }
  });

  it("is unchanged when every logit of a row shifts by the same constant", () => {
    // Logits on a 1/8 grid and shifts below 2^20 keep z + c exact in float32.
    const row = fc.array(fc.integer({ min: -80, max: 80 }), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(
        row,
        fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
        fc.nat(),
        (steps, shift, pick) => {
          const z = steps.map((s) => s / 8);
          const label = pick % z.length;
          const loss = (values: number[]) =>
            sparseCategoricalCrossentropy(tensor([label]), tensor([values]), {
              fromLogits: true,
            }).item();
          const [plain, shifted] = [loss(z), loss(z.map((v) => v + shift))];
          expect(Math.abs(plain - shifted)).toBeLessThanOrEqual(1e-6 * (1 + plain));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("gives NaN only in the row whose logits hold a NaN", () => {
    const values = sparseCategoricalCrossentropy(
      tensor([0, 0]),
      tensor([
        [NaN, 1],
        [0, 0],
      ]),
      {
        fromLogits: true,
      },
    ).data();
    expect(Number.isNaN(values[0]!)).toBe(true);
    expectClose([values[1]!], [LN2]);
  });
});

describe("C03: binary cross-entropy from overflowing logits", () => {
  const logits = [100, -100, 100, -100, 0, 1000, -1000, 20];
  const targets = [0.9, 0.9, 0, 1, 0.5, 0, 0, 1];
  const losses = [10, 90, 100, 100, LN2, 1000, 0, 2.061153620314381e-9];
  const gradients = [0.09999999999999998, -0.9, 1, -1, 0, 1, 0, -2.06115369216775e-9];
  const fromLogits = { fromLogits: true };

  it("gives the exact loss for large finite logits", () => {
    const values = binaryCrossentropy(tensor(targets), tensor(logits), fromLogits).data();
    expectClose(values, losses, 1e-6, 1e-6);
  });

  it("gives the gradient sigmoid(x) - z for large finite logits", () => {
    const [, grad] = gradientOf(
      (x) => binaryCrossentropy(tensor(targets), x, fromLogits),
      tensor(logits),
    );
    expectClose(grad, gradients, 1e-6, 0);
  });

  it("has the exact gradient sigmoid(0) - z at a logit of exactly 0", () => {
    const z = [0, 0.25, 1];
    const [, grad] = gradientOf(
      (x) => binaryCrossentropy(tensor(z), x, fromLogits),
      tensor([0, 0, 0]),
    );
    expectClose(grad, [0.5, 0.25, -0.5], 1e-7, 0);
  });

  it("gives +Infinity or 0 for infinite logits, never NaN", () => {
    const x = tensor([Infinity, Infinity, -Infinity, -Infinity]);
    const values = Array.from(binaryCrossentropy(tensor([0.9, 1, 0.9, 0]), x, fromLogits).data());
    expect(values).toEqual([Infinity, 0, Infinity, 0]);
  });

  it("gives NaN for a NaN logit and leaves the other elements alone", () => {
    const values = binaryCrossentropy(
      tensor([0, 1, 0.5]),
      tensor([NaN, 100, 0]),
      fromLogits,
    ).data();
    expect(Number.isNaN(values[0]!)).toBe(true);
    expectClose([values[1]!, values[2]!], [0, LN2], 1e-6, 1e-6);
  });

  it("keeps probabilities of exactly 0 and 1 finite by clipping to [1e-7, 1 - 1e-7]", () => {
    const values = Array.from(binaryCrossentropy(tensor([0, 1]), tensor([1, 0])).data());
    expect(values.every((v) => Number.isFinite(v) && v >= 15.9)).toBe(true);
    expectClose(
      values,
      [-Math.log(1 - Math.fround(1 - 1e-7)), -Math.log(Math.fround(1e-7))],
      1e-3,
      1e-4,
    );
  });

  it("agrees with the probability form on moderate logits", () => {
    const x = [-3, -0.5, 0.25, 2];
    const z = [0, 0.3, 1, 0.8];
    const p = x.map((v) => 1 / (1 + Math.exp(-v)));
    const fromLogitValues = binaryCrossentropy(tensor(z), tensor(x), fromLogits).data();
    expectClose(fromLogitValues, binaryCrossentropy(tensor(z), tensor(p)).data(), 1e-5, 1e-5);
  });

  it("stays finite with label smoothing at huge logits", () => {
    const values = binaryCrossentropy(tensor([1, 0]), tensor([1e30, -1e30]), {
      fromLogits: true,
      labelSmoothing: 0.2,
    }).data();
    // Smoothed targets 0.9 and 0.1: the loss is 0.1 |x| on both.
    expectClose(values, [1e29, 1e29], 0, 1e-6);
  });
});

describe("C06: sparse labels out of range", () => {
  const row = tensor([[0, 1]]);
  const variants = [
    ["from logits", { fromLogits: true }],
    ["from probabilities", { fromLogits: false }],
  ] as const;

  it("accepts labels 0, 1 and 1.0 and gives log(1 + e) - z_label", () => {
    const loss = (label: number) =>
      sparseCategoricalCrossentropy(tensor([[label]]), row, { fromLogits: true }).item();
    expectClose(
      [loss(0), loss(1), loss(1.0)],
      [1.3132616875182228, 0.3132616875182228, 0.3132616875182228],
      0,
      1e-6,
    );
  });

  it.each(variants)(
    "rejects 100, 2, -1, 1.5 and NaN %s, naming the value and the range",
    (_, options) => {
      for (const label of [100, 2, -1, 1.5, NaN]) {
        expect(() => sparseCategoricalCrossentropy(tensor([[label]]), row, options)).toThrow(
          `label ${label} at batch position 0 is not a class index; ` +
            "labels must be integers in [0, 2)",
        );
      }
    },
  );

  it("names the batch position of the bad label", () => {
    const logits = tensor([
      [0, 1],
      [2, 0],
    ]);
    expect(() =>
      sparseCategoricalCrossentropy(tensor([1, 2]), logits, { fromLogits: true }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: sparseCategoricalCrossentropy: label 2 at batch position 1 is not a class index; labels must be integers in [0, 2) because yPred has 2 classes (last axis of [2, 2]). Count classes from 0 (subtract 1 from labels that start at 1), and drop or fix rows with missing labels.]`,
    );
  });

  it("checks labels in the Loss object before computing anything", () => {
    const loss = sparseCategoricalCrossentropyLoss({ fromLogits: true });
    expect(() => loss(tensor([-1]), row)).toThrow(/label -1 at batch position 0/);
  });

  it("names positions of multi-axis label batches as coordinates", () => {
    const logits = tensor([
      [
        [0, 1],
        [0, 1],
      ],
      [
        [0, 1],
        [0, 1],
      ],
    ]);
    expect(() =>
      sparseCategoricalCrossentropy(
        tensor([
          [0, 1],
          [1, 7],
        ]),
        logits,
      ),
    ).toThrow("label 7 at batch position [1, 1]");
  });

  it("rejects a label shape that does not match the batch, pointing at one-hot targets", () => {
    expect(() => sparseCategoricalCrossentropy(tensor([[0, 1]]), row)).toThrow(
      /yTrue is \[1, 2\] and yPred is \[1, 2\].*use categoricalCrossentropy/,
    );
  });

  it("never wraps -1 to the last class", () => {
    const logits = tensor([[0, 5]]);
    expect(() =>
      sparseCategoricalCrossentropy(tensor([-1]), logits, { fromLogits: true }),
    ).toThrow();
  });
});

describe("C08: [N] targets against [N, 1] predictions", () => {
  const yTrue = tensor([1, 2, 3]);

  it("aligns a trailing axis of size 1 instead of broadcasting", () => {
    const mse = meanSquaredErrorLoss();
    const caseA = mse(yTrue, tensor([[1], [2], [3]])).item();
    const caseB = mse(yTrue, tensor([[1.5], [2.5], [2]])).item();
    const caseC = mse(tensor([[1], [2], [3]]), tensor([[1.5], [2.5], [2]])).item();
    expectClose([caseA, caseB, caseC], [0, 0.5, 0.5], 1e-7, 1e-6);
  });

  it("raises for [3] against [2, 1], naming both shapes", () => {
    expect(() => meanSquaredError(yTrue, tensor([[1], [2]]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: meanSquaredError: yTrue is [3] and yPred is [2, 1]; they must have the same shape or differ only by one trailing axis of size 1 (losses never broadcast targets against predictions). They hold 3 and 2 values: check that targets and predictions come from the same batch.]`,
    );
  });

  it("suggests a reshape when the sizes match but the shapes do not line up", () => {
    expect(() => meanSquaredError(tensor([[1, 2, 3, 4]]), tensor([[1], [2], [3], [4]]))).toThrow(
      "Reshape yTrue to [4, 1] if the values line up one to one.",
    );
  });

  const ELEMENTWISE: readonly (readonly [string, (t: Tensor, p: Tensor) => Tensor])[] = [
    ["meanSquaredError", meanSquaredError],
    ["meanAbsoluteError", meanAbsoluteError],
    ["huber", (t, p) => huber(t, p)],
    ["logCosh", logCosh],
    ["binaryCrossentropy", (t, p) => binaryCrossentropy(t, p)],
    ["binaryCrossentropy from logits", (t, p) => binaryCrossentropy(t, p, { fromLogits: true })],
    ["hinge", hinge],
  ];

  it.each(ELEMENTWISE)(
    "%s gives the same per-sample losses for [N] and [N, 1] targets",
    (_, fn) => {
      const t = [0.2, 0.9, 0.5];
      const p = [[0.3], [0.6], [0.45]];
      const aligned = fn(tensor(t), tensor(p)).data();
      expect(aligned.length).toBe(3);
      expectClose(aligned, fn(tensor(t.map((v) => [v])), tensor(p)).data(), 0, 0);
      const flat = p.map((v) => v[0]!);
      expectClose(fn(tensor(p), tensor(t)).data(), fn(tensor(flat), tensor(t)).data(), 0, 0);
    },
  );

  const LAST_AXIS: readonly (readonly [string, (t: Tensor, p: Tensor) => Tensor])[] = [
    ["categoricalCrossentropy", (t, p) => categoricalCrossentropy(t, p)],
    ["kullbackLeiblerDivergence", kullbackLeiblerDivergence],
    ["cosineSimilarity", cosineSimilarity],
  ];

  it.each([...ELEMENTWISE, ...LAST_AXIS])(
    "%s raises on mismatched shapes instead of broadcasting",
    (_, fn) => {
      expect(() => fn(tensor([[0.5, 0.5, 0.5]]), tensor([[0.5], [0.5], [0.5]]))).toThrow(
        "yTrue is [1, 3] and yPred is [3, 1]",
      );
    },
  );
});
