import { type BinaryOp, COMPARISON_OPS, type DType, type UnaryOp } from "@myelin/backend";
import { runKernel } from "../engine.js";
import { assertTensor } from "../create.js";
import { DTypeError, ValueError } from "../errors.js";
import { broadcastShapes, shapesEqual } from "../shape.js";
import { defineGradient, record } from "../tape.js";
import type { Tensor } from "../tensor.js";
import { sumToShape } from "./reduce.js";
import { asTensors, isFloat, type Operand, requireFloat, requireSameDType } from "./util.js";

type InputKind = "float" | "numeric" | "bool";

const UNARY_INPUT: Record<UnaryOp, InputKind> = {
  neg: "numeric",
  abs: "numeric",
  sign: "numeric",
  square: "numeric",
  relu: "numeric",
  step: "numeric",
  exp: "float",
  expm1: "float",
  log: "float",
  log1p: "float",
  sqrt: "float",
  rsqrt: "float",
  reciprocal: "float",
  sin: "float",
  cos: "float",
  tanh: "float",
  sigmoid: "float",
  floor: "float",
  ceil: "float",
  round: "float",
  erf: "float",
  softplus: "float",
  isNaN: "float",
  isFinite: "float",
  logicalNot: "bool",
};

function unary(op: UnaryOp, x: Tensor): Tensor {
  assertTensor(op, "x", x);
  const kind = UNARY_INPUT[op];
  if (kind === "float") {
    requireFloat(op, x);
  } else if (kind === "bool" && x.dtype !== "bool") {
    throw new DTypeError(op, `x is ${x.dtype}, but ${op} needs a bool tensor`, "Compare first, e.g. greater(x, 0).");
  } else if (kind === "numeric" && x.dtype === "bool") {
    throw new DTypeError(op, "x is bool, but this op needs numbers", 'Cast it first: cast(x, "float32").');
  }
  const dtype: DType = op === "isNaN" || op === "isFinite" || op === "logicalNot" ? "bool" : x.dtype;
  const [y] = runKernel("Unary", [x], [{ shape: x.shape, dtype }], { op });
  if (isFloat(dtype)) {
    record(op, [x], y!, {});
  }
  return y!;
}

/** -x */
export const neg = (x: Tensor): Tensor => unary("neg", x);
/** |x| (its gradient at 0 is 0). */
export const abs = (x: Tensor): Tensor => unary("abs", x);
/** -1, 0 or 1 by the sign of x. */
export const sign = (x: Tensor): Tensor => unary("sign", x);
export const exp = (x: Tensor): Tensor => unary("exp", x);
/** exp(x) - 1, accurate near 0. */
export const expm1 = (x: Tensor): Tensor => unary("expm1", x);
export const log = (x: Tensor): Tensor => unary("log", x);
/** log(1 + x), accurate near 0. */
export const log1p = (x: Tensor): Tensor => unary("log1p", x);
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
/** 1 / sqrt(x) */
export const rsqrt = (x: Tensor): Tensor => unary("rsqrt", x);
export const square = (x: Tensor): Tensor => unary("square", x);
/** 1 / x */
export const reciprocal = (x: Tensor): Tensor => unary("reciprocal", x);
export const sin = (x: Tensor): Tensor => unary("sin", x);
export const cos = (x: Tensor): Tensor => unary("cos", x);
export const tanh = (x: Tensor): Tensor => unary("tanh", x);
/** 1 / (1 + exp(-x)), computed without overflow. */
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);
/** max(x, 0); its gradient at 0 is 0. */
export const relu = (x: Tensor): Tensor => unary("relu", x);
/** 1 where x > 0, else 0 (the derivative of relu). */
export const step = (x: Tensor): Tensor => unary("step", x);
export const floor = (x: Tensor): Tensor => unary("floor", x);
export const ceil = (x: Tensor): Tensor => unary("ceil", x);
/** Rounds half to even, like NumPy. */
export const round = (x: Tensor): Tensor => unary("round", x);
/** The Gauss error function. */
export const erf = (x: Tensor): Tensor => unary("erf", x);
/** log(1 + exp(x)), computed without overflow. */
export const softplus = (x: Tensor): Tensor => unary("softplus", x);
export const isNaN = (x: Tensor): Tensor => unary("isNaN", x);
export const isFinite = (x: Tensor): Tensor => unary("isFinite", x);
export const logicalNot = (x: Tensor): Tensor => unary("logicalNot", x);

const zeroGrad = (dy: Tensor): Tensor => mul(dy, 0);

