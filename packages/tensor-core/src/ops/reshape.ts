import type { DType } from "@myelin/backend";
import { assertTensor, full, tensor, zeros } from "../create.js";
import { runKernel } from "../engine.js";
import { describeValue, DTypeError, formatShape, ShapeError, ValueError } from "../errors.js";
import { assertValidShape, broadcastShapes, normalizeAxis, shapesEqual, sizeOf } from "../shape.js";
import { defineGradient, defineMultiGradient, record, recordMany } from "../tape.js";
import { Tensor } from "../tensor.js";
import { equal } from "./elementwise.js";
import { sumToShape } from "./reduce.js";
import { isFloat } from "./util.js";

/**
 * The same values with a new shape; one axis may be -1 to infer it. Shares
 * storage with x (no copy).
 *
 * @throws ShapeError when the sizes differ.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor("reshape", "x", x);
  const inferred = shape.filter((d) => d === -1).length;
  const bad = shape.find((d) => !Number.isInteger(d) || d < -1);
  if (inferred > 1 || bad !== undefined) {
    throw new ShapeError("reshape", { x: x.shape }, `the target ${formatShape(shape)} is not a valid shape`, "Use non-negative integers, with at most one -1 for an inferred axis.", "invalid_shape");
  }
  const known = shape.reduce((n, d) => (d === -1 ? n : n * d), 1);
  const target = shape.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
  if (sizeOf(target) !== x.size || target.some((d) => !Number.isInteger(d))) {
    throw new ShapeError(
      "reshape",
      { x: x.shape, target: shape },
      `cannot reshape ${formatShape(x.shape)} (${x.size} values) to ${formatShape(shape)}` +
        (inferred ? ` (the known axes hold ${known} values, which does not divide ${x.size})` : ` (${sizeOf(target)} values)`),
      "The new shape must hold the same number of values.",
    );
  }
  if (shapesEqual(target, x.shape)) {
    return x;
  }
  x.assertAlive("reshape");
  const y = new Tensor(x.storage, target, x.dtype, x.size);
  if (isFloat(x.dtype)) {
    record("reshape", [x], y, {});
  }
  return y;
}

defineGradient("reshape", (dy, { inputs }) => [reshape(dy, inputs[0]!.shape)]);

/** Inserts an axis of size 1 at `axis`. */
export function expandDims(x: Tensor, axis = 0): Tensor {
  assertTensor("expandDims", "x", x);
  const resolved = normalizeAxis("expandDims", axis, x.rank + 1, x.shape);
  const shape = [...x.shape];
  shape.splice(resolved, 0, 1);
  return reshape(x, shape);
}

/** Removes axes of size 1 (all of them, or those listed). */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  assertTensor("squeeze", "x", x);
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : (typeof axis === "number" ? [axis] : axis).map((a) => normalizeAxis("squeeze", a, x.rank, x.shape));
  const wrong = axes.filter((a) => x.shape[a] !== 1);
  if (wrong.length > 0) {
    throw new ShapeError("squeeze", { x: x.shape }, `axis ${wrong[0]} of ${formatShape(x.shape)} has size ${x.shape[wrong[0]!]}, not 1`, "Squeeze only axes of size 1.");
  }
  return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

