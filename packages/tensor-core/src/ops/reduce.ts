import type { ReduceOp } from "@myelin/backend";
import { assertTensor } from "../create.js";
import { runKernel } from "../engine.js";
import { DTypeError, ShapeError, formatShape } from "../errors.js";
import { normalizeAxes, normalizeAxis, shapesEqual, sizeOf } from "../shape.js";
import { defineGradient, noGrad, record } from "../tape.js";
import type { Tensor } from "../tensor.js";
import {
  add,
  div,
  equal,
  exp,
  isFinite as isFiniteTensor,
  log,
  mul,
  sqrt,
  square,
  sub,
  where,
} from "./elementwise.js";
import { broadcastTo, cast, reshape } from "./reshape.js";
import { isFloat } from "./util.js";

/** Options of every reduction. */
export interface ReduceOptions {
  /** Axes to reduce (negative count from the end); all axes when omitted. */
  axis?: number | readonly number[];
  /** Keep reduced axes with size 1, so the result broadcasts against the input. */
  keepDims?: boolean;
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!axes.includes(i)) {
      out.push(shape[i]!);
    } else if (keepDims) {
      out.push(1);
    }
  }
  return out;
}

function reduce(op: ReduceOp, name: string, x: Tensor, options: ReduceOptions): Tensor {
  assertTensor(name, "x", x);
  const axes = normalizeAxes(name, options.axis, x.shape);
  const keepDims = options.keepDims ?? false;
  const outShape = reducedShape(x.shape, axes, keepDims);
  if ((op === "any" || op === "all") && x.dtype !== "bool") {
    throw new DTypeError(name, `x is ${x.dtype}, but ${name} needs a bool tensor`, "Compare first, e.g. greater(x, 0).");
  }
  if ((op === "max" || op === "min") && x.size === 0 && axes.length > 0) {
    throw new ShapeError(name, { x: x.shape }, `cannot take the ${op} of an empty tensor ${formatShape(x.shape)}`, "Check that the input is not empty.");
  }
  const source = x.dtype === "bool" && (op === "sum" || op === "prod") ? castToInt(x) : x;
  if (axes.length === 0) {
    return reshape(source, outShape);
  }
  const [y] = runKernel(
    "Reduce",
    [source],
    [{ shape: reducedShape(x.shape, axes, false), dtype: source.dtype }],
    { op, axes },
  );
  const result = keepDims ? reshape(y!, outShape) : y!;
  if (isFloat(x.dtype)) {
    record(name, [x], result, { axes, keepDims });
  }
  return result;
}

function castToInt(x: Tensor): Tensor {
  const [y] = runKernel("Cast", [x], [{ shape: x.shape, dtype: "int32" }], {});
  return y!;
}

/** Sum over axes. */
export const sum = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce("sum", "sum", x, options);
/** Largest value over axes (NaN propagates). */
export const max = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce("max", "max", x, options);
/** Smallest value over axes (NaN propagates). */
export const min = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce("min", "min", x, options);
/** Product over axes. */
export const prod = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce("prod", "prod", x, options);
/** True where any value over the axes is true. */
export const any = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce("any", "any", x, options);
/** True where every value over the axes is true. */
export const all = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce("all", "all", x, options);

interface ReduceAttrs {
  axes: number[];
  keepDims: boolean;
}

/** Reshapes a reduced gradient so it broadcasts against the input again. */
function expandReduced(g: Tensor, inputShape: readonly number[], attrs: ReduceAttrs): Tensor {
  return reshape(g, reducedShape(inputShape, attrs.axes, true));
}

defineGradient<ReduceAttrs>("sum", (dy, { inputs, attrs }) => [
  broadcastTo(expandReduced(dy, inputs[0]!.shape, attrs), inputs[0]!.shape),
]);
defineGradient<ReduceAttrs>("prod", (dy, { inputs, output, attrs }) => {
  const x = inputs[0]!;
  const y = expandReduced(output, x.shape, attrs);
  return [mul(expandReduced(dy, x.shape, attrs), div(y, x))];
});
// At ties the gradient is shared equally, so it still sums to dy.
function extremeGradient(dy: Tensor, x: Tensor, output: Tensor, attrs: ReduceAttrs): Tensor[] {
  const y = expandReduced(output, x.shape, attrs);
  const mask = cast(equal(x, y), x.dtype);
  const count = sum(mask, { axis: attrs.axes, keepDims: true });
  return [mul(div(mask, count), expandReduced(dy, x.shape, attrs))];
}
defineGradient<ReduceAttrs>("max", (dy, { inputs, output, attrs }) => extremeGradient(dy, inputs[0]!, output, attrs));
defineGradient<ReduceAttrs>("min", (dy, { inputs, output, attrs }) => extremeGradient(dy, inputs[0]!, output, attrs));

