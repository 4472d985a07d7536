import type { OptimizerStepAttrs } from "@myelin/backend";
import fc from "fast-check";
import { describe, it } from "vitest";
import { expectClose, randomTensor, Rng, run, seedArb, useBackend } from "../../test/harness.js";

type Rule = OptimizerStepAttrs["rule"];

const SLOTS: Record<Rule, number> = {
  sgd: 0,
  momentum: 1,
  nesterov: 1,
  adam: 2,
  adamw: 2,
  rmsprop: 1,
  adagrad: 1,
  adamax: 2,
};

/** The update rules of the interface, one element at a time in float64. */
function reference(attrs: OptimizerStepAttrs, w: number[], g: number[], s: number[][]): number[][] {
  const { rule, learningRate: lr, params: p } = attrs;
  const [b1, b2, eps, mom, rho, wd, t] = [
    p.beta1!,
    p.beta2!,
    p.epsilon!,
    p.momentum!,
    p.rho!,
    p.weightDecay!,
    p.step!,
  ];
  const [s1, s2] = [s[0] ?? [], s[1] ?? []];
  w.forEach((_, i) => {
    const gi = g[i]!;
    switch (rule) {
      case "sgd":
        w[i]! -= lr * gi;
        break;
      case "momentum":
      case "nesterov": {
        const v = mom * s1[i]! - lr * gi;
        s1[i] = v;
        w[i]! += rule === "momentum" ? v : mom * v - lr * gi;
        break;
      }
      case "adam":
      case "adamw": {
        if (rule === "adamw") {
          w[i]! -= lr * wd * w[i]!;
        }
        s1[i] = b1 * s1[i]! + (1 - b1) * gi;
        s2[i] = b2 * s2[i]! + (1 - b2) * gi * gi;
        w[i]! -= (lr * (s1[i]! / (1 - b1 ** t))) / (Math.sqrt(s2[i]! / (1 - b2 ** t)) + eps);
        break;
      }
      case "rmsprop":
        s1[i] = rho * s1[i]! + (1 - rho) * gi * gi;
        w[i]! -= (lr * gi) / (Math.sqrt(s1[i]!) + eps);
        break;
      case "adagrad":
        s1[i]! += gi * gi;
        w[i]! -= (lr * gi) / (Math.sqrt(s1[i]!) + eps);
        break;
      case "adamax":
        s1[i] = b1 * s1[i]! + (1 - b1) * gi;
        s2[i] = Math.max(b2 * s2[i]!, Math.abs(gi));
        w[i]! -= ((lr / (1 - b1 ** t)) * s1[i]!) / (s2[i]! + eps);
        break;
    }
  });
  return [w, ...s];
}

describe("OptimizerStep", () => {
  const backend = useBackend();

  for (const rule of Object.keys(SLOTS) as Rule[]) {
    it(`applies ${rule} in place to variables of any length`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 41 }),
          fc.integer({ min: 1, max: 5 }),
          seedArb,
          (n, step, seed) => {
            const rng = new Rng(seed);
            const w = randomTensor(rng, [n]);
            const g = randomTensor(rng, [n]);
            // Second moments and accumulators are non-negative.
            const slots = Array.from({ length: SLOTS[rule] }, () => randomTensor(rng, [n], 0, 1));
            const params = {
              beta1: 0.9,
              beta2: 0.99,
              epsilon: 1e-3,
              momentum: 0.8,
              rho: 0.85,
              weightDecay: 0.1,
              step,
            };
            const attrs: OptimizerStepAttrs = { rule, learningRate: 0.05, params };
            const outputs = [0, ...slots.map((_, i) => i + 2)].map((alias) => ({ alias }));
            const results = run(backend(), "OptimizerStep", [w, g, ...slots], outputs, attrs);
            const expected = reference(
              attrs,
              Array.from(w.values),
              Array.from(g.values),
              slots.map((s) => Array.from(s.values)),
            );
            results.forEach((values, i) =>
              expectClose(`${rule} output ${i}`, values, expected[i]!),
            );
          },
        ),
        { numRuns: 20 },
      );
    });
  }
});
