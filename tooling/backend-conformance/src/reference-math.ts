// Scalar references, written for clarity rather than speed.

/**
 * erf(x) = 2/sqrt(pi) exp(-x^2) sum_n (2x^2)^n x / (1 * 3 * ... * (2n + 1)).
 * Every term is positive, so the sum has no cancellation and is accurate to
 * a few ulp; beyond |x| = 6, erf is 1 to double precision.
 */
export function referenceErf(x: number): number {
  if (Number.isNaN(x)) {
    return x;
  }
  if (Math.abs(x) >= 6) {
    return Math.sign(x);
  }
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 400; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
      break;
    }
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** Rounds to the nearest integer, halves to the even neighbour. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction < 0.5) {
    return floor;
  }
  if (fraction > 0.5) {
    return floor + 1;
  }
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Wraps an exact integer to int32, as two's-complement hardware does. */
export function wrapInt32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** Int32 division rounding toward negative infinity, wrapped (-2^31 / -1 overflows). */
export function floorDivInt(a: number, b: number): number {
  return wrapInt32(BigInt(Math.floor(a / b)));
}

/** The remainder with the divisor's sign: a - floor(a / b) * b. */
export function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}
