// Float32 elementary functions, each in a scalar and a four-lane form that
// share one algorithm, so SIMD bodies and their scalar tails agree bit for bit.

const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const SQRT_HALF: f32 = 0.707106781;

// Polynomial for e^r on [-ln2/2, ln2/2] (Cephes expf).
const EXP_P0: f32 = 1.9875691500e-4;
const EXP_P1: f32 = 1.3981999507e-3;
const EXP_P2: f32 = 8.3334519073e-3;
const EXP_P3: f32 = 4.1665795894e-2;
const EXP_P4: f32 = 1.6666665459e-1;
const EXP_P5: f32 = 5.0000001201e-1;

// Polynomial for log(1 + x) on [sqrt(1/2) - 1, sqrt(2) - 1] (Cephes logf).
const LOG_P0: f32 = 7.0376836292e-2;
const LOG_P1: f32 = -1.1514610310e-1;
const LOG_P2: f32 = 1.1676998740e-1;
const LOG_P3: f32 = -1.2420140846e-1;
const LOG_P4: f32 = 1.4249322787e-1;
const LOG_P5: f32 = -1.6668057665e-1;
const LOG_P6: f32 = 2.0000714765e-1;
const LOG_P7: f32 = -2.4999993993e-1;
const LOG_P8: f32 = 3.3333331174e-1;

// Taylor coefficients of (e^x - 1 - x) / x^2 to x^6, highest first.
const EXPM1_C0: f32 = 1.0 / 40320.0;
const EXPM1_C1: f32 = 1.0 / 5040.0;
const EXPM1_C2: f32 = 1.0 / 720.0;
const EXPM1_C3: f32 = 1.0 / 120.0;
const EXPM1_C4: f32 = 1.0 / 24.0;
const EXPM1_C5: f32 = 1.0 / 6.0;
const EXPM1_C6: f32 = 0.5;

// Odd polynomial for tanh on |x| < 0.625 (Cephes tanhf).
const TANH_P0: f32 = -5.70498872745e-3;
const TANH_P1: f32 = 2.06390887954e-2;
const TANH_P2: f32 = -5.37397155531e-2;
const TANH_P3: f32 = 1.33314422036e-1;
const TANH_P4: f32 = -3.33332819422e-1;

// Least-squares fits: erf(x) = x P(x^2) on |x| < 1 (max relative error 2e-7),
// and erf(x) = 1 - exp(-x^2) Q(1/x) on 1 <= x < 4 (max absolute error 7e-8).
const ERF_P0: f32 = -0.0005696655716747046;
const ERF_P1: f32 = 0.004934506956487894;
const ERF_P2: f32 = -0.0267269816249609;
const ERF_P3: f32 = 0.11280788481235504;
const ERF_P4: f32 = -0.37612414360046387;
const ERF_P5: f32 = 1.1283791065216064;
const ERF_Q0: f32 = -0.00886930339038372;
const ERF_Q1: f32 = 0.02565707080066204;
const ERF_Q2: f32 = 0.02991912141442299;
const ERF_Q3: f32 = -0.24921603500843048;
const ERF_Q4: f32 = 0.5022039413452148;
const ERF_Q5: f32 = -0.47395461797714233;
const ERF_Q6: f32 = 0.042608775198459625;
const ERF_Q7: f32 = 0.5589596629142761;
const ERF_Q8: f32 = 0.0002749496197793633;

// ---------------------------------------------------------------- scalar

// Horner's rule with c0 the leading coefficient: one multiply and one add
// per step, in order, so each call rounds exactly like the chain spelled out.

// @ts-ignore: decorator
@inline function poly4S(x: f32, c0: f32, c1: f32, c2: f32, c3: f32, c4: f32): f32 {
  return (((c0 * x + c1) * x + c2) * x + c3) * x + c4;
}

