/**
 * Every registered activation's gradient against central finite differences
 * in float64 (checkGradients: |autograd - numeric| <= 1e-6 + 1e-4 |numeric|),
 * on random shapes with values kept away from kinks. The walk at the end
 * fails when a registered activation has no property here.
 */
import { Registry } from "@myelin/registry";
import { checkGradients, type Tensor } from "@myelin/tensor-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomValues } from "@myelin/test-utils";
import { type Activation, getActivation, registerActivations } from "./index.js";

const RUNS = 10;

interface GradientCase {
  /** The activation under test; the registered name when omitted. */
  spec?: Parameters<typeof getActivation>[0];
  low: number;
  high: number;
  /** Points where the function is not differentiable. */
  kinks?: readonly number[];
  /** Rank-0 inputs make no sense for last-axis activations. */
  minRank?: number;
}

const CASES: Readonly<Record<string, GradientCase>> = {
  linear: { low: -3, high: 3 },
  sigmoid: { low: -8, high: 8 },
  hardSigmoid: { low: -5, high: 5, kinks: [-3, 3] },
  tanh: { low: -4, high: 4 },
  relu: { low: -3, high: 3, kinks: [0] },
  relu6: { low: -2, high: 8, kinks: [0, 6] },
  leakyRelu: { low: -3, high: 3, kinks: [0] },
  elu: { low: -4, high: 3, kinks: [0] },
  selu: { low: -4, high: 3, kinks: [0] },
  gelu: { low: -6, high: 6 },
  geluTanh: { low: -6, high: 6 },
  softplus: { low: -10, high: 10 },
  softsign: { low: -5, high: 5 },
  swish: { low: -8, high: 8 },
  mish: { low: -8, high: 8 },
  softmax: { low: -5, high: 5, minRank: 1 },
  logSoftmax: { low: -5, high: 5, minRank: 1 },
};

/** Configured variants, checked on top of the defaults. */
const VARIANTS: Readonly<Record<string, GradientCase>> = {
  "leakyRelu alpha 0.1": {
    spec: { className: "leakyRelu", config: { alpha: 0.1 } },
    low: -3,
    high: 3,
    kinks: [0],
  },
  "elu alpha 0.5": {
    spec: { className: "elu", config: { alpha: 0.5 } },
    low: -3,
    high: 3,
    kinks: [0],
  },
  "gelu approximate": {
    spec: { className: "gelu", config: { approximate: true } },
    low: -12,
    high: 12,
  },
  "softmax axis 0": {
    spec: { className: "softmax", config: { axis: 0 } },
    low: -5,
    high: 5,
    minRank: 1,
  },
  "logSoftmax axis 0": {
    spec: { className: "logSoftmax", config: { axis: 0 } },
    low: -5,
    high: 5,
    minRank: 1,
  },
};

function expectGradientsMatch(fn: Activation, x: Tensor): void {
  const report = checkGradients(fn, [x]);
  if (!report.ok) {
    throw new Error(`gradient mismatch: ${JSON.stringify(report.mismatches.slice(0, 3))}`);
  }
}

function gradientProperty(name: string, c: GradientCase): void {
  const fn = getActivation(c.spec ?? name);
  const shape = fc.array(fc.integer({ min: 1, max: 4 }), {
    minLength: c.minRank ?? 0,
    maxLength: 3,
  });
  const seed = fc.integer({ min: 0, max: 1_000_000 });
  fc.assert(
    fc.property(shape, seed, (dims, s) => {
      expectGradientsMatch(fn, randomValues(dims, s, c.low, c.high, c.kinks ?? []));
    }),
    { numRuns: RUNS },
  );
}

describe("activation gradients", () => {
  it.each(Object.keys(CASES))("%s: autograd matches finite differences", (name) => {
    gradientProperty(name, CASES[name]!);
  });

  it.each(Object.keys(VARIANTS))("%s: autograd matches finite differences", (name) => {
    gradientProperty(name, VARIANTS[name]!);
  });

  it("has a gradient property for every registered activation", () => {
    const registry = new Registry();
    registerActivations(registry);
    const missing = registry
      .list("activation")
      .map((entry) => entry.name)
      .filter((name) => CASES[name] === undefined);
    expect(missing).toEqual([]);
  });
});