defineGradient("neg", (dy) => [neg(dy)]);
defineGradient("abs", (dy, { inputs }) => [mul(dy, sign(inputs[0]!))]);
defineGradient("sign", (dy) => [zeroGrad(dy)]);
defineGradient("exp", (dy, { output }) => [mul(dy, output)]);
defineGradient("expm1", (dy, { output }) => [mul(dy, add(output, 1))]);
defineGradient("log", (dy, { inputs }) => [div(dy, inputs[0]!)]);
defineGradient("log1p", (dy, { inputs }) => [div(dy, add(inputs[0]!, 1))]);
// At sqrt(0) the slope is infinite; returning 0 there keeps norms of zero
// vectors from poisoning training with NaN (0 * Infinity).
defineGradient("sqrt", (dy, { output }) => {
  const slope = div(dy, mul(output, 2));
  return [where(equal(output, 0), mul(dy, 0), slope)];
});
defineGradient("rsqrt", (dy, { output }) => [mul(dy, mul(pow(output, 3), -0.5))]);
defineGradient("square", (dy, { inputs }) => [mul(dy, mul(inputs[0]!, 2))]);
defineGradient("reciprocal", (dy, { output }) => [neg(mul(dy, square(output)))]);
defineGradient("sin", (dy, { inputs }) => [mul(dy, cos(inputs[0]!))]);
defineGradient("cos", (dy, { inputs }) => [neg(mul(dy, sin(inputs[0]!)))]);
defineGradient("tanh", (dy, { output }) => [mul(dy, sub(1, square(output)))]);
defineGradient("sigmoid", (dy, { output }) => [mul(dy, mul(output, sub(1, output)))]);
defineGradient("relu", (dy, { inputs }) => [mul(dy, step(inputs[0]!))]);
defineGradient("step", (dy) => [zeroGrad(dy)]);
defineGradient("floor", (dy) => [zeroGrad(dy)]);
defineGradient("ceil", (dy) => [zeroGrad(dy)]);
defineGradient("round", (dy) => [zeroGrad(dy)]);
defineGradient("erf", (dy, { inputs }) => {
  const x = inputs[0]!;
  return [mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI)))];
});
defineGradient("softplus", (dy, { inputs }) => [mul(dy, sigmoid(inputs[0]!))]);

function binaryDType(op: BinaryOp, a: Tensor, b: Tensor): DType {
  requireSameDType(op, a, b);
  if (op === "logicalAnd" || op === "logicalOr") {
    if (a.dtype !== "bool") {
      throw new DTypeError(op, `operands are ${a.dtype}, but ${op} needs bool tensors`, "Compare first, e.g. greater(x, 0).");
    }
    return "bool";
  }
  if (COMPARISON_OPS.has(op)) {
    return "bool";
  }
  if (a.dtype === "bool") {
    throw new DTypeError(op, "operands are bool, but this op needs numbers", 'Cast them first: cast(x, "float32").');
  }
  if ((op === "div" || op === "atan2") && !isFloat(a.dtype)) {
    throw new DTypeError(op, `operands are ${a.dtype}; ${op} needs floats`, 'Use floorDiv for integers, or cast to "float32".');
  }
  return a.dtype;
}

function binary(op: BinaryOp, a: Operand, b: Operand): Tensor {
  const [ta, tb] = asTensors(op, a, b);
  const dtype = binaryDType(op, ta, tb);
  const shape = shapesEqual(ta.shape, tb.shape) ? ta.shape : broadcastShapes(op, ta.shape, tb.shape);
  const [y] = runKernel("Binary", [ta, tb], [{ shape, dtype }], { op });
  if (isFloat(dtype)) {
    record(op, [ta, tb], y!, {});
  }
  return y!;
}

/** a + b, broadcast. */
export const add = (a: Operand, b: Operand): Tensor => binary("add", a, b);
/** a - b, broadcast. */
export const sub = (a: Operand, b: Operand): Tensor => binary("sub", a, b);
/** a * b elementwise, broadcast. */
export const mul = (a: Operand, b: Operand): Tensor => binary("mul", a, b);
/** a / b, broadcast (floats only; use floorDiv for integers). */
export const div = (a: Operand, b: Operand): Tensor => binary("div", a, b);
/** a ** b, broadcast. */
export const pow = (a: Operand, b: Operand): Tensor => binary("pow", a, b);
/** Elementwise max; at a tie the gradient goes to a. */
export const maximum = (a: Operand, b: Operand): Tensor => binary("maximum", a, b);
/** Elementwise min; at a tie the gradient goes to a. */
export const minimum = (a: Operand, b: Operand): Tensor => binary("minimum", a, b);
/** (a - b)^2 */
export const squaredDifference = (a: Operand, b: Operand): Tensor => binary("squaredDifference", a, b);
/** floor(a / b) */
export const floorDiv = (a: Operand, b: Operand): Tensor => binary("floorDiv", a, b);
/** a - floor(a / b) * b: the result has the sign of b, like NumPy. */
export const mod = (a: Operand, b: Operand): Tensor => binary("mod", a, b);
export const atan2 = (a: Operand, b: Operand): Tensor => binary("atan2", a, b);
export const equal = (a: Operand, b: Operand): Tensor => binary("equal", a, b);
export const notEqual = (a: Operand, b: Operand): Tensor => binary("notEqual", a, b);
export const less = (a: Operand, b: Operand): Tensor => binary("less", a, b);
export const lessEqual = (a: Operand, b: Operand): Tensor => binary("lessEqual", a, b);
export const greater = (a: Operand, b: Operand): Tensor => binary("greater", a, b);
export const greaterEqual = (a: Operand, b: Operand): Tensor => binary("greaterEqual", a, b);
export const logicalAnd = (a: Operand, b: Operand): Tensor => binary("logicalAnd", a, b);
export const logicalOr = (a: Operand, b: Operand): Tensor => binary("logicalOr", a, b);