/** Repeats x along broadcast axes to reach `shape` (a copy). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor("broadcastTo", "x", x);
  assertValidShape("broadcastTo", shape);
  const target = broadcastShapes("broadcastTo", x.shape, shape, ["x", "shape"]);
  if (!shapesEqual(target, shape)) {
    throw new ShapeError("broadcastTo", { x: x.shape, shape }, `${formatShape(x.shape)} cannot broadcast to ${formatShape(shape)}`, "Each axis of x must be 1 or equal the target's.");
  }
  if (shapesEqual(x.shape, shape)) {
    return x;
  }
  // The Binary kernel's output is the broadcast of its inputs, so the second
  // operand carries the target shape.
  const base = full(shape, 0, x.dtype);
  const [y] = runKernel("Binary", [x, base], [{ shape, dtype: x.dtype }], { op: x.dtype === "bool" ? "logicalOr" : "add" });
  if (isFloat(x.dtype)) {
    record("broadcastTo", [x], y!, {});
  }
  return y!;
}

defineGradient("broadcastTo", (dy, { inputs }) => [sumToShape(dy, inputs[0]!.shape)]);

/** Reorders axes: y.shape[i] = x.shape[perm[i]]; reverses them by default. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  assertTensor("transpose", "x", x);
  const order = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const sorted = [...order].sort((a, b) => a - b);
  if (order.length !== x.rank || sorted.some((a, i) => a !== i)) {
    throw new ShapeError("transpose", { x: x.shape }, `perm ${JSON.stringify(order)} is not a permutation of the ${x.rank} axes of ${formatShape(x.shape)}`, `List each axis 0..${x.rank - 1} once.`, "invalid_axis");
  }
  if (order.every((a, i) => a === i)) {
    return x;
  }
  const shape = order.map((a) => x.shape[a]!);
  const [y] = runKernel("Transpose", [x], [{ shape, dtype: x.dtype }], { perm: order });
  if (isFloat(x.dtype)) {
    record("transpose", [x], y!, { perm: order });
  }
  return y!;
}

defineGradient<{ perm: number[] }>("transpose", (dy, { attrs }) => {
  const inverse = new Array<number>(attrs.perm.length);
  attrs.perm.forEach((a, i) => (inverse[a] = i));
  return [transpose(dy, inverse)];
});

/**
 * A box of x starting at `begin` with `size` (-1 means to the end of the axis).
 *
 * @throws ShapeError when the box leaves the tensor.
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  assertTensor("slice", "x", x);
  if (begin.length > x.rank || (size && size.length !== begin.length)) {
    throw new ShapeError("slice", { x: x.shape }, `begin ${JSON.stringify(begin)} and size ${JSON.stringify(size)} must have one entry per axis of ${formatShape(x.shape)} (at most ${x.rank})`, "Pass begin and size of the same length.");
  }
  const starts = x.shape.map((_, i) => begin[i] ?? 0);
  const sizes = x.shape.map((d, i) => {
    const s = size?.[i] ?? -1;
    return s === -1 ? d - starts[i]! : s;
  });
  const problems: string[] = [];
  starts.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 0 || b + sizes[i]! > x.shape[i]! || sizes[i]! < 0) {
      problems.push(`axis ${i}: begin ${b} + size ${sizes[i]} exceeds ${x.shape[i]}`);
    }
  });
  if (problems.length > 0) {
    throw new ShapeError("slice", { x: x.shape }, problems, "Keep begin + size within each axis.");
  }
  if (shapesEqual(sizes, x.shape)) {
    return x;
  }
  const strides = x.shape.map(() => 1);
  const [y] = runKernel("Slice", [x], [{ shape: sizes, dtype: x.dtype }], { begin: starts, strides });
  if (isFloat(x.dtype)) {
    record("slice", [x], y!, { begin: starts });
  }
  return y!;
}

defineGradient<{ begin: number[] }>("slice", (dy, { inputs, attrs }) => {
  const x = inputs[0]!;
  const paddings = x.shape.map((d, i) => [attrs.begin[i]!, d - attrs.begin[i]! - dy.shape[i]!] as [number, number]);
  return [pad(dy, paddings)];
});

/** Joins tensors along an existing axis. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) {
    throw new ValueError("concat", "no tensors were given", "Pass at least one tensor.");
  }
  xs.forEach((x, i) => assertTensor("concat", `xs[${i}]`, x));
  const first = xs[0]!;
  const resolved = normalizeAxis("concat", axis, first.rank, first.shape);
  const problems: string[] = [];
  xs.forEach((x, i) => {
    if (x.dtype !== first.dtype) {
      throw new DTypeError("concat", `xs[${i}] is ${x.dtype} but xs[0] is ${first.dtype}`, "Cast them to one dtype.");
    }
    const same = x.rank === first.rank && x.shape.every((d, j) => j === resolved || d === first.shape[j]);
    if (!same) {
      problems.push(`xs[${i}] is ${formatShape(x.shape)} but xs[0] is ${formatShape(first.shape)}`);
    }
  });
  if (problems.length > 0) {
    throw new ShapeError("concat", Object.fromEntries(xs.map((x, i) => [`xs[${i}]`, x.shape])), [...problems, `all axes except axis ${resolved} must match`], "Reshape the inputs so only the concatenation axis differs.");
  }
  if (xs.length === 1) {
    return first;
  }
  const shape = [...first.shape];
  shape[resolved] = xs.reduce((n, x) => n + x.shape[resolved]!, 0);
  const [y] = runKernel("Concat", xs, [{ shape, dtype: first.dtype }], { axis: resolved });
  if (isFloat(first.dtype)) {
    record("concat", xs, y!, { axis: resolved });
  }
  return y!;
}

defineGradient<{ axis: number }>("concat", (dy, { inputs, attrs }) =>
  split(dy, inputs.map((x) => x.shape[attrs.axis]!), attrs.axis),
);

/** Splits x along an axis into equal parts (a count) or parts of the given sizes. */
export function split(x: Tensor, sizesOrCount: number | readonly number[], axis = 0): Tensor[] {
  assertTensor("split", "x", x);
  const resolved = normalizeAxis("split", axis, x.rank, x.shape);
  const length = x.shape[resolved]!;
  let sizes: number[];
  if (typeof sizesOrCount === "number") {
    if (!Number.isInteger(sizesOrCount) || sizesOrCount <= 0 || length % sizesOrCount !== 0) {
      throw new ShapeError("split", { x: x.shape }, `axis ${resolved} has ${length} entries, which cannot split into ${sizesOrCount} equal parts`, "Pass a count that divides the axis, or a list of sizes.");
    }
    sizes = new Array<number>(sizesOrCount).fill(length / sizesOrCount);
  } else {
    sizes = [...sizesOrCount];
    const total = sizes.reduce((n, s) => n + s, 0);
    if (total !== length || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ShapeError("split", { x: x.shape }, `sizes ${JSON.stringify(sizes)} add up to ${total}, but axis ${resolved} has ${length}`, "Make the sizes add up to the axis length.");
    }
  }
  if (sizes.length === 1) {
    return [x];
  }
  const strides = x.shape.map(() => 1);
  const parts: Tensor[] = [];
  let offset = 0;
  for (const s of sizes) {
    const begin = x.shape.map((_, i) => (i === resolved ? offset : 0));
    const size = x.shape.map((d, i) => (i === resolved ? s : d));
    parts.push(runKernel("Slice", [x], [{ shape: size, dtype: x.dtype }], { begin, strides })[0]!);
    offset += s;
  }
  // One node for all parts: the backward pass joins their gradients once
  // (an RNN splits its input projection into one part per time step).
  if (isFloat(x.dtype)) {
    recordMany("split", [x], parts, { axis: resolved });
  }
  return parts;
}

