import type { ReduceOp } from "@myelin/backend";
import { assertTensor } from "../create.js";
import { runKernel } from "../engine.js";
import { describeValue, DTypeError, ShapeError, formatShape, ValueError } from "../errors.js";
import { checkOptionKeys } from "../options.js";
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

/**
 * The second argument of a reduction: an options object, or the axis (or
 * axes) itself, as TF.js and Keras ops take it: `sum(x, 1, true)` is
 * `sum(x, { axis: 1, keepDims: true })`, and `null` means every axis.
 */
export type ReduceAxisOrOptions = number | readonly number[] | ReduceOptions | null;

const REDUCE_KEYS = ["axis", "keepDims"] as const;

/**
 * Reads either call form into options, naming the op when the arguments do
 * not fit one of them.
 */
function readReduceArgs(
  op: string,
  axisOrOptions: ReduceAxisOrOptions | undefined,
  keepDims: boolean | undefined,
): ReduceOptions {
  if (keepDims !== undefined && typeof keepDims !== "boolean") {
    throw new ValueError(
      op,
      `keepDims is ${describeValue(keepDims)}; expected true or false`,
      `Pass a boolean, e.g. ${op}(x, 1, true).`,
    );
  }
  if (axisOrOptions === undefined || axisOrOptions === null) {
    return { keepDims };
  }
  if (typeof axisOrOptions === "number" || Array.isArray(axisOrOptions)) {
    return { axis: axisOrOptions as number | readonly number[], keepDims };
  }
  if (typeof axisOrOptions !== "object") {
    throw new ValueError(
      op,
      `the second argument is ${describeValue(axisOrOptions)}; expected an axis, a list of ` +
        "axes or { axis, keepDims }",
      `Call ${op}(x, 1), ${op}(x, [0, 1], true) or ${op}(x, { axis: 1, keepDims: true }).`,
    );
  }
  checkOptionKeys(op, axisOrOptions, REDUCE_KEYS);
  const options = axisOrOptions as ReduceOptions;
  if (keepDims !== undefined) {
    throw new ValueError(
      op,
      "keepDims is given both as the third argument and with an options object",
      `Pass it once: ${op}(x, axis, keepDims) or ${op}(x, { axis, keepDims }).`,
    );
  }
  if (options.keepDims !== undefined && typeof options.keepDims !== "boolean") {
    throw new ValueError(
      op,
      `keepDims is ${describeValue(options.keepDims)}; expected true or false`,
      `Pass a boolean, e.g. ${op}(x, { axis: 1, keepDims: true }).`,
    );
  }
  return options;
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

/**
 * Sum over axes.
 *
 * @param axisOrOptions the axis or axes to reduce (all when omitted or null),
 *   or `{ axis, keepDims }`.
 * @param keepDims keep reduced axes with size 1 (only with a positional axis).
 * @throws ShapeError for an axis out of range; ValueError for arguments of neither form.
 * @example
 * sum(x, 1, true); // same as sum(x, { axis: 1, keepDims: true })
 */
export const sum = (x: Tensor, axisOrOptions?: ReduceAxisOrOptions, keepDims?: boolean): Tensor =>
  reduce("sum", "sum", x, readReduceArgs("sum", axisOrOptions, keepDims));

/**
 * Largest value over axes (NaN propagates).
 *
 * @param axisOrOptions the axis or axes to reduce (all when omitted or null),
 *   or `{ axis, keepDims }`.
 * @param keepDims keep reduced axes with size 1 (only with a positional axis).
 * @throws ShapeError for an axis out of range; ValueError for arguments of neither form.
 * @example
 * max(x, -1); // same as max(x, { axis: -1 })
 */
export const max = (x: Tensor, axisOrOptions?: ReduceAxisOrOptions, keepDims?: boolean): Tensor =>
  reduce("max", "max", x, readReduceArgs("max", axisOrOptions, keepDims));

/**
 * Smallest value over axes (NaN propagates).
 *
 * @param axisOrOptions the axis or axes to reduce (all when omitted or null),
 *   or `{ axis, keepDims }`.
 * @param keepDims keep reduced axes with size 1 (only with a positional axis).
 * @throws ShapeError for an axis out of range; ValueError for arguments of neither form.
 * @example
 * min(x, [0, 1]);
 */
export const min = (x: Tensor, axisOrOptions?: ReduceAxisOrOptions, keepDims?: boolean): Tensor =>
  reduce("min", "min", x, readReduceArgs("min", axisOrOptions, keepDims));

/**
 * Product over axes.
 *
 * @param axisOrOptions the axis or axes to reduce (all when omitted or null),
 *   or `{ axis, keepDims }`.
 * @param keepDims keep reduced axes with size 1 (only with a positional axis).
 * @throws ShapeError for an axis out of range; ValueError for arguments of neither form.
 * @example
 * prod(x, 0, true);
 */
export const prod = (x: Tensor, axisOrOptions?: ReduceAxisOrOptions, keepDims?: boolean): Tensor =>
  reduce("prod", "prod", x, readReduceArgs("prod", axisOrOptions, keepDims));

/**
 * True where any value over the axes is true.
 *
 * @param axisOrOptions the axis or axes to reduce (all when omitted or null),
 *   or `{ axis, keepDims }`.
 * @param keepDims keep reduced axes with size 1 (only with a positional axis).
 * @throws ShapeError for an axis out of range; ValueError for arguments of neither form.
 * @example
 * any(greater(x, 0), 1);
 */
export const any = (x: Tensor, axisOrOptions?: ReduceAxisOrOptions, keepDims?: boolean): Tensor =>
  reduce("any", "any", x, readReduceArgs("any", axisOrOptions, keepDims));

/**
 * True where every value over the axes is true.
 *
 * @param axisOrOptions the axis or axes to reduce (all when omitted or null),
 *   or `{ axis, keepDims }`.
 * @param keepDims keep reduced axes with size 1 (only with a positional axis).
 * @throws ShapeError for an axis out of range; ValueError for arguments of neither form.
 * @example
 * all(greater(x, 0), { axis: 1 });
 */
export const all = (x: Tensor, axisOrOptions?: ReduceAxisOrOptions, keepDims?: boolean): Tensor =>
  reduce("all", "all", x, readReduceArgs("all", axisOrOptions, keepDims));

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

/**
 * Mean over axes. Takes the same arguments as {@link sum}.
 *
 * @throws ShapeError when the axes hold no values.
 * @example
 * mean(x, 0); // same as mean(x, { axis: 0 })
 */
export function mean(x: Tensor, axisOrOptions?: ReduceAxisOrOptions, keepDims?: boolean): Tensor {
  const options = readReduceArgs("mean", axisOrOptions, keepDims);
  assertTensor("mean", "x", x);
  const axes = normalizeAxes("mean", options.axis, x.shape);
  const count = axes.reduce((n, axis) => n * x.shape[axis]!, 1);
  if (count === 0) {
    throw new ShapeError("mean", { x: x.shape }, `the mean over axes ${JSON.stringify(axes)} of ${formatShape(x.shape)} averages zero values`, "Check that the input is not empty.");
  }
  return div(sum(x, options), count);
}

/**
 * Population variance (divides by n) over axes. Takes the same arguments as {@link sum}.
 *
 * @example
 * variance(x, -1, true);
 */
export function variance(
  x: Tensor,
  axisOrOptions?: ReduceAxisOrOptions,
  keepDims?: boolean,
): Tensor {
  const options = readReduceArgs("variance", axisOrOptions, keepDims);
  assertTensor("variance", "x", x);
  const centered = sub(x, mean(x, { axis: options.axis, keepDims: true }));
  return mean(square(centered), options);
}

/**
 * log(sum(exp(x))) over axes, computed stably by factoring out the max, so
 * large logits neither overflow nor lose their small terms. Takes the same
 * arguments as {@link sum}.
 *
 * @example
 * logSumExp(logits, -1, true);
 */
export function logSumExp(
  x: Tensor,
  axisOrOptions?: ReduceAxisOrOptions,
  keepDimsArg?: boolean,
): Tensor {
  const options = readReduceArgs("logSumExp", axisOrOptions, keepDimsArg);
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
 * is 0 (a subgradient), never NaN. Takes the same arguments as {@link sum}.
 *
 * @example
 * norm(w, 0, true); // the norm of each column, [1, n]
 */
export function norm(
  x: Tensor,
  axisOrOptions?: ReduceAxisOrOptions,
  keepDimsArg?: boolean,
): Tensor {
  const options = readReduceArgs("norm", axisOrOptions, keepDimsArg);
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

function argReduce(
  op: "argmax" | "argmin",
  x: Tensor,
  axisOrOptions: number | { axis?: number },
): Tensor {
  assertTensor(op, "x", x);
  let axis = axisOrOptions as number;
  if (typeof axisOrOptions === "object" && axisOrOptions !== null) {
    checkOptionKeys(op, axisOrOptions, ["axis"]);
    axis = axisOrOptions.axis ?? -1;
  }
  const resolved = normalizeAxis(op, axis, x.rank, x.shape);
  if (x.shape[resolved] === 0) {
    throw new ShapeError(op, { x: x.shape }, `axis ${axis} of ${formatShape(x.shape)} is empty`, "Check that the input is not empty.");
  }
  const shape = x.shape.filter((_, i) => i !== resolved);
  const [y] = runKernel("ArgReduce", [x], [{ shape, dtype: "int32" }], { op, axis: resolved });
  return y!;
}

/**
 * Index (int32) of the largest value along an axis (default the last); ties
 * go to the first. The axis is positional, as in TF.js, or `{ axis }`.
 *
 * @example
 * argmax(logits); // same as argmax(logits, -1) and argmax(logits, { axis: -1 })
 */
export const argmax = (x: Tensor, axis: number | { axis?: number } = -1): Tensor =>
  argReduce("argmax", x, axis);
/**
 * Index (int32) of the smallest value along an axis (default the last); ties
 * go to the first. The axis is positional, as in TF.js, or `{ axis }`.
 *
 * @example
 * argmin(distances, 1);
 */
export const argmin = (x: Tensor, axis: number | { axis?: number } = -1): Tensor =>
  argReduce("argmin", x, axis);

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
