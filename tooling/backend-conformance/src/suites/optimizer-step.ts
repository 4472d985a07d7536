import type { DType, OptimizerStepAttrs } from "@myelin/backend";
import fc from "fast-check";
import { expect, it } from "vitest";

import type { SuiteContext } from "../context.js";
import { host, type HostTensor } from "../harness.js";
import { Rng, seedArb } from "../random.js";

type Rule = OptimizerStepAttrs["rule"];

/** Slots each rule keeps, in the order they follow the gradient. */
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

/** One element's update, written as the contract states it. */
function referenceStep(
  attrs: OptimizerStepAttrs,
  w: number,
  g: number,
  s1: number,
  s2: number,
): [number, number, number] {
  const lr = attrs.learningRate;
  const { beta1 = 0, beta2 = 0, epsilon = 0, momentum = 0, rho = 0 } = attrs.params;
  const weightDecay = attrs.params.weightDecay ?? 0;
  const t = attrs.params.step ?? 1;
  switch (attrs.rule) {
    case "sgd":
      return [w - lr * g, s1, s2];
    case "momentum": {
      const v = momentum * s1 - lr * g;
      return [w + v, v, s2];
    }
    case "nesterov": {
      const v = momentum * s1 - lr * g;
      return [w + momentum * v - lr * g, v, s2];
    }
    case "adam":
    case "adamw": {
      const decayed = attrs.rule === "adamw" ? w - lr * weightDecay * w : w;
      const m = beta1 * s1 + (1 - beta1) * g;
      const v = beta2 * s2 + (1 - beta2) * g * g;
      const mHat = m / (1 - beta1 ** t);
      const vHat = v / (1 - beta2 ** t);
      return [decayed - (lr * mHat) / (Math.sqrt(vHat) + epsilon), m, v];
    }
    case "rmsprop": {
      const s = rho * s1 + (1 - rho) * g * g;
      return [w - (lr * g) / (Math.sqrt(s) + epsilon), s, s2];
    }
    case "adagrad": {
      const a = s1 + g * g;
      return [w - (lr * g) / (Math.sqrt(a) + epsilon), a, s2];
    }
    case "adamax": {
      const m = beta1 * s1 + (1 - beta1) * g;
      const u = Math.max(beta2 * s2, Math.abs(g));
      return [w - ((lr / (1 - beta1 ** t)) * m) / (u + epsilon), m, u];
    }
  }
}

const stepArb = fc.record({
  rule: fc.constantFrom<Rule>(...(Object.keys(SLOTS) as Rule[])),
  size: fc.integer({ min: 1, max: 20 }),
  dtype: fc.constantFrom<DType>("float32", "float64"),
  learningRate: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
  beta1: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
  beta2: fc.double({ min: 0.9, max: 0.9999, noNaN: true }),
  epsilon: fc.double({ min: 1e-8, max: 1e-3, noNaN: true }),
  momentum: fc.double({ min: 0, max: 0.99, noNaN: true }),
  rho: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
  weightDecay: fc.double({ min: 0, max: 0.1, noNaN: true }),
  step: fc.integer({ min: 1, max: 10 }),
  seed: seedArb,
});

type StepCase = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function setUp(c: StepCase) {
  const rng = new Rng(c.seed);
  const slots = SLOTS[c.rule];
  const { learningRate, rule, beta1, beta2, epsilon, momentum, rho, weightDecay, step } = c;
  const attrs: OptimizerStepAttrs = {
    rule,
    learningRate,
    params: { beta1, beta2, epsilon, momentum, rho, weightDecay, step },
  };
  const tensor = (lo: number, hi: number) =>
    host([c.size], c.dtype, rng.uniforms(c.size, lo, hi));
  // First moments may be negative; second moments and accumulators are not.
  const w = tensor(-2, 2);
  const g = tensor(-1, 1);
  const slotTensors: HostTensor[] = [];
  if (slots >= 1) {
    slotTensors.push(rule === "adagrad" || rule === "rmsprop" ? tensor(0, 1) : tensor(-1, 1));
  }
  if (slots === 2) {
    slotTensors.push(tensor(0, 1));
  }
  const expected = Array.from({ length: slots + 1 }, () => new Array<number>(c.size));
  for (let i = 0; i < c.size; i++) {
    const s1 = slotTensors[0]?.values[i] ?? 0;
    const s2 = slotTensors[1]?.values[i] ?? 0;
    const updated = referenceStep(attrs, w.values[i]!, g.values[i]!, s1, s2);
    for (let o = 0; o <= slots; o++) {
      expected[o]![i] = updated[o]!;
    }
  }
  return { attrs, w, g, slotTensors, expected };
}

