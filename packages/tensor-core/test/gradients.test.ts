/**
 * Every differentiable op's gradient against central finite differences in
 * float64 (checkGradients: |autograd - numeric| <= 1e-6 + 1e-4 |numeric|), on
 * random shapes with broadcasting and size-1 axes, and values kept away from
 * kinks. The table walk at the end fails when an op has no property here.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as my from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { values } from "./helpers.js";

const RUNS = 12;

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 3 });
const seedArb = fc.integer({ min: 0, max: 1_000_000 });

/** Two shapes that broadcast: b drops leading axes of a and sets some to 1. */
const broadcastPair = fc
  .tuple(fc.array(dim, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }))
  .map(([a, drop, ones]) => {
    const b = a.slice(Math.min(drop, a.length - 1)).map((d, i) => (ones[i] ? 1 : d));
    return [a, b] as const;
  });

function expectGradientsMatch(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: my.GradientCheckOptions = {}): void {
  const report = my.checkGradients(fn, inputs, options);
  if (!report.ok) {
    throw new Error(`gradient mismatch: ${JSON.stringify(report.mismatches.slice(0, 3))}`);
  }
}

type Property = () => void;

function unaryProperty(fn: (x: Tensor) => Tensor, low = -2, high = 2, kinks: number[] = [], gap = 0.05): Property {
  return () =>
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const x = values(shape, seed, low, high, kinks.length ? { kinks, gap } : null);
        expectGradientsMatch(fn, [x]);
      }),
      { numRuns: RUNS },
    );
}

function binaryProperty(fn: (a: Tensor, b: Tensor) => Tensor, range: { a?: [number, number]; b?: [number, number] } = {}, separate = 0): Property {
  return () =>
    fc.assert(
      fc.property(broadcastPair, seedArb, fc.boolean(), ([sa, sb], seed, swap) => {
        const [shapeA, shapeB] = swap ? [sb, sa] : [sa, sb];
        let a = values(shapeA, seed, ...(range.a ?? [-2, 2]));
        let b = values(shapeB, seed + 1, ...(range.b ?? [-2, 2]));
        if (separate > 0) {
          // Snap a and b to interleaved grids so maximum/minimum never sit at a tie.
          const snap = (t: Tensor, offset: number): Tensor => my.add(my.div(my.round(my.mul(t, 5)), 5), offset);
          a = snap(a, separate);
          b = snap(b, 0);
        }
        expectGradientsMatch(fn, [a, b]);
      }),
      { numRuns: RUNS },
    );
}

/** Reductions over a random subset of axes, with and without keepDims. */
function reduceProperty(fn: (x: Tensor, o: my.ReduceOptions) => Tensor, low = -2, high = 2): Property {
  return () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.boolean(), (shape, seed, pick, keepDims) => {
        const axis = shape.map((_, i) => i).filter((i) => pick[i]);
        const x = values(shape, seed, low, high);
        expectGradientsMatch((t) => fn(t, { axis: axis.length ? axis : undefined, keepDims }), [x]);
      }),
      { numRuns: RUNS },
    );
}

const matrix = fc.tuple(dim, dim, dim);

