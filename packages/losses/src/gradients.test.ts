/**
 * Every registered loss's gradient with respect to yPred against central
 * finite differences in float64 (checkGradients: |autograd - numeric| <=
 * 1e-6 + 1e-4 |numeric|), per sample and reduced with sample weights, on
 * random batch and class sizes with values kept away from kinks. The walk
 * at the end fails when a registered loss has no property here.
 */
import { Registry, type SerializedObject } from "@myelin/registry";
import { checkGradients, Generator, type Tensor, tensor } from "@myelin/tensor-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getLoss, registerLosses } from "./index.js";

const RUNS = 8;

interface Inputs {
  yTrue: Tensor;
  yPred: Tensor;
}

type Maker = (n: number, c: number, g: Generator) => Inputs;

function matrix(n: number, c: number, value: (i: number, j: number) => number): Tensor {
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++) {
      out[i * c + j] = value(i, j);
    }
  }
  return tensor(out, [n, c]);
}

const uniform = (g: Generator, low: number, high: number) => low + (high - low) * g.uniform();

/** A value whose distance from 0 is at least `gap`. */
const awayFromZero = (g: Generator, size: number, gap: number) =>
  (g.uniform() < 0.5 ? -1 : 1) * uniform(g, gap, size);

function regression(offset: (g: Generator) => number): Maker {
  return (n, c, g) => {
    const yTrue = matrix(n, c, () => uniform(g, -2, 2));
    const t = yTrue.data();
    return { yTrue, yPred: matrix(n, c, (i, j) => t[i * c + j]! + offset(g)) };
  };
}

function softTargets(n: number, c: number, g: Generator): Tensor {
  const raw = Array.from({ length: n * c }, () => uniform(g, 0.05, 1));
  return matrix(n, c, (i, j) => {
    const row = raw.slice(i * c, (i + 1) * c);
    return row[j]! / row.reduce((a, b) => a + b, 0);
  });
}

const MAKERS: Readonly<Record<string, Maker>> = {
  meanSquaredError: regression((g) => uniform(g, -2, 2)),
  meanAbsoluteError: regression((g) => awayFromZero(g, 2, 0.05)),
  huber: regression((g) => {
    const e = uniform(g, 0, 2.5);
    return (g.uniform() < 0.5 ? -1 : 1) * (Math.abs(e - 1) < 0.05 ? e + 0.1 : e);
  }),
  logCosh: regression((g) => uniform(g, -4, 4)),
  binaryCrossentropy: (n, c, g) => ({
    yTrue: matrix(n, c, () => uniform(g, 0, 1)),
    yPred: matrix(n, c, () => uniform(g, 0.02, 0.98)),
  }),
  categoricalCrossentropy: (n, c, g) => ({
    yTrue: softTargets(n, c, g),
    yPred: matrix(n, c, () => uniform(g, 0.05, 1)),
  }),
  sparseCategoricalCrossentropy: (n, c, g) => ({
    yTrue: tensor(Float64Array.from({ length: n }, () => g.int(c))),
    yPred: matrix(n, c, () => uniform(g, 0.05, 1)),
  }),
  kullbackLeiblerDivergence: (n, c, g) => ({
    yTrue: softTargets(n, c, g),
    yPred: matrix(n, c, () => uniform(g, 0.05, 1)),
  }),
  hinge: (n, c, g) => {
    const yTrue = matrix(n, c, () => (g.uniform() < 0.5 ? -1 : 1));
    // Margins y * p kept away from 1, where max(1 - y p, 0) bends.
    const margin = () => (g.uniform() < 0.5 ? uniform(g, -2, 0.95) : uniform(g, 1.05, 3));
    const t = yTrue.data();
    return { yTrue, yPred: matrix(n, c, (i, j) => t[i * c + j]! * margin()) };
  },
  cosineSimilarity: (n, c, g) => ({
    yTrue: matrix(n, c, () => awayFromZero(g, 2, 0.2)),
    yPred: matrix(n, c, () => awayFromZero(g, 2, 0.2)),
  }),
};

