import { sizeOf } from "@myelin/backend";

/**
 * Offset of every position of `shape` (row-major order) into a tensor read
 * with `strides`: the precomputed index map of a general strided loop.
 */
export function offsetsOf(shape: readonly number[], strides: readonly number[]): Int32Array {
  const offsets = new Int32Array(sizeOf(shape));
  let filled = 1;
  for (let d = 0; d < shape.length; d++) {
    const dim = shape[d]!;
    const stride = strides[d]!;
    // Expand in place from the back so each existing offset fans out into dim.
    for (let i = filled - 1; i >= 0; i--) {
      const base = offsets[i]!;
      for (let j = dim - 1; j >= 0; j--) {
        offsets[i * dim + j] = base + j * stride;
      }
    }
    filled *= dim;
  }
  return offsets;
}
