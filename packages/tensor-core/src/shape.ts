import { describeValue, formatShape, ShapeError } from "./errors.js";

export type Shape = readonly number[];

/** Number of elements of a shape. */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) {
    size *= d;
  }
  return size;
}

/**
 * Throws unless `shape` is an array of non-negative integers, naming `op`
 * (the function the user called) and the first bad dimension.
 *
 * @throws ShapeError `invalid_shape`.
 */
export function assertValidShape(op: string, shape: readonly unknown[]): asserts shape is Shape {
  if (!Array.isArray(shape)) {
    throw new ShapeError(
      op,
      {},
      `the shape is ${describeValue(shape)}; expected an array of non-negative integers`,
      "Pass the shape as an array, e.g. [2, 3] (or [3] for a vector).",
      "invalid_shape",
    );
  }
  const bad = shape.findIndex((d) => typeof d !== "number" || !Number.isInteger(d) || d < 0);
  if (bad >= 0) {
    throw new ShapeError(
      op,
      {},
      `dimension ${bad} of ${String(JSON.stringify(shape))} is ${describeValue(shape[bad])}; ` +
        "dimensions must be non-negative integers",
      "Check the shape you passed; use -1 only in reshape, for one inferred axis.",
      "invalid_shape",
    );
  }
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/**
 * The NumPy broadcast of two shapes: align from the right; each pair of axes
 * must be equal or one of them 1.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape, names = ["a", "b"]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  const conflicts: string[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) {
      out[i] = da;
    } else if (da === 1) {
      out[i] = db;
    } else {
      conflicts.push(`axis ${i - rank} has ${da} in ${names[0]} and ${db} in ${names[1]}`);
      out[i] = da;
    }
  }
  if (conflicts.length > 0) {
    throw new ShapeError(
      op,
      { [names[0]!]: a, [names[1]!]: b },
      `${names[0]} is ${formatShape(a)} and ${names[1]} is ${formatShape(b)}, which do not ` +
        `broadcast: aligned from the right, each pair of axes must be equal or 1 (${conflicts.join(
          ", ",
        )})`,
      "Reshape or expandDims one operand so the axes line up.",
    );
  }
  return out;
}

/** Resolves a possibly negative axis against a rank, or throws naming the op. */
export function normalizeAxis(op: string, axis: number, rank: number, shape?: Shape): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    const where = shape ? `a tensor of shape ${formatShape(shape)}` : `rank ${rank}`;
    const problem = Number.isInteger(axis) ? "is out of range" : "is not an integer axis";
    throw new ShapeError(
      op,
      shape ? { x: shape } : {},
      `axis ${describeValue(axis)} ${problem} for ${where}; valid axes are ${-rank} to ${rank - 1}`,
      "Negative axes count from the end: -1 is the last axis.",
      "invalid_axis",
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves an axis list (or all axes when undefined) into sorted unique axes. */
export function normalizeAxes(
  op: string,
  axes: number | readonly number[] | undefined,
  shape: Shape,
): number[] {
  const rank = shape.length;
  if (axes === undefined) {
    return Array.from({ length: rank }, (_, i) => i);
  }
  const list = typeof axes === "number" ? [axes] : axes;
  const resolved = list.map((axis) => normalizeAxis(op, axis, rank, shape));
  const unique = [...new Set(resolved)].sort((p, q) => p - q);
  if (unique.length !== resolved.length) {
    throw new ShapeError(
      op,
      { x: shape },
      `axes ${JSON.stringify(list)} name the same axis twice`,
      "List each axis once.",
      "invalid_axis",
    );
  }
  return unique;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}
