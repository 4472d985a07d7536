// Index arithmetic of row-major tensors that every backend's strided loops
// share: sizes, strides, NumPy broadcasting and axis merging.

/**
 * The number of elements of a shape: the product of its extents (1 for a
 * scalar's empty shape).
 *
 * @param shape - Extents, outermost first.
 * @returns The element count.
 * @example
 * ```ts
 * sizeOf([2, 3, 4]); // 24
 * sizeOf([]); // 1
 * ```
 */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const extent of shape) {
    size *= extent;
  }
  return size;
}

/**
 * Row-major strides, in elements, of a contiguous tensor of `shape`.
 *
 * @param shape - Extents, outermost first.
 * @returns One stride per axis; the last axis has stride 1.
 * @example
 * ```ts
 * stridesOf([2, 3, 4]); // [12, 4, 1]
 * ```
 */
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
 * Strides that read a contiguous tensor of `shape` at every index of
 * `outShape` under NumPy broadcasting: shapes align on the right, and an
 * axis the operand lacks or holds once gets stride 0, so it repeats.
 *
 * The shapes must already be broadcast-compatible (the tensor core checks
 * them before any kernel runs).
 *
 * @param shape - The operand's shape, of rank at most `outShape`'s.
 * @param outShape - The broadcast result's shape.
 * @returns One stride per axis of `outShape`.
 * @example
 * ```ts
 * broadcastStrides([3, 1], [2, 3, 4]); // [0, 1, 0]
 * ```
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

/** An iteration space and, for each operand, its strides over that space. */
export interface Collapsed {
  /** Extents of the merged axes, outermost first; never empty. */
  shape: number[];
  /** One stride list per operand, in the order they were given. */
  strides: number[][];
}

/**
 * Simplifies an iteration space walked by several operands at once: drops
 * size-1 axes and merges neighbouring axes that every operand walks as one
 * (the outer stride equals the inner stride times the inner extent), so a
 * loop runs over as few axes as possible with the longest inner runs.
 *
 * Each operand still reads the same offsets in the same order. The result
 * keeps at least one axis: when every extent is 1, it is one axis of extent
 * 1 with stride 0 for every operand.
 *
 * @param shape - Extents of the iteration space.
 * @param strides - One stride list per operand, each with an entry per axis.
 * @returns The merged space and each operand's strides over it.
 * @example
 * ```ts
 * // y = a + b for a [2, 3, 4] and b [4]: two operand axes merge into one.
 * collapse([2, 3, 4], [[12, 4, 1], [0, 0, 1]]);
 * // { shape: [6, 4], strides: [[4, 1], [0, 1]] }
 * ```
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
    const mergeable =
      last >= 0 && strides.every((s, o) => outStrides[o]![last] === s[d]! * extent);
    if (mergeable) {
      outShape[last]! *= extent;
      strides.forEach((s, o) => {
        outStrides[o]![last] = s[d]!;
      });
    } else {
      outShape.push(extent);
      strides.forEach((s, o) => outStrides[o]!.push(s[d]!));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    outStrides.forEach((s) => s.push(0));
  }
  return { shape: outShape, strides: outStrides };
}
