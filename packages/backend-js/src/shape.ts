/** Number of elements in a shape. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) {
    size *= dim;
  }
  return size;
}

/** Row-major strides of a contiguous tensor. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d]!;
  }
  return strides;
}

/**
 * Strides for reading a contiguous tensor of `shape` at every index of
 * `outShape` under NumPy broadcasting: axes are aligned on the right, and an
 * axis the operand lacks or holds once gets stride 0.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  for (let d = 0; d < shape.length; d++) {
    strides[d + offset] = shape[d] === 1 ? 0 : own[d]!;
  }
  return strides;
}

/** An iteration space with one stride list per operand. */
export interface Collapsed {
  shape: number[];
  strides: number[][];
}

/**
 * Simplifies an iteration space: drops size-1 axes and merges neighbouring
 * axes that every operand walks as one. The result keeps at least one axis.
 */
export function collapse(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): Collapsed {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const dim = shape[d]!;
    if (dim === 1) {
      continue;
    }
    const last = outShape.length - 1;
    const mergeable =
      last >= 0 && strides.every((s, o) => outStrides[o]![last] === s[d]! * dim);
    if (mergeable) {
      outShape[last]! *= dim;
      strides.forEach((s, o) => {
        outStrides[o]![last] = s[d]!;
      });
    } else {
      outShape.push(dim);
      strides.forEach((s, o) => outStrides[o]!.push(s[d]!));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    outStrides.forEach((s) => s.push(0));
  }
  return { shape: outShape, strides: outStrides };
}

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