// @ts-ignore: decorator
@inline function poly5S(x: f32, c0: f32, c1: f32, c2: f32, c3: f32, c4: f32, c5: f32): f32 {
  return poly4S(x, c0, c1, c2, c3, c4) * x + c5;
}

// @ts-ignore: decorator
@inline function poly8S(
  x: f32,
  c0: f32,
  c1: f32,
  c2: f32,
  c3: f32,
  c4: f32,
  c5: f32,
  c6: f32,
  c7: f32,
  c8: f32,
): f32 {
  return ((poly5S(x, c0, c1, c2, c3, c4, c5) * x + c6) * x + c7) * x + c8;
}

// @ts-ignore: decorator
@inline export function expS(x: f32): f32 {
  // Clamping keeps 2^n representable; the clamped ends still overflow to
  // infinity or underflow to zero, and NaN passes through.
  const xc = max<f32>(min<f32>(x, 89.0), -104.0);
  const n = nearest<f32>(xc * LOG2E);
  const r = xc - n * LN2_HI - n * LN2_LO;
  const z = r * r;
  let p = poly5S(r, EXP_P0, EXP_P1, EXP_P2, EXP_P3, EXP_P4, EXP_P5);
  p = p * z + r + 1.0;

  // Two half-size scalings so that results near overflow and in the
  // subnormal range come out right.
  const ni = <i32>n;
  const n1 = ni >> 1;
  const n2 = ni - n1;
  const s1 = reinterpret<f32>((n1 + 127) << 23);
  const s2 = reinterpret<f32>((n2 + 127) << 23);
  return p * s1 * s2;
}

// @ts-ignore: decorator
@inline export function logS(x0: f32): f32 {
  if (!(x0 > 0)) {
    return x0 == 0 ? -Infinity : NaN;
  }
  if (x0 == Infinity) {
    return x0;
  }
  let x = x0;
  let e: i32 = 0;
  if (x < 1.17549435e-38) {
    x *= 8388608.0;
    e = -23;
  }
  const bits = reinterpret<i32>(x);
  e += (bits >> 23) - 126;
  let m = reinterpret<f32>((bits & 0x007fffff) | 0x3f000000);
  if (m < SQRT_HALF) {
    e -= 1;
    m = m + m - 1.0;
  } else {
    m = m - 1.0;
  }
  const fe = <f32>e;
  const z = m * m;
  let y = poly8S(m, LOG_P0, LOG_P1, LOG_P2, LOG_P3, LOG_P4, LOG_P5, LOG_P6, LOG_P7, LOG_P8);
  y = y * m * z;
  y += LN2_LO * fe;
  y -= 0.5 * z;
  return m + y + LN2_HI * fe;
}

// @ts-ignore: decorator
@inline export function expm1S(x: f32): f32 {
  if (abs<f32>(x) < 0.35) {
    // Taylor series to x^8: its remainder is below float32 precision here.
    const p = poly5S(x, EXPM1_C0, EXPM1_C1, EXPM1_C2, EXPM1_C3, EXPM1_C4, EXPM1_C5) * x + EXPM1_C6;
    return x + x * x * p;
  }
  return expS(x) - 1.0;
}

// @ts-ignore: decorator
@inline export function log1pS(x: f32): f32 {
  const u = x + 1.0;
  if (u == 1.0) {
    return x;
  }
  if (u == Infinity) {
    return u;
  }
  // log(u) * x / (u - 1) cancels the rounding error of 1 + x.
  return logS(u) * (x / (u - 1.0));
}

// @ts-ignore: decorator
@inline export function tanhS(x: f32): f32 {
  const a = abs<f32>(x);
  if (a < 0.625) {
    const z = x * x;
    const p = poly4S(z, TANH_P0, TANH_P1, TANH_P2, TANH_P3, TANH_P4);
    return p * z * x + x;
  }
  const t: f32 = 1.0 - 2.0 / (expS(a + a) + 1.0);
  return copysign<f32>(t, x);
}

