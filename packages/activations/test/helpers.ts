import { Generator, type Tensor, tensor } from "@myelin/tensor-core";

/** Random float64 values in [low, high), each at least `gap` away from every kink. */
export function randomValues(
  shape: readonly number[],
  seed: number,
  low: number,
  high: number,
  kinks: readonly number[] = [],
  gap = 0.05,
): Tensor {
  const generator = new Generator(seed);
  const size = shape.reduce((n, d) => n * d, 1);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let v = low + (high - low) * generator.uniform();
    while (kinks.some((k) => Math.abs(v - k) < gap)) {
      v = low + (high - low) * generator.uniform();
    }
    out[i] = v;
  }
  return tensor(out, shape);
}

/** Throws naming the first element where |actual - expected| > atol + rtol |expected|. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-6,
  rtol = 1e-6,
  label = "",
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: ${actual.length} values, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const bothNaN = Number.isNaN(a) && Number.isNaN(e);
    if (!bothNaN && a !== e && !(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(
        `${label} element ${i}: got ${a}, expected ${e} (atol ${atol}, rtol ${rtol})`,
      );
    }
  }
}