interface GradientCase {
  spec: string | SerializedObject;
  maker: Maker;
  minClasses?: number;
}

const fromLogits = (className: string, extra: Record<string, unknown> = {}): SerializedObject => ({
  className,
  config: { fromLogits: true, ...extra },
});

/** Logits with some entries exactly 0, where the stable formulas switch branch. */
const logitsMaker =
  (targets: (n: number, c: number, g: Generator) => Tensor): Maker =>
  (n, c, g) => ({
    yTrue: targets(n, c, g),
    yPred: matrix(n, c, () => (g.uniform() < 0.25 ? 0 : uniform(g, -6, 6))),
  });

const CASES: Readonly<Record<string, GradientCase>> = {
  ...Object.fromEntries(
    Object.entries(MAKERS).map(([name, maker]) => [name, { spec: name, maker }]),
  ),
  "binaryCrossentropy from logits": {
    spec: fromLogits("binaryCrossentropy"),
    maker: logitsMaker((n, c, g) => matrix(n, c, () => uniform(g, 0, 1))),
  },
  "binaryCrossentropy from logits, smoothed": {
    spec: fromLogits("binaryCrossentropy", { labelSmoothing: 0.2 }),
    maker: logitsMaker((n, c, g) => matrix(n, c, () => (g.uniform() < 0.5 ? 0 : 1))),
  },
  "categoricalCrossentropy from logits": {
    spec: fromLogits("categoricalCrossentropy", { labelSmoothing: 0.1 }),
    maker: logitsMaker(softTargets),
  },
  "sparseCategoricalCrossentropy from logits": {
    spec: fromLogits("sparseCategoricalCrossentropy"),
    maker: logitsMaker((n, c, g) => tensor(Float64Array.from({ length: n }, () => g.int(c)))),
  },
  "huber delta 0.5": {
    spec: { className: "huber", config: { delta: 0.5 } },
    maker: regression((g) => {
      const e = uniform(g, 0, 1.5);
      return Math.abs(e - 0.5) < 0.05 ? e + 0.1 : e;
    }),
  },
};

function expectGradientsMatch(fn: (p: Tensor) => Tensor, yPred: Tensor): void {
  const report = checkGradients(fn, [yPred]);
  if (!report.ok) {
    throw new Error(`gradient mismatch: ${JSON.stringify(report.mismatches.slice(0, 3))}`);
  }
}

function gradientProperty(c: GradientCase): void {
  const perSample = getLoss(withReduction(c.spec, "none"));
  const weighted = getLoss(withReduction(c.spec, "mean"));
  const dims = fc.tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: c.minClasses ?? 2, max: 4 }),
  );
  fc.assert(
    fc.property(dims, fc.integer({ min: 0, max: 1_000_000 }), ([n, classes], seed) => {
      const g = new Generator(seed);
      const { yTrue, yPred } = c.maker(n, classes, g);
      const weights = tensor(Float64Array.from({ length: n }, () => uniform(g, 0, 2)));
      expectGradientsMatch((p) => perSample(yTrue, p), yPred);
      expectGradientsMatch((p) => weighted(yTrue, p, weights), yPred);
    }),
    { numRuns: RUNS },
  );
}

function withReduction(spec: string | SerializedObject, reduction: string): SerializedObject {
  const base = typeof spec === "string" ? { className: spec, config: {} } : spec;
  return { className: base.className, config: { ...base.config, reduction } };
}

describe("loss gradients", () => {
  it.each(Object.keys(CASES))("%s: autograd matches finite differences", (name) => {
    gradientProperty(CASES[name]!);
  });

  it("has a gradient property for every registered loss", () => {
    const registry = new Registry();
    registerLosses(registry);
    const missing = registry
      .list("loss")
      .map((entry) => entry.name)
      .filter((name) => CASES[name] === undefined);
    expect(missing).toEqual([]);
  });
});