// @ts-ignore: decorator
@inline export function sigmoidS(x: f32): f32 {
  return 1.0 / (1.0 + expS(-x));
}

// @ts-ignore: decorator
@inline export function erfS(x: f32): f32 {
  const a = abs<f32>(x);
  if (a < 1.0) {
    const z = x * x;
    return x * poly5S(z, ERF_P0, ERF_P1, ERF_P2, ERF_P3, ERF_P4, ERF_P5);
  }
  if (!(a < 4.0)) {
    // erfc(4) is below half an ulp of 1; NaN keeps its NaN.
    return a == a ? copysign<f32>(1.0, x) : x;
  }
  const u: f32 = 1.0 / a;
  const q = poly8S(u, ERF_Q0, ERF_Q1, ERF_Q2, ERF_Q3, ERF_Q4, ERF_Q5, ERF_Q6, ERF_Q7, ERF_Q8);
  const r: f32 = 1.0 - expS(-(a * a)) * q;
  return copysign<f32>(r, x);
}

// @ts-ignore: decorator
@inline export function softplusS(x: f32): f32 {
  // max(x, 0) + log1p(exp(-|x|)) never overflows.
  return max<f32>(x, 0.0) + log1pS(expS(-abs<f32>(x)));
}

// ---------------------------------------------------------------- vector

// @ts-ignore: decorator
@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(f32x4.mul(a, b), c);
}

// The four-lane forms of poly4S, poly5S and poly8S, in the same order.

// @ts-ignore: decorator
@inline function poly4V(x: v128, c0: f32, c1: f32, c2: f32, c3: f32, c4: f32): v128 {
  const p = madd(madd(madd(splat(c0), x, splat(c1)), x, splat(c2)), x, splat(c3));
  return madd(p, x, splat(c4));
}

// @ts-ignore: decorator
@inline function poly5V(x: v128, c0: f32, c1: f32, c2: f32, c3: f32, c4: f32, c5: f32): v128 {
  return madd(poly4V(x, c0, c1, c2, c3, c4), x, splat(c5));
}

// @ts-ignore: decorator
@inline function poly8V(
  x: v128,
  c0: f32,
  c1: f32,
  c2: f32,
  c3: f32,
  c4: f32,
  c5: f32,
  c6: f32,
  c7: f32,
  c8: f32,
): v128 {
  const p = madd(poly5V(x, c0, c1, c2, c3, c4, c5), x, splat(c6));
  return madd(madd(p, x, splat(c7)), x, splat(c8));
}

