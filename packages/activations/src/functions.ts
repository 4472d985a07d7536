import {
  add,
  describeArgument,
  clip,
  div,
  erf,
  expm1,
  abs,
  lessEqual,
  less,
  logSoftmax as coreLogSoftmax,
  minimum,
  mul,
  relu as coreRelu,
  sigmoid as coreSigmoid,
  softmax as coreSoftmax,
  softplus as coreSoftplus,
  square,
  tanh as coreTanh,
  type Tensor,
  ValueError,
  where,
} from "@myelin/tensor-core";
import { nameActivation } from "./activation.js";

/** SELU's constants (Klambauer et al., 2017), to the precision float64 holds. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** sqrt(2 / pi), the slope of the tanh approximation of GELU. */
const GELU_TANH_SLOPE = Math.sqrt(2 / Math.PI);

/**
 * Beyond |x| = 10 the tanh in GELU's approximation is 1 to double precision,
 * so clamping its argument there changes no value and keeps x^3 from
 * overflowing (which would turn the gradient into 0 * Infinity = NaN).
 */
const GELU_TANH_CLAMP = 10;

function requireFinite(op: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const found = describeArgument(name, value, "a finite number");
    throw new ValueError(op, found, `Pass a finite number for ${name}.`);
  }
}

/**
 * The identity: returns x itself.
 *
 * @example
 * linear(tensor([-1, 2])); // [-1, 2]
 */
export const linear = nameActivation("linear", (x: Tensor): Tensor => x);

/**
 * The logistic function 1 / (1 + exp(-x)), without overflow for any x.
 *
 * @example
 * sigmoid(tensor([0])); // [0.5]
 */
export const sigmoid = nameActivation("sigmoid", (x: Tensor): Tensor => coreSigmoid(x));

/**
 * The hyperbolic tangent.
 *
 * @example
 * tanh(tensor([0])); // [0]
 */
export const tanh = nameActivation("tanh", (x: Tensor): Tensor => coreTanh(x));

/**
 * max(x, 0). Its gradient at 0 is 0.
 *
 * @example
 * relu(tensor([-1, 2])); // [0, 2]
 */
export const relu = nameActivation("relu", (x: Tensor): Tensor => coreRelu(x));

/**
 * min(max(x, 0), 6).
 *
 * @example
 * relu6(tensor([-1, 3, 8])); // [0, 3, 6]
 */
export const relu6 = nameActivation("relu6", (x: Tensor): Tensor => minimum(coreRelu(x), 6));

/**
 * Piecewise-linear sigmoid: 0 below -3, 1 above 3, x / 6 + 0.5 between
 * (the Keras 3 definition; TF.js and Keras 2 use slope 0.2 instead).
 *
 * @example
 * hardSigmoid(tensor([-4, 0, 1.5])); // [0, 0.5, 0.75]
 */
export const hardSigmoid = nameActivation(
  "hardSigmoid",
  (x: Tensor): Tensor => div(relu6(add(x, 3)), 6),
);

/**
 * x for x >= 0 and alpha * x below (alpha 0.3 by default, like the Keras
 * LeakyReLU layer).
 *
 * @throws ValueError when alpha is not a finite number.
 * @example
 * leakyRelu(tensor([-1, 2])); // [-0.3, 2]
 * leakyRelu(tensor([-1, 2]), 0.1); // [-0.1, 2]
 */
export const leakyRelu = nameActivation(
  "leakyRelu",
  (x: Tensor, alpha = 0.3): Tensor => {
    requireFinite("leakyRelu", "alpha", alpha);
    // The comparison picks x for NaN inputs, so NaN stays NaN.
    return where(less(x, 0), mul(x, alpha), x);
  },
  { alpha: 0.3 },
);

/**
 * The exponential linear unit: x for x > 0, alpha * (exp(x) - 1) otherwise
 * (alpha 1 by default).
 *
 * @throws ValueError when alpha is not a finite number.
 * @example
 * elu(tensor([-1, 2])); // [-0.632, 2]
 */
