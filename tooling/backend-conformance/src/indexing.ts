// Index arithmetic for the naive reference implementations: every reference
// maps multi-indices one element at a time, the slow and obvious way.

/** Row-major multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}

/** Row-major flat position of a multi-index in `shape`. */
export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) {
    flat = flat * shape[d]! + index[d]!;
  }
  return flat;
}

/**
 * Flat position in an operand of `shape` of the element broadcast to
 * `outIndex` (axes aligned on the right; size-1 axes repeat).
 */
export function broadcastFlat(outIndex: readonly number[], shape: readonly number[]): number {
  const offset = outIndex.length - shape.length;
  const index = shape.map((dim, d) => (dim === 1 ? 0 : outIndex[d + offset]!));
  return ravel(index, shape);
}

/** The NumPy broadcast of two shapes (assumed compatible). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    const da = a[a.length - rank + d] ?? 1;
    const db = b[b.length - rank + d] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}
