/**
 * Checks that two lists of numbers agree element by element:
 * |actual - expected| <= atol + rtol * |expected|. Two NaNs agree, and an
 * infinite expected value needs the same infinity: the tolerance, infinite
 * too, would otherwise accept anything but NaN.
 *
 * @param actual - Values under test.
 * @param expected - Reference values.
 * @param atol - Absolute tolerance (default 1e-6).
 * @param rtol - Tolerance relative to |expected| (default 1e-6).
 * @param label - Prefix of the failure message, naming what is compared.
 * @throws Error when the lengths differ, or naming the first element that
 *   is out of tolerance with both values and both tolerances.
 * @example
 * ```ts
 * expectClose(y.data(), [0.5, 0.25], 1e-7, 0, "sigmoid");
 * ```
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-6,
  rtol = 1e-6,
  label = "",
): void {
  const where = label === "" ? "" : `${label}: `;
  if (actual.length !== expected.length) {
    throw new Error(`${where}${actual.length} values, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const bothNaN = Number.isNaN(a) && Number.isNaN(e);
    const within = Number.isFinite(e) && Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (a !== e && !bothNaN && !within) {
      throw new Error(`${where}element ${i} is ${a}, expected ${e} (atol ${atol}, rtol ${rtol})`);
    }
  }
}