defineMultiGradient<{ axis: number }>("split", (dys, { outputs, attrs }) => {
  const pieces = dys.map((dy, i) => dy ?? zeros(outputs[i]!.shape, outputs[i]!.dtype));
  return [concat(pieces, attrs.axis)];
});

/** Joins tensors of one shape along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) {
    throw new ValueError("stack", "no tensors were given", "Pass at least one tensor.");
  }
  xs.forEach((x, i) => assertTensor("stack", `xs[${i}]`, x));
  const first = xs[0]!;
  const mismatch = xs.findIndex((x) => !shapesEqual(x.shape, first.shape));
  if (mismatch >= 0) {
    throw new ShapeError("stack", { first: first.shape, other: xs[mismatch]!.shape }, `xs[${mismatch}] is ${formatShape(xs[mismatch]!.shape)} but xs[0] is ${formatShape(first.shape)}; stacked tensors must have one shape`, "Reshape or pad them to one shape.");
  }
  const resolved = normalizeAxis("stack", axis, first.rank + 1, first.shape);
  return concat(xs.map((x) => expandDims(x, resolved)), resolved);
}

/** The inverse of stack: slices along an axis and drops it. */
export function unstack(x: Tensor, axis = 0): Tensor[] {
  assertTensor("unstack", "x", x);
  const resolved = normalizeAxis("unstack", axis, x.rank, x.shape);
  return split(x, x.shape[resolved]!, resolved).map((part) => squeeze(part, resolved));
}

/** Converts to another dtype (floats to int32 truncate toward zero; to bool: x != 0). */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertTensor("cast", "x", x);
  if (x.dtype === dtype) {
    return x;
  }
  const [y] = runKernel("Cast", [x], [{ shape: x.shape, dtype }], {});
  if (isFloat(x.dtype) && isFloat(dtype)) {
    record("cast", [x], y!, {});
  }
  return y!;
}

defineGradient("cast", (dy, { inputs }) => [cast(dy, inputs[0]!.dtype)]);

/**
 * Takes slices of x along an axis at integer indices. Every index is checked:
 * out of range (including negative) is an error naming the position.
 */