const PROPERTIES: Record<string, Property> = {
  neg: unaryProperty(my.neg),
  abs: unaryProperty(my.abs, -2, 2, [0], 0.05),
  sign: unaryProperty(my.sign, -2, 2, [0], 0.05),
  exp: unaryProperty(my.exp),
  expm1: unaryProperty(my.expm1),
  log: unaryProperty(my.log, 0.2, 3),
  log1p: unaryProperty(my.log1p, -0.8, 3),
  sqrt: unaryProperty(my.sqrt, 0.2, 3),
  rsqrt: unaryProperty(my.rsqrt, 0.2, 3),
  square: unaryProperty(my.square),
  reciprocal: unaryProperty(my.reciprocal, 0.3, 3),
  sin: unaryProperty(my.sin),
  cos: unaryProperty(my.cos),
  tanh: unaryProperty(my.tanh),
  sigmoid: unaryProperty(my.sigmoid, -6, 6),
  relu: unaryProperty(my.relu, -2, 2, [0], 0.05),
  step: unaryProperty(my.step, -2, 2, [0], 0.05),
  floor: unaryProperty(my.floor, -2, 2, [-2, -1, 0, 1, 2], 0.05),
  ceil: unaryProperty(my.ceil, -2, 2, [-2, -1, 0, 1, 2], 0.05),
  round: unaryProperty(my.round, -2, 2, [-1.5, -0.5, 0.5, 1.5], 0.05),
  erf: unaryProperty(my.erf),
  softplus: unaryProperty(my.softplus, -6, 6),
  add: binaryProperty(my.add),
  sub: binaryProperty(my.sub),
  mul: binaryProperty(my.mul),
  div: binaryProperty(my.div, { b: [0.5, 2] }),
  pow: binaryProperty(my.pow, { a: [0.3, 2], b: [-1.5, 2] }),
  maximum: binaryProperty(my.maximum, {}, 0.1),
  minimum: binaryProperty(my.minimum, {}, 0.1),
  squaredDifference: binaryProperty(my.squaredDifference),
  floorDiv: binaryProperty(my.floorDiv, { a: [0.2, 1.2], b: [1.5, 2] }),
  mod: binaryProperty(my.mod, { a: [0.2, 1.2], b: [1.5, 2] }),
  atan2: binaryProperty(my.atan2, { a: [0.3, 2], b: [0.3, 2] }),
  where: () =>
    fc.assert(
      fc.property(broadcastPair, seedArb, ([sa, sb], seed) => {
        const a = values(sa, seed);
        const b = values(sb, seed + 1);
        const condition = my.greater(values(sa, seed + 2), 0);
        expectGradientsMatch((x, y) => my.where(condition, x, y), [a, b]);
      }),
      { numRuns: RUNS },
    ),
  sum: reduceProperty(my.sum),
  prod: reduceProperty(my.prod, 0.5, 1.5),
  max: reduceProperty(my.max),
  min: reduceProperty(my.min),
  logSumExp: reduceProperty(my.logSumExp, -5, 5),
  norm: reduceProperty(my.norm, 0.2, 2),
  mean: reduceProperty(my.mean),
  variance: reduceProperty(my.variance),
  reshape: () =>
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const x = values(shape, seed);
        expectGradientsMatch((t) => my.mul(my.reshape(t, [-1]), my.reshape(t, [-1])), [x]);
      }),
      { numRuns: RUNS },
    ),
  broadcastTo: () =>
    fc.assert(
      fc.property(broadcastPair, seedArb, ([big, small], seed) => {
        expectGradientsMatch((t) => my.broadcastTo(t, big), [values(small, seed)]);
      }),
      { numRuns: RUNS },
    ),
  transpose: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 2, maxLength: 3 }), seedArb, (shape, seed) => {
        const perm = shape.map((_, i) => i).reverse();
        expectGradientsMatch((t) => my.transpose(t, perm), [values(shape, seed)]);
      }),
      { numRuns: RUNS },
    ),
  slice: () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 3 }), seedArb, (shape, seed) => {
        const begin = shape.map(() => 1);
        const size = shape.map((d) => d - 1);
        expectGradientsMatch((t) => my.slice(t, begin, size), [values(shape, seed)]);
      }),
      { numRuns: RUNS },
    ),
  concat: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), dim, seedArb, (shape, extra, seed) => {
        const axis = shape.length - 1;
        const other = shape.map((d, i) => (i === axis ? extra : d));
        expectGradientsMatch((a, b) => my.concat([a, b], axis), [values(shape, seed), values(other, seed + 1)]);
      }),
      { numRuns: RUNS },
    ),
  split: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 2 }), fc.integer({ min: 0, max: 2 }), seedArb, (shape, unused, seed) => {
        const tripled = [...shape.slice(0, -1), shape[shape.length - 1]! * 3];
        // One of the three parts, or none, stays out of the loss: its gradient is zero.
        expectGradientsMatch((t) => {
          const parts = my.split(t, 3, -1).map((part, i) => (i === unused ? null : part));
          const [p, q, r] = parts;
          const first = q === null ? (p ?? 1) : my.mul(p ?? 1, my.exp(q!));
          return r === null ? my.mul(first, 1) : my.add(first, my.square(r!));
        }, [values(tripled, seed)]);
      }),
      { numRuns: RUNS },
    ),
  stack: () =>
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        expectGradientsMatch((a, b) => my.mul(my.stack([a, b], 0), 3), [values(shape, seed), values(shape, seed + 1)]);
      }),
      { numRuns: RUNS },
    ),
  tile: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, (shape, seed) => {
        const reps = shape.map((_, i) => (i % 2) + 1);
        expectGradientsMatch((t) => my.tile(t, reps), [values(shape, seed)]);
      }),
      { numRuns: RUNS },
    ),
  clip: unaryProperty((x) => my.clip(x, -1, 1), -2, 2, [-1, 1], 0.05),
  // float32 rounding limits a central difference to about 1e-7 / epsilon, so a
  // wider step is used for the round trip through float32.
  cast: () =>
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const x = values(shape, seed);
        expectGradientsMatch((t) => my.mul(my.cast(my.cast(t, "float32"), "float64"), 3), [x], { epsilon: 1e-2, rtol: 1e-3 });
      }),
      { numRuns: RUNS },
    ),
  gather: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, (shape, seed) => {
        const n = shape[0]!;
        const indices = [0, n - 1, 0, Math.floor(n / 2)];
        expectGradientsMatch((t) => my.gather(t, indices, 0), [values(shape, seed)]);
      }),
      { numRuns: RUNS },
    ),
  pad: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, (shape, seed) => {
        const paddings = shape.map((_, i) => [i % 2, 1] as [number, number]);
        expectGradientsMatch((t) => my.mul(my.pad(t, paddings, 0.5), 2), [values(shape, seed)]);
      }),
      { numRuns: RUNS },
    ),
  matMul: () =>
    fc.assert(
      fc.property(matrix, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2 }), seedArb, ([m, k, n], ta, tb, batch, seed) => {
        const lead = batch === 0 ? [] : batch === 1 ? [2] : [3];
        const shapeA = [...lead, ...(ta ? [k, m] : [m, k])];
        const shapeB = batch === 2 ? (tb ? [n, k] : [k, n]) : [...lead, ...(tb ? [n, k] : [k, n])];
        expectGradientsMatch((a, b) => my.matMul(a, b, { transposeA: ta, transposeB: tb }), [values(shapeA, seed), values(shapeB, seed + 1)]);
      }),
      { numRuns: RUNS * 2 },
    ),
  softmax: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, fc.integer({ min: -1, max: 0 }), (shape, seed, axis) => {
        expectGradientsMatch((t) => my.softmax(t, axis), [values(shape, seed, -3, 3)]);
      }),
      { numRuns: RUNS },
    ),
  logSoftmax: () =>
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), seedArb, (shape, seed) => {
        expectGradientsMatch((t) => my.logSoftmax(t), [values(shape, seed, -3, 3)]);
      }),
      { numRuns: RUNS },
    ),
  conv2d: () =>
    fc.assert(
      fc.property(
        fc.record({ h: fc.integer({ min: 3, max: 6 }), w: fc.integer({ min: 3, max: 6 }), cin: fc.integer({ min: 1, max: 3 }), cout: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }), dilation: fc.integer({ min: 1, max: 2 }), same: fc.boolean() }),
        seedArb,
        (c, seed) => {
          const x = values([2, c.h, c.w, c.cin], seed);
          const filter = values([c.k, c.k, c.cin, c.cout], seed + 1);
          const padding = c.same ? "same" : "valid";
          if (!c.same && (c.k - 1) * c.dilation + 1 > Math.min(c.h, c.w)) {
            return;
          }
          expectGradientsMatch((a, f) => my.conv2d(a, f, { strides: c.stride, padding, dilations: c.stride > 1 ? 1 : c.dilation }), [x, filter]);
        },
      ),
      { numRuns: RUNS },
    ),
  conv2dTranspose: () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), seedArb, (stride, k, seed) => {
        const outputShape = [1, 5, 4, 2];
        const h = Math.ceil(5 / stride);
        const w = Math.ceil(4 / stride);
        const x = values([1, h, w, 3], seed);
        const filter = values([k, k, 2, 3], seed + 1);
        expectGradientsMatch((a, f) => my.conv2dTranspose(a, f, outputShape, { strides: stride, padding: "same" }), [x, filter]);
      }),
      { numRuns: RUNS },
    ),
  maxPool2d: () =>
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 2 }), fc.boolean(), seedArb, (size, stride, same, seed) => {
        const x = values([2, size + 1, size + 2, 2], seed);
        expectGradientsMatch((t) => my.maxPool2d(t, { poolSize: 2, strides: stride, padding: same ? "same" : "valid" }), [x]);
      }),
      { numRuns: RUNS },
    ),
  avgPool2d: () =>
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 2 }), fc.boolean(), seedArb, (size, stride, same, seed) => {
        const x = values([2, size + 1, size + 2, 2], seed);
        expectGradientsMatch((t) => my.avgPool2d(t, { poolSize: 2, strides: stride, padding: same ? "same" : "valid" }), [x]);
      }),
      { numRuns: RUNS },
    ),
};

describe("gradients against finite differences", () => {
  for (const [op, property] of Object.entries(PROPERTIES)) {
    it(`matches for ${op}`, property);
  }

  it("has a property for every op in the gradient table", () => {
    const missing = my.differentiableOps().filter((op) => !(op in PROPERTIES));
    expect(missing).toEqual([]);
  });
});