/**
 * Sends each broadcast gradient back to its operand's shape. The gradients are
 * thunks so that an operand the tape does not track (a data batch, a constant)
 * costs nothing.
 */
function back(
  { inputs, needsGrad }: { inputs: readonly Tensor[]; needsGrad: readonly boolean[] },
  da: (() => Tensor) | null,
  db: (() => Tensor) | null,
): (Tensor | null)[] {
  return [
    da === null || !needsGrad[0] ? null : sumToShape(da(), inputs[0]!.shape),
    db === null || !needsGrad[1] ? null : sumToShape(db(), inputs[1]!.shape),
  ];
}

defineGradient("add", (dy, context) => back(context, () => dy, () => dy));
defineGradient("sub", (dy, context) => back(context, () => dy, () => neg(dy)));
defineGradient("mul", (dy, context) => {
  const [a, b] = context.inputs as [Tensor, Tensor];
  return back(context, () => mul(dy, b), () => mul(dy, a));
});
defineGradient("div", (dy, context) => {
  const [a, b] = context.inputs as [Tensor, Tensor];
  return back(context, () => div(dy, b), () => neg(div(mul(dy, a), square(b))));
});
defineGradient("pow", (dy, context) => {
  const [a, b] = context.inputs as [Tensor, Tensor];
  const da = () => mul(dy, mul(b, pow(a, sub(b, 1))));
  // d/db a^b = a^b log a, defined for a > 0 only; elsewhere 0.
  const db = () => {
    const positive = greater(a, 0);
    const logA = log(where(positive, a, 1));
    return mul(dy, where(positive, mul(context.output, logA), 0));
  };
  return back(context, da, db);
});
defineGradient("maximum", (dy, context) => {
  const takeA = greaterEqual(context.inputs[0]!, context.inputs[1]!);
  return back(context, () => where(takeA, dy, 0), () => where(takeA, 0, dy));
});
defineGradient("minimum", (dy, context) => {
  const takeA = lessEqual(context.inputs[0]!, context.inputs[1]!);
  return back(context, () => where(takeA, dy, 0), () => where(takeA, 0, dy));
});
defineGradient("squaredDifference", (dy, context) => {
  const twice = mul(sub(context.inputs[0]!, context.inputs[1]!), mul(dy, 2));
  return back(context, () => twice, () => neg(twice));
});
defineGradient("floorDiv", (dy, context) => back(context, () => mul(dy, 0), () => mul(dy, 0)));
defineGradient("mod", (dy, context) => {
  const [a, b] = context.inputs as [Tensor, Tensor];
  return back(context, () => dy, () => neg(mul(dy, floor(div(a, b)))));
});
defineGradient("atan2", (dy, context) => {
  const [a, b] = context.inputs as [Tensor, Tensor];
  const denominator = add(square(a), square(b));
  return back(context, () => div(mul(dy, b), denominator), () => neg(div(mul(dy, a), denominator)));
});

/**
 * Picks from a where `condition` is true and from b elsewhere; all three broadcast.
 *
 * @example
 * where(greater(x, 0), x, 0) // relu
 */
export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  assertTensor("where", "condition", condition);
  if (condition.dtype !== "bool") {
    throw new DTypeError("where", `condition is ${condition.dtype}, but it must be bool`, "Build it with a comparison, e.g. greater(x, 0).");
  }
  const [ta, tb] = asTensors("where", a, b);
  requireSameDType("where", ta, tb);
  const ab = broadcastShapes("where", ta.shape, tb.shape);
  const shape = broadcastShapes("where", condition.shape, ab, ["condition", "a and b"]);
  const [y] = runKernel("Where", [condition, ta, tb], [{ shape, dtype: ta.dtype }], {});
  if (isFloat(ta.dtype)) {
    record("where", [condition, ta, tb], y!, {});
  }
  return y!;
}

defineGradient("where", (dy, { inputs }) => {
  const [condition, a, b] = inputs as [Tensor, Tensor, Tensor];
  return [
    null,
    sumToShape(where(condition, dy, 0), a.shape),
    sumToShape(where(condition, 0, dy), b.shape),
  ];
});

/** Limits values to [min, max]; the gradient passes where min <= x <= max. */
export function clip(x: Tensor, min: number, max: number): Tensor {
  assertTensor("clip", "x", x);
  if (!(min <= max)) {
    throw new ValueError("clip", `min (${min}) is greater than max (${max})`, "Swap them.");
  }
  return minimum(maximum(x, min), max);
}
