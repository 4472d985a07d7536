import type { Tensor } from "../src/index.js";
import { tensor } from "../src/index.js";
import { Generator } from "../src/random.js";

/** Random float64 values in [low, high), optionally kept |x - kink| >= gap away from kinks. */
export function values(
  shape: readonly number[],
  seed: number,
  low = -2,
  high = 2,
  avoid: { kinks: readonly number[]; gap: number } | null = null,
): Tensor {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = low + (high - low) * g.uniform();
    if (avoid) {
      while (avoid.kinks.some((k) => Math.abs(v - k) < avoid.gap)) {
        v = low + (high - low) * g.uniform();
      }
    }
    out[i] = v;
  }
  return tensor(out, shape);
}

export function close(actual: ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-6, rtol = 1e-6): void {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} != ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e)) && !(Number.isNaN(a) && Number.isNaN(e)) && a !== e) {
      throw new Error(`element ${i}: ${a} differs from ${e}`);
    }
  }
}
