/** Row-major strides (in elements) of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d]!;
  }
  return strides;
}

/** Product of a shape's extents. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const extent of shape) {
    size *= extent;
  }
  return size;
}

/**
 * Strides that read a tensor of `shape` broadcast to `outShape` (NumPy rules:
 * shapes align on the right, and size-1 axes repeat with stride 0).
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, d) => {
    const i = d - offset;
    return i < 0 || shape[i] === 1 ? 0 : own[i]!;
  });
}

/** A box of `shape` read through several stride lists, with axes merged where possible. */
export interface Collapsed {
  shape: number[];
  strides: number[][];
}

/**
 * Drops size-1 axes and merges neighbouring axes that every stride list walks
 * contiguously, so kernels loop over as few axes as possible. Always returns
 * at least one axis.
 */
export function collapse(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): Collapsed {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const extent = shape[d]!;
    if (extent === 1) {
      continue;
    }
    const last = outShape.length - 1;
    const mergeable = last >= 0 && strides.every((s, i) => outStrides[i]![last] === s[d]! * extent);
    if (mergeable) {
      outShape[last]! *= extent;
      strides.forEach((s, i) => {
        outStrides[i]![last] = s[d]!;
      });
    } else {
      outShape.push(extent);
      strides.forEach((s, i) => outStrides[i]!.push(s[d]!));
    }
  }
  if (outShape.length === 0) {
    return { shape: [1], strides: strides.map(() => [1]) };
  }
  return { shape: outShape, strides: outStrides };
}