export const elu = nameActivation(
  "elu",
  (x: Tensor, alpha = 1): Tensor => {
    requireFinite("elu", "alpha", alpha);
    // expm1 sees min(x, 0) only: for large x, exp would overflow and its
    // gradient would be 0 * Infinity even where the other branch is taken.
    const negative = mul(expm1(minimum(x, 0)), alpha);
    return where(lessEqual(x, 0), negative, x);
  },
  { alpha: 1 },
);

/**
 * The scaled ELU, scale * elu(x, alpha) with the self-normalising constants
 * alpha ~ 1.6733 and scale ~ 1.0507.
 *
 * @example
 * selu(tensor([1])); // [1.0507]
 */
export const selu = nameActivation(
  "selu",
  (x: Tensor): Tensor => mul(elu(x, SELU_ALPHA), SELU_SCALE),
);

/**
 * The Gaussian error linear unit in its exact form, x * Phi(x) =
 * 0.5 x (1 + erf(x / sqrt 2)). Use {@link geluTanh} for the tanh approximation.
 *
 * @example
 * gelu(tensor([1])); // [0.8413]
 */
export const gelu = nameActivation("gelu", (x: Tensor): Tensor => {
  const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
  return mul(x, cdf);
});

/**
 * GELU's tanh approximation, 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
 * (Keras's `gelu(approximate=True)`, TF.js's `gelu_new`).
 *
 * @example
 * geluTanh(tensor([1])); // [0.8412]
 */
export const geluTanh = nameActivation("geluTanh", (x: Tensor): Tensor => {
  const bounded = clip(x, -GELU_TANH_CLAMP, GELU_TANH_CLAMP);
  const cubic = mul(mul(bounded, square(bounded)), 0.044715);
  const inner = mul(add(bounded, cubic), GELU_TANH_SLOPE);
  return mul(mul(x, 0.5), add(coreTanh(inner), 1));
});

/**
 * log(1 + exp(x)), computed without overflow or loss of small values.
 *
 * @example
 * softplus(tensor([0])); // [0.6931]
 */
export const softplus = nameActivation("softplus", (x: Tensor): Tensor => coreSoftplus(x));

/**
 * x / (1 + |x|).
 *
 * @example
 * softsign(tensor([1])); // [0.5]
 */
export const softsign = nameActivation("softsign", (x: Tensor): Tensor => div(x, add(abs(x), 1)));

/**
 * x * sigmoid(x), also called SiLU.
 *
 * @example
 * swish(tensor([1])); // [0.7311]
 */
export const swish = nameActivation("swish", (x: Tensor): Tensor => mul(x, coreSigmoid(x)));

/**
 * Alias of {@link swish}: x * sigmoid(x).
 *
 * @example
 * silu(tensor([1])); // [0.7311]
 */
export const silu = swish;

/**
 * x * tanh(softplus(x)) (Misra, 2019).
 *
 * @example
 * mish(tensor([1])); // [0.8651]
 */
export const mish = nameActivation(
  "mish",
  (x: Tensor): Tensor => mul(x, coreTanh(coreSoftplus(x))),
);

/**
 * Softmax along an axis (the last by default). It depends only on the
 * differences between the values, so it stays exact for huge logits.
 *
 * @throws ShapeError when the axis does not exist.
 * @example
 * softmax(tensor([[1, 1]])); // [[0.5, 0.5]]
 */
export const softmax = nameActivation(
  "softmax",
  (x: Tensor, axis = -1): Tensor => coreSoftmax(x, axis),
  { axis: -1 },
);

/**
 * log(softmax(x)) along an axis (the last by default), computed as
 * (x - max) - log(sum(exp(x - max))).
 *
 * @throws ShapeError when the axis does not exist.
 * @example
 * logSoftmax(tensor([[0, 0]])); // [[-0.6931, -0.6931]]
 */
export const logSoftmax = nameActivation(
  "logSoftmax",
  (x: Tensor, axis = -1): Tensor => coreLogSoftmax(x, axis),
  { axis: -1 },
);
