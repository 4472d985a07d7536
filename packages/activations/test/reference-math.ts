/**
 * Float64 reference formulas written from the definitions, independent of
 * Myelin's ops, for checking values.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x): its Taylor series below |x| = 2, erfc's continued fraction above (error < 1e-13). */
export function erf(x: number): number {
  if (Number.isNaN(x)) {
    return NaN;
  }
  const a = Math.abs(x);
  if (a < 2) {
    let term = x;
    let total = x;
    for (let n = 1; n < 60; n++) {
      term *= (-x * x) / n;
      total += term / (2 * n + 1);
    }
    return TWO_OVER_SQRT_PI * total;
  }
  if (a > 9) {
    return Math.sign(x);
  }
  // erfc(a) = exp(-a^2) / sqrt(pi) / (a + (1/2) / (a + 1 / (a + (3/2) / (a + ...)))).
  let tail = a;
  for (let n = 400; n >= 1; n--) {
    tail = a + n / 2 / tail;
  }
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / tail;
  return Math.sign(x) * (1 - erfc);
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number): number =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));

/** One float64 formula per elementwise activation. */
export const REFERENCE: Readonly<Record<string, (x: number) => number>> = {
  linear: (x) => x,
  sigmoid,
  hardSigmoid: (x) => Math.min(Math.max(x / 6 + 0.5, 0), 1),
  tanh: Math.tanh,
  relu: (x) => (x > 0 ? x : 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  leakyRelu: (x) => (x < 0 ? 0.3 * x : x),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  swish: (x) => x * sigmoid(x),
  mish: (x) => x * Math.tanh(softplus(x)),
};