export function gather(x: Tensor, indices: Tensor | readonly number[], axis = 0): Tensor {
  assertTensor("gather", "x", x);
  const resolved = normalizeAxis("gather", axis, x.rank, x.shape);
  const index = checkIndices("gather", indices, x.shape[resolved]!, `axis ${resolved} of x ${formatShape(x.shape)}`);
  const shape = [...x.shape.slice(0, resolved), ...index.shape, ...x.shape.slice(resolved + 1)];
  const [y] = runKernel("Gather", [x, index], [{ shape, dtype: x.dtype }], { axis: resolved });
  if (isFloat(x.dtype)) {
    record("gather", [x, index], y!, { axis: resolved });
  }
  return y!;
}

defineGradient<{ axis: number }>("gather", (dy, { inputs, attrs }) => {
  const [x, index] = inputs as [Tensor, Tensor];
  const [dx] = runKernel("ScatterAdd", [dy, index], [{ shape: x.shape, dtype: x.dtype }], { axis: attrs.axis });
  return [dx!, null];
});

/**
 * Validates class or row indices: integer-valued, in [0, limit). Integer-valued
 * floats (1.0) are accepted; 1.5, -1 and NaN are not.
 */
export function checkIndices(op: string, indices: Tensor | readonly number[], limit: number, what: string): Tensor {
  if (!Array.isArray(indices)) {
    assertTensor(op, "indices", indices);
  }
  // Scanned in place: a training step checks its batch's row indices twice.
  const values: ArrayLike<number> = Array.isArray(indices) ? (indices as readonly number[]) : (indices as Tensor).data();
  const shape = Array.isArray(indices) ? [indices.length] : (indices as Tensor).shape;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= limit) {
      throw new ValueError(
        op,
        `index ${Number.isNaN(v) ? "NaN" : v} at position ${i} is not valid for ${what}; indices must be integers in [0, ${limit})`,
        "Check the labels or indices: they must be whole numbers counted from 0.",
      );
    }
  }
  if (!Array.isArray(indices) && (indices as Tensor).dtype === "int32") {
    return indices as Tensor;
  }
  return makeIndexTensor(values, shape);
}

function makeIndexTensor(values: ArrayLike<number>, shape: readonly number[]): Tensor {
  return tensor(Int32Array.from(values), shape);
}

/** One-hot rows: [...indices.shape, depth], 1 at each index (indices checked like gather). */
export function oneHot(indices: Tensor | readonly number[], depth: number, dtype: DType = "float32"): Tensor {
  if (!Number.isInteger(depth) || depth <= 0) {
    throw new ValueError(
      "oneHot",
      `depth is ${describeValue(depth)}; expected a positive integer`,
      "Pass the number of classes, a positive integer.",
    );
  }
  const index = checkIndices("oneHot", indices, depth, `depth ${depth}`);
  const classes = tensor(Int32Array.from({ length: depth }, (_, i) => i), [depth]);
  const expanded = reshape(index, [...index.shape, 1]);
  return cast(equal(expanded, classes), dtype);
}

/** Pads each axis with `paddings[i] = [before, after]` copies of `value`. */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  assertTensor("pad", "x", x);
  if (paddings.length !== x.rank || paddings.some(([b, a]) => !Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0)) {
    throw new ShapeError("pad", { x: x.shape }, `paddings ${JSON.stringify(paddings)} must list one [before, after] pair of non-negative integers per axis of ${formatShape(x.shape)}`, "Pass one pair per axis.");
  }
  if (paddings.every(([b, a]) => b === 0 && a === 0)) {
    return x;
  }
  const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const [y] = runKernel("Pad", [x], [{ shape, dtype: x.dtype }], { paddings, value });
  if (isFloat(x.dtype)) {
    record("pad", [x], y!, { paddings });
  }
  return y!;
}

defineGradient<{ paddings: [number, number][] }>("pad", (dy, { inputs, attrs }) => [
  slice(dy, attrs.paddings.map(([b]) => b), inputs[0]!.shape),
]);

/** Repeats x `reps[i]` times along each axis. */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  assertTensor("tile", "x", x);
  if (reps.length !== x.rank || reps.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new ShapeError("tile", { x: x.shape }, `reps ${JSON.stringify(reps)} must list one non-negative integer per axis of ${formatShape(x.shape)}`, "Pass one repeat count per axis.");
  }
  // Tile as a broadcast: [d0, d1] -> [1, d0, 1, d1] broadcast to [r0, d0, r1, d1].
  const interleaved = x.shape.flatMap((d) => [1, d]);
  const target = x.shape.flatMap((d, i) => [reps[i]!, d]);
  const y = reshape(broadcastTo(reshape(x, interleaved), target), x.shape.map((d, i) => d * reps[i]!));
  return y;
}
