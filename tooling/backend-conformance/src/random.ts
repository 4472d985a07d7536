import fc from "fast-check";

import { broadcastShape } from "./indexing.js";

/**
 * A small deterministic generator (mulberry32). Properties draw shapes from
 * fast-check and one seed for the values, so a failure shrinks on shapes and
 * still replays exactly from the printed fast-check seed.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** n values uniform in [lo, hi). */
  uniforms(n: number, lo: number, hi: number): number[] {
    return Array.from({ length: n }, () => this.uniform(lo, hi));
  }

  /** n integers uniform in [lo, hi]. */
  ints(n: number, lo: number, hi: number): number[] {
    return Array.from({ length: n }, () => this.int(lo, hi));
  }
}

/** A seed for {@link Rng}. */
export const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

/** A shape of rank minRank..maxRank with axes of 1..maxDim (size-1 axes included). */
export function shapeArb(minRank: number, maxRank: number, maxDim: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Shapes that broadcast to `shape` (NumPy rules): a suffix of it, with any
 * axis possibly replaced by 1.
 */
export function broadcastableArb(shape: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: shape.length }),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
    )
    .map(([drop, ones]) => shape.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
}

/** Two operand shapes that broadcast together, then their broadcast shape. */
export const broadcastPairArb = shapeArb(0, 4, 4).chain((shape) =>
  fc
    .tuple(broadcastableArb(shape), broadcastableArb(shape))
    .map(([a, b]) => [broadcastShape(a, b), a, b] as const),
);

/** A random permutation of 0..rank-1. */
export function permutationArb(rank: number): fc.Arbitrary<number[]> {
  return fc
    .array(fc.nat(), { minLength: rank, maxLength: rank })
    .map((keys) =>
      keys
        .map((key, axis) => ({ key, axis }))
        .sort((p, q) => p.key - q.key || p.axis - q.axis)
        .map((entry) => entry.axis),
    );
}
