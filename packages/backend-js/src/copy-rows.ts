import type { TypedArray } from "@myelin/backend";

// Below this length a plain loop beats making a subarray view to copy from.
const VIEW_COPY_MIN = 32;

/** Copies x[from, from + length) to y at `to`. */
export function copyRange(
  x: TypedArray,
  from: number,
  y: TypedArray,
  to: number,
  length: number,
): void {
  if (length >= VIEW_COPY_MIN) {
    y.set(x.subarray(from, from + length), to);
    return;
  }
  for (let j = 0; j < length; j++) {
    y[to + j] = x[from + j]!;
  }
}

/**
 * Copies rows of `length` elements: row r is read from x at
 * `base + starts[r]`, walking with `step`, and written to y at
 * `yStart + r * yRowStride`.
 */
export function copyRows(
  x: TypedArray,
  starts: Int32Array,
  base: number,
  step: number,
  y: TypedArray,
  yStart: number,
  yRowStride: number,
  length: number,
): void {
  if (step === 1) {
    for (let r = 0; r < starts.length; r++) {
      copyRange(x, base + starts[r]!, y, yStart + r * yRowStride, length);
    }
    return;
  }
  for (let r = 0; r < starts.length; r++) {
    const from = base + starts[r]!;
    const to = yStart + r * yRowStride;
    for (let j = 0; j < length; j++) {
      y[to + j] = x[from + j * step]!;
    }
  }
}