/** Mean over axes. */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  assertTensor("mean", "x", x);
  const axes = normalizeAxes("mean", options.axis, x.shape);
  const count = axes.reduce((n, axis) => n * x.shape[axis]!, 1);
  if (count === 0) {
    throw new ShapeError("mean", { x: x.shape }, `the mean over axes ${JSON.stringify(axes)} of ${formatShape(x.shape)} averages zero values`, "Check that the input is not empty.");
  }
  return div(sum(x, options), count);
}

/** Population variance (divides by n) over axes. */
export function variance(x: Tensor, options: ReduceOptions = {}): Tensor {
  const centered = sub(x, mean(x, { axis: options.axis, keepDims: true }));
  return mean(square(centered), options);
}

/**
 * log(sum(exp(x))) over axes, computed stably by factoring out the max, so
 * large logits neither overflow nor lose their small terms.
 */
export function logSumExp(x: Tensor, options: ReduceOptions = {}): Tensor {
  assertTensor("logSumExp", "x", x);
  const axes = normalizeAxes("logSumExp", options.axis, x.shape);
  const keepDims = options.keepDims ?? false;
  const [y] = withoutTape(() => {
    const top = max(x, { axis: axes, keepDims: true });
    const safeTop = where(isFiniteTensor(top), top, 0);
    const total = sum(exp(sub(x, safeTop)), { axis: axes, keepDims: true });
    const value = add(log(total), safeTop);
    return [keepDims ? value : reshape(value, reducedShape(x.shape, axes, false))];
  });
  record("logSumExp", [x], y!, { axes, keepDims });
  return y!;
}

defineGradient<ReduceAttrs>("logSumExp", (dy, { inputs, output, attrs }) => {
  const x = inputs[0]!;
  const softmax = exp(sub(x, expandReduced(output, x.shape, attrs)));
  return [mul(softmax, expandReduced(dy, x.shape, attrs))];
});

/**
 * The Euclidean norm over axes. Its gradient is x / norm, and 0 where the norm
 * is 0 (a subgradient), never NaN.
 */
export function norm(x: Tensor, options: ReduceOptions = {}): Tensor {
  assertTensor("norm", "x", x);
  const axes = normalizeAxes("norm", options.axis, x.shape);
  const keepDims = options.keepDims ?? false;
  const [y] = withoutTape(() => [sqrt(sum(square(x), { axis: axes, keepDims }))]);
  record("norm", [x], y!, { axes, keepDims });
  return y!;
}

defineGradient<ReduceAttrs>("norm", (dy, { inputs, output, attrs }) => {
  const x = inputs[0]!;
  const n = expandReduced(output, x.shape, attrs);
  const safe = where(equal(n, 0), 1, n);
  return [mul(div(x, safe), expandReduced(dy, x.shape, attrs))];
});

function argReduce(op: "argmax" | "argmin", x: Tensor, axis: number): Tensor {
  assertTensor(op, "x", x);
  const resolved = normalizeAxis(op, axis, x.rank, x.shape);
  if (x.shape[resolved] === 0) {
    throw new ShapeError(op, { x: x.shape }, `axis ${axis} of ${formatShape(x.shape)} is empty`, "Check that the input is not empty.");
  }
  const shape = x.shape.filter((_, i) => i !== resolved);
  const [y] = runKernel("ArgReduce", [x], [{ shape, dtype: "int32" }], { op, axis: resolved });
  return y!;
}

/** Index (int32) of the largest value along an axis (default the last); ties go to the first. */
export const argmax = (x: Tensor, axis = -1): Tensor => argReduce("argmax", x, axis);
/** Index (int32) of the smallest value along an axis (default the last); ties go to the first. */
export const argmin = (x: Tensor, axis = -1): Tensor => argReduce("argmin", x, axis);

/**
 * Sums a broadcast gradient back to `shape`: over extra leading axes and over
 * axes where `shape` has 1.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) {
    return g;
  }
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) {
      axes.push(i);
    }
  }
  const summed = axes.length > 0 ? sum(g, { axis: axes, keepDims: true }) : g;
  return sizeOf(summed.shape) === sizeOf(shape) ? reshape(summed, shape) : summed;
}

function withoutTape<T>(fn: () => T): T {
  return noGrad(fn);
}
