// The error function after W. J. Cody, "Rational Chebyshev approximations for
// the error function" (Math. Comp. 23, 1969): three rational approximations,
// each accurate to about 1e-16 relative in double precision. Float64 gradient
// checks of gelu-like activations need this; the 1e-7 polynomial found in
// handbooks is not enough there.

const SMALL_P = [
  3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694,
  0.18577770618460315,
] as const;
const SMALL_Q = [
  23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171,
] as const;

const MID_P = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001,
  881.952221241769, 1712.0476126340707, 2051.0783778260716, 1230.3393547979972,
  2.1531153547440383e-8,
] as const;
const MID_Q = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903,
  3290.7992357334597, 4362.619090143247, 3439.3676741437216, 1230.3393548037495,
] as const;

const LARGE_P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  0.0006587491615298378, 0.016315387137302097,
] as const;
const LARGE_Q = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132,
  0.0023352049762686918,
] as const;

const INV_SQRT_PI = 0.5641895835477563;

/** erfc(y) for y > 0.5, using exp(-y^2) split so the square is exact. */
function erfcPositive(y: number): number {
  let ratio: number;
  if (y <= 4) {
    let num = MID_P[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + MID_P[i]!) * y;
      den = (den + MID_Q[i]!) * y;
    }
    ratio = (num + MID_P[7]) / (den + MID_Q[7]);
  } else {
    if (y >= 27) {
      return 0;
    }
    const z = 1 / (y * y);
    let num = LARGE_P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + LARGE_P[i]!) * z;
      den = (den + LARGE_Q[i]!) * z;
    }
    ratio = (z * (num + LARGE_P[4])) / (den + LARGE_Q[4]);
    ratio = (INV_SQRT_PI - ratio) / y;
  }
  // exp(-y^2) = exp(-r^2) exp(-(y - r)(y + r)) with r = y rounded to 1/16,
  // so no rounding error of y^2 is magnified by the exponential.
  const r = Math.trunc(y * 16) / 16;
  const d = (y - r) * (y + r);
  return Math.exp(-r * r) * Math.exp(-d) * ratio;
}

/** The error function, accurate to a few ulp over the whole real line. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.5) {
    const z = x * x;
    const num = (((SMALL_P[4] * z + SMALL_P[0]) * z + SMALL_P[1]) * z + SMALL_P[2]) * z;
    const den = (((z + SMALL_Q[0]) * z + SMALL_Q[1]) * z + SMALL_Q[2]) * z;
    return (x * (num + SMALL_P[3])) / (den + SMALL_Q[3]);
  }
  if (y !== y) {
    return x;
  }
  const value = 1 - erfcPositive(y);
  return x < 0 ? -value : value;
}
