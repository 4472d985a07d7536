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

// @ts-ignore: decorator
@inline export function expS(x: f32): f32 {
  // Clamping keeps 2^n representable; the clamped ends still overflow to
  // infinity or underflow to zero, and NaN passes through.
  const xc = max<f32>(min<f32>(x, 89.0), -104.0);
  const n = nearest<f32>(xc * LOG2E);
  const r = xc - n * LN2_HI - n * LN2_LO;
  const z = r * r;
  let p = EXP_P0;
  p = p * r + EXP_P1;
  p = p * r + EXP_P2;
  p = p * r + EXP_P3;
  p = p * r + EXP_P4;
  p = p * r + EXP_P5;
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
  let y = LOG_P0;
  y = y * m + LOG_P1;
  y = y * m + LOG_P2;
  y = y * m + LOG_P3;
  y = y * m + LOG_P4;
  y = y * m + LOG_P5;
  y = y * m + LOG_P6;
  y = y * m + LOG_P7;
  y = y * m + LOG_P8;
  y = y * m * z;
  y += LN2_LO * fe;
  y -= 0.5 * z;
  return m + y + LN2_HI * fe;
}

// @ts-ignore: decorator
@inline export function expm1S(x: f32): f32 {
  if (abs<f32>(x) < 0.35) {
    // Taylor series to x^8: its remainder is below float32 precision here.
    let p: f32 = 1.0 / 40320.0;
    p = p * x + 1.0 / 5040.0;
    p = p * x + 1.0 / 720.0;
    p = p * x + 1.0 / 120.0;
    p = p * x + 1.0 / 24.0;
    p = p * x + 1.0 / 6.0;
    p = p * x + 0.5;
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
    let p = TANH_P0;
    p = p * z + TANH_P1;
    p = p * z + TANH_P2;
    p = p * z + TANH_P3;
    p = p * z + TANH_P4;
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
    let p = ERF_P0;
    p = p * z + ERF_P1;
    p = p * z + ERF_P2;
    p = p * z + ERF_P3;
    p = p * z + ERF_P4;
    p = p * z + ERF_P5;
    return x * p;
  }
  if (!(a < 4.0)) {
    // erfc(4) is below half an ulp of 1; NaN keeps its NaN.
    return a == a ? copysign<f32>(1.0, x) : x;
  }
  const u: f32 = 1.0 / a;
  let q = ERF_Q0;
  q = q * u + ERF_Q1;
  q = q * u + ERF_Q2;
  q = q * u + ERF_Q3;
  q = q * u + ERF_Q4;
  q = q * u + ERF_Q5;
  q = q * u + ERF_Q6;
  q = q * u + ERF_Q7;
  q = q * u + ERF_Q8;
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

// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, splat(89.0)), splat(-104.0));
  const n = f32x4.nearest(f32x4.mul(xc, splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  const z = f32x4.mul(r, r);
  let p = splat(EXP_P0);
  p = madd(p, r, splat(EXP_P1));
  p = madd(p, r, splat(EXP_P2));
  p = madd(p, r, splat(EXP_P3));
  p = madd(p, r, splat(EXP_P4));
  p = madd(p, r, splat(EXP_P5));
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
  let y = splat(LOG_P0);
  y = madd(y, m, splat(LOG_P1));
  y = madd(y, m, splat(LOG_P2));
  y = madd(y, m, splat(LOG_P3));
  y = madd(y, m, splat(LOG_P4));
  y = madd(y, m, splat(LOG_P5));
  y = madd(y, m, splat(LOG_P6));
  y = madd(y, m, splat(LOG_P7));
  y = madd(y, m, splat(LOG_P8));
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
  let p = splat(1.0 / 40320.0);
  p = madd(p, x, splat(1.0 / 5040.0));
  p = madd(p, x, splat(1.0 / 720.0));
  p = madd(p, x, splat(1.0 / 120.0));
  p = madd(p, x, splat(1.0 / 24.0));
  p = madd(p, x, splat(1.0 / 6.0));
  p = madd(p, x, splat(0.5));
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
  let p = splat(TANH_P0);
  p = madd(p, z, splat(TANH_P1));
  p = madd(p, z, splat(TANH_P2));
  p = madd(p, z, splat(TANH_P3));
  p = madd(p, z, splat(TANH_P4));
  const near = madd(f32x4.mul(p, z), x, x);
  const e = expV(f32x4.add(a, a));
  const t = f32x4.sub(splat(1.0), f32x4.div(splat(2.0), f32x4.add(e, splat(1.0))));
  const sign = v128.and(x, i32x4.splat(0x80000000));
  const far = v128.or(t, sign);
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
  let p = splat(ERF_P0);
  p = madd(p, z, splat(ERF_P1));
  p = madd(p, z, splat(ERF_P2));
  p = madd(p, z, splat(ERF_P3));
  p = madd(p, z, splat(ERF_P4));
  p = madd(p, z, splat(ERF_P5));
  const near = f32x4.mul(x, p);

  const ac = f32x4.min(a, splat(4.0));
  const u = f32x4.div(splat(1.0), ac);
  let q = splat(ERF_Q0);
  q = madd(q, u, splat(ERF_Q1));
  q = madd(q, u, splat(ERF_Q2));
  q = madd(q, u, splat(ERF_Q3));
  q = madd(q, u, splat(ERF_Q4));
  q = madd(q, u, splat(ERF_Q5));
  q = madd(q, u, splat(ERF_Q6));
  q = madd(q, u, splat(ERF_Q7));
  q = madd(q, u, splat(ERF_Q8));
  let r = f32x4.sub(splat(1.0), f32x4.mul(expV(f32x4.neg(f32x4.mul(ac, ac))), q));
  r = v128.bitselect(splat(1.0), r, f32x4.ge(a, splat(4.0)));
  const sign = v128.and(x, i32x4.splat(0x80000000));
  const far = v128.or(r, sign);
  const picked = v128.bitselect(near, far, f32x4.lt(a, splat(1.0)));
  // NaN lanes fail both comparisons above; give them back their NaN.
  return v128.bitselect(picked, x, f32x4.eq(x, x));
}

// @ts-ignore: decorator
@inline export function softplusV(x: v128): v128 {
  const t = log1pV(expV(f32x4.neg(f32x4.abs(x))));
  return f32x4.add(f32x4.max(x, splat(0.0)), t);
}