/** OptimizerStep. */
export function describeOptimizerStep(ctx: SuiteContext): void {
  ctx.kernel("OptimizerStep", () => {
    for (const rule of Object.keys(SLOTS) as Rule[]) {
      const arb = stepArb.map((c) => ({ ...c, rule }));
      ctx.property(`applies ${rule} in place on the variable and its slots`, arb, (c) => {
        const { attrs, w, g, slotTensors, expected } = setUp(c);
        const aliases = [{ alias: 0 }, ...slotTensors.map((_, s) => ({ alias: 2 + s }))];
        const outputs = ctx.run("OptimizerStep", [w, g, ...slotTensors], aliases, attrs);
        outputs.forEach((values, o) => {
          ctx.check(`${rule} ${c.dtype} output ${o}`, values, expected[o]!, c.dtype);
        });
      });
    }

    it("stores decayed slot values below 1e-30 in magnitude as zero", () => {
      // With a zero gradient each slot only decays; 1e-29 stays, the smaller ones flush.
      const start = [1e-29, 2e-31, -3e-31, 1e-35];
      const cases: [Rule, number][] = [
        ["momentum", 1],
        ["adam", 2],
        ["rmsprop", 1],
        ["adamax", 2],
      ];
      for (const dtype of ["float32", "float64"] as const) {
        for (const [rule, slots] of cases) {
          const attrs: OptimizerStepAttrs = {
            rule,
            learningRate: 0.1,
            params: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, momentum: 0.9, rho: 0.9, step: 3 },
          };
          const w = host([4], dtype, [1, 2, 3, 4]);
          const g = host([4], dtype, [0, 0, 0, 0]);
          const slotTensors = Array.from({ length: slots }, (_, s) =>
            // adam's and rmsprop's second moments are never negative.
            host([4], dtype, s === 1 || rule === "rmsprop" ? start.map(Math.abs) : start),
          );
          const aliases = [{ alias: 0 }, ...slotTensors.map((_, s) => ({ alias: 2 + s }))];
          const outputs = ctx.run("OptimizerStep", [w, g, ...slotTensors], aliases, attrs);
          for (let s = 1; s <= slots; s++) {
            const values = Array.from(outputs[s]!);
            expect(values[0], `${rule} ${dtype} slot ${s} keeps 1e-29 decayed`).not.toBe(0);
            expect(values.slice(1), `${rule} ${dtype} slot ${s}`).toEqual([0, 0, 0]);
          }
        }
      }
    });

    it("reads the current values from the outputs when they are separate buffers", () => {
      const rules = Object.keys(SLOTS) as Rule[];
      fc.assert(
        fc.property(stepArb, fc.constantFrom(...rules), (raw, rule) => {
          const c = { ...raw, rule };
          const { attrs, w, g, slotTensors, expected } = setUp(c);
          const outputs = [w, ...slotTensors].map((t) => ({ ...t, initial: t.values }));
          const results = ctx.run("OptimizerStep", [w, g, ...slotTensors], outputs, attrs);
          results.forEach((values, o) => {
            ctx.check(`${rule} ${c.dtype} output ${o}`, values, expected[o]!, c.dtype);
          });
        }),
        { numRuns: 16 },
      );
    });
  });
}