/** `magnitude`, whose sign bits must be clear, given the signs of `sign`, lane by lane. */
// @ts-ignore: decorator
@inline function withSignOf(magnitude: v128, sign: v128): v128 {
  return v128.or(magnitude, v128.and(sign, i32x4.splat(0x80000000)));
}

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, splat(89.0)), splat(-104.0));
  const n = f32x4.nearest(f32x4.mul(xc, splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  const z = f32x4.mul(r, r);
  let p = poly5V(r, EXP_P0, EXP_P1, EXP_P2, EXP_P3, EXP_P4, EXP_P5);
  p = f32x4.add(f32x4.add(f32x4.mul(p, z), r), splat(1.0));

  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

// @ts-ignore: decorator
@inline export function logV(x0: v128): v128 {
  const tiny = f32x4.lt(x0, splat(1.17549435e-38));
  const x = v128.bitselect(f32x4.mul(x0, splat(8388608.0)), x0, tiny);
  const bits = x;
  let e = i32x4.sub(i32x4.shr_s(bits, 23), i32x4.splat(126));
  e = i32x4.add(e, v128.and(tiny, i32x4.splat(-23)));
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const small = f32x4.lt(m, splat(SQRT_HALF));
  // small lanes are -1 (all ones), so adding the mask subtracts one.
  e = i32x4.add(e, small);
  m = f32x4.sub(f32x4.add(m, v128.and(m, small)), splat(1.0));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let y = poly8V(m, LOG_P0, LOG_P1, LOG_P2, LOG_P3, LOG_P4, LOG_P5, LOG_P6, LOG_P7, LOG_P8);
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = madd(splat(LN2_LO), fe, y);
  y = f32x4.sub(y, f32x4.mul(splat(0.5), z));
  let r = f32x4.add(f32x4.add(m, y), f32x4.mul(splat(LN2_HI), fe));

  // Special values: log(0) = -inf, log(inf) = inf, log(x < 0) = NaN.
  r = v128.bitselect(splat(-Infinity), r, f32x4.eq(x0, splat(0.0)));
  r = v128.bitselect(x0, r, f32x4.eq(x0, splat(Infinity)));
  r = v128.bitselect(splat(NaN), r, v128.not(f32x4.ge(x0, splat(0.0))));
  return r;
}

// @ts-ignore: decorator
@inline export function expm1V(x: v128): v128 {
  const p5 = poly5V(x, EXPM1_C0, EXPM1_C1, EXPM1_C2, EXPM1_C3, EXPM1_C4, EXPM1_C5);
  const p = madd(p5, x, splat(EXPM1_C6));
  const near = f32x4.add(x, f32x4.mul(f32x4.mul(x, x), p));
  const far = f32x4.sub(expV(x), splat(1.0));
  return v128.bitselect(near, far, f32x4.lt(f32x4.abs(x), splat(0.35)));
}

// @ts-ignore: decorator
@inline export function log1pV(x: v128): v128 {
  const u = f32x4.add(x, splat(1.0));
  const d = f32x4.sub(u, splat(1.0));
  let r = f32x4.mul(logV(u), f32x4.div(x, d));
  r = v128.bitselect(x, r, f32x4.eq(u, splat(1.0)));
  r = v128.bitselect(u, r, f32x4.eq(u, splat(Infinity)));
  return r;
}

// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  const p = poly4V(z, TANH_P0, TANH_P1, TANH_P2, TANH_P3, TANH_P4);
  const near = madd(f32x4.mul(p, z), x, x);
  const e = expV(f32x4.add(a, a));
  const t = f32x4.sub(splat(1.0), f32x4.div(splat(2.0), f32x4.add(e, splat(1.0))));
  const far = withSignOf(t, x);
  return v128.bitselect(near, far, f32x4.lt(a, splat(0.625)));
}

// @ts-ignore: decorator
@inline export function sigmoidV(x: v128): v128 {
  const e = expV(f32x4.neg(x));
  return f32x4.div(splat(1.0), f32x4.add(splat(1.0), e));
}

// @ts-ignore: decorator
@inline export function erfV(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  const near = f32x4.mul(x, poly5V(z, ERF_P0, ERF_P1, ERF_P2, ERF_P3, ERF_P4, ERF_P5));

  const ac = f32x4.min(a, splat(4.0));
  const u = f32x4.div(splat(1.0), ac);
  const q = poly8V(u, ERF_Q0, ERF_Q1, ERF_Q2, ERF_Q3, ERF_Q4, ERF_Q5, ERF_Q6, ERF_Q7, ERF_Q8);
  let r = f32x4.sub(splat(1.0), f32x4.mul(expV(f32x4.neg(f32x4.mul(ac, ac))), q));
  r = v128.bitselect(splat(1.0), r, f32x4.ge(a, splat(4.0)));
  const far = withSignOf(r, x);
  const picked = v128.bitselect(near, far, f32x4.lt(a, splat(1.0)));
  // NaN lanes fail both comparisons above; give them back their NaN.
  return v128.bitselect(picked, x, f32x4.eq(x, x));
}

// @ts-ignore: decorator
@inline export function softplusV(x: v128): v128 {
  const t = log1pV(expV(f32x4.neg(f32x4.abs(x))));
  return f32x4.add(f32x4.max(x, splat(0.0)), t);
}
