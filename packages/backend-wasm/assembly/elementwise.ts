// Unary and binary elementwise kernels over float32.
//
// Each operation is a final class whose methods never read `this`; the loops
// take it as a type parameter and call it through changetype<O>(0), so every
// (loop, operation) pair compiles to its own monomorphic, inlined loop.

import {
  BINARY_ADD,
  BINARY_ATAN2,
  BINARY_DIV,
  BINARY_EQUAL,
  BINARY_FLOOR_DIV,
  BINARY_GREATER,
  BINARY_GREATER_EQUAL,
  BINARY_LESS,
  BINARY_LESS_EQUAL,
  BINARY_LOGICAL_AND,
  BINARY_LOGICAL_AND_FLOAT,
  BINARY_LOGICAL_OR,
  BINARY_LOGICAL_OR_FLOAT,
  BINARY_MAXIMUM,
  BINARY_MINIMUM,
  BINARY_MOD,
  BINARY_MUL,
  BINARY_NOT_EQUAL,
  BINARY_POW,
  BINARY_SQUARED_DIFFERENCE,
  BINARY_SUB,
  UNARY_ABS,
  UNARY_CEIL,
  UNARY_COS,
  UNARY_ERF,
  UNARY_EXP,
  UNARY_EXPM1,
  UNARY_FLOOR,
  UNARY_IS_FINITE,
  UNARY_IS_NAN,
  UNARY_LOG,
  UNARY_LOG1P,
  UNARY_LOGICAL_NOT,
  UNARY_LOGICAL_NOT_FLOAT,
  UNARY_NEG,
  UNARY_RECIPROCAL,
  UNARY_RELU,
  UNARY_ROUND,
  UNARY_RSQRT,
  UNARY_SIGMOID,
  UNARY_SIGN,
  UNARY_SIN,
  UNARY_SOFTPLUS,
  UNARY_SQRT,
  UNARY_SQUARE,
  UNARY_STEP,
  UNARY_TANH,
} from "./op-codes";
import {
  erfS,
  erfV,
  expm1S,
  expm1V,
  expS,
  expV,
  log1pS,
  log1pV,
  logS,
  logV,
  sigmoidS,
  sigmoidV,
  softplusS,
  softplusV,
  tanhS,
  tanhV,
} from "./math";
import { param } from "./params";

// ------------------------------------------------------------ unary ops

// @ts-ignore: decorator
@inline function one(): v128 {
  return f32x4.splat(1.0);
}

// @ts-ignore: decorator
@inline function zero(): v128 {
  return f32x4.splat(0.0);
}

@final class UNeg {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.neg(x); }
  @inline s(x: f32): f32 { return -x; }
}
@final class UAbs {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.abs(x); }
  @inline s(x: f32): f32 { return abs<f32>(x); }
}
@final class USign {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 {
    const pos = v128.and(f32x4.gt(x, zero()), one());
    const neg = v128.and(f32x4.lt(x, zero()), f32x4.splat(-1.0));
    const keep = v128.not(v128.or(f32x4.gt(x, zero()), f32x4.lt(x, zero())));
    return v128.or(v128.or(pos, neg), v128.and(keep, x));
  }
  @inline s(x: f32): f32 { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; }
}
@final class UExp {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return expV(x); }
  @inline s(x: f32): f32 { return expS(x); }
}
@final class UExpm1 {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return expm1V(x); }
  @inline s(x: f32): f32 { return expm1S(x); }
}
@final class ULog {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return logV(x); }
  @inline s(x: f32): f32 { return logS(x); }
}
@final class ULog1p {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return log1pV(x); }
  @inline s(x: f32): f32 { return log1pS(x); }
}
@final class USqrt {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.sqrt(x); }
  @inline s(x: f32): f32 { return sqrt<f32>(x); }
}
@final class URsqrt {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.div(one(), f32x4.sqrt(x)); }
  @inline s(x: f32): f32 { return 1.0 / sqrt<f32>(x); }
}
@final class USquare {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.mul(x, x); }
  @inline s(x: f32): f32 { return x * x; }
}
@final class UReciprocal {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.div(one(), x); }
  @inline s(x: f32): f32 { return 1.0 / x; }
}
@final class USin {
  @inline vec(): bool { return false; }
  @inline v(x: v128): v128 { return x; }
  @inline s(x: f32): f32 { return Mathf.sin(x); }
}
@final class UCos {
  @inline vec(): bool { return false; }
  @inline v(x: v128): v128 { return x; }
  @inline s(x: f32): f32 { return Mathf.cos(x); }
}
@final class UTanh {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return tanhV(x); }
  @inline s(x: f32): f32 { return tanhS(x); }
}
@final class USigmoid {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return sigmoidV(x); }
  @inline s(x: f32): f32 { return sigmoidS(x); }
}
@final class URelu {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.max(x, zero()); }
  @inline s(x: f32): f32 { return max<f32>(x, 0.0); }
}
@final class UStep {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return v128.and(f32x4.gt(x, zero()), one()); }
  @inline s(x: f32): f32 { return x > 0 ? 1.0 : 0.0; }
}
@final class UFloor {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.floor(x); }
  @inline s(x: f32): f32 { return floor<f32>(x); }
}
@final class UCeil {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.ceil(x); }
  @inline s(x: f32): f32 { return ceil<f32>(x); }
}
@final class URound {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return f32x4.nearest(x); }
  @inline s(x: f32): f32 { return nearest<f32>(x); }
}
@final class UErf {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return erfV(x); }
  @inline s(x: f32): f32 { return erfS(x); }
}
@final class USoftplus {
  @inline vec(): bool { return true; }
  @inline v(x: v128): v128 { return softplusV(x); }
  @inline s(x: f32): f32 { return softplusS(x); }
}

// @ts-ignore: decorator
@inline function unaryLoop<O>(x: usize, y: usize, n: i32): void {
  const op = changetype<O>(0);
  let i = 0;
  if (ASC_FEATURE_SIMD && op.vec()) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, op.v(v128.load(x + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, op.s(load<f32>(x + o)));
  }
}

/** y = op(x) over n elements: float32 to float32, or to bool for the predicates. */
export function unary(op: i32, x: usize, y: usize, n: i32): void {
  switch (op) {
    case UNARY_NEG: unaryLoop<UNeg>(x, y, n); break;
    case UNARY_ABS: unaryLoop<UAbs>(x, y, n); break;
    case UNARY_SIGN: unaryLoop<USign>(x, y, n); break;
    case UNARY_EXP: unaryLoop<UExp>(x, y, n); break;
    case UNARY_EXPM1: unaryLoop<UExpm1>(x, y, n); break;
    case UNARY_LOG: unaryLoop<ULog>(x, y, n); break;
    case UNARY_LOG1P: unaryLoop<ULog1p>(x, y, n); break;
    case UNARY_SQRT: unaryLoop<USqrt>(x, y, n); break;
    case UNARY_RSQRT: unaryLoop<URsqrt>(x, y, n); break;
    case UNARY_SQUARE: unaryLoop<USquare>(x, y, n); break;
    case UNARY_RECIPROCAL: unaryLoop<UReciprocal>(x, y, n); break;
    case UNARY_SIN: unaryLoop<USin>(x, y, n); break;
    case UNARY_COS: unaryLoop<UCos>(x, y, n); break;
    case UNARY_TANH: unaryLoop<UTanh>(x, y, n); break;
    case UNARY_SIGMOID: unaryLoop<USigmoid>(x, y, n); break;
    case UNARY_RELU: unaryLoop<URelu>(x, y, n); break;
    case UNARY_STEP: unaryLoop<UStep>(x, y, n); break;
    case UNARY_FLOOR: unaryLoop<UFloor>(x, y, n); break;
    case UNARY_CEIL: unaryLoop<UCeil>(x, y, n); break;
    case UNARY_ROUND: unaryLoop<URound>(x, y, n); break;
    case UNARY_ERF: unaryLoop<UErf>(x, y, n); break;
    case UNARY_SOFTPLUS: unaryLoop<USoftplus>(x, y, n); break;
    case UNARY_IS_NAN: {
      for (let i = 0; i < n; i++) {
        const v = load<f32>(x + (<usize>i << 2));
        store<u8>(y + <usize>i, v != v ? 1 : 0);
      }
      break;
    }
    case UNARY_IS_FINITE: {
      for (let i = 0; i < n; i++) {
        const v = load<f32>(x + (<usize>i << 2));
        store<u8>(y + <usize>i, v - v == 0 ? 1 : 0);
      }
      break;
    }
    case UNARY_LOGICAL_NOT_FLOAT: {
      for (let i = 0; i < n; i++) {
        store<u8>(y + <usize>i, load<f32>(x + (<usize>i << 2)) == 0 ? 1 : 0);
      }
      break;
    }
    case UNARY_LOGICAL_NOT: {
      // bool to bool.
      for (let i = 0; i < n; i++) {
        store<u8>(y + <usize>i, load<u8>(x + <usize>i) == 0 ? 1 : 0);
      }
      break;
    }
    default: unreachable();
  }
}

// ----------------------------------------------------------- binary ops

@final class BAdd {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); }
  @inline s(a: f32, b: f32): f32 { return a + b; }
}
@final class BSub {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
  @inline s(a: f32, b: f32): f32 { return a - b; }
}
@final class BMul {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
  @inline s(a: f32, b: f32): f32 { return a * b; }
}
@final class BDiv {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 { return f32x4.div(a, b); }
  @inline s(a: f32, b: f32): f32 { return a / b; }
}
@final class BPow {
  @inline vec(): bool { return false; }
  @inline v(a: v128, b: v128): v128 { return a; }
  @inline s(a: f32, b: f32): f32 { return Mathf.pow(a, b); }
}
@final class BMaximum {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 { return f32x4.max(a, b); }
  @inline s(a: f32, b: f32): f32 { return max<f32>(a, b); }
}
@final class BMinimum {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 { return f32x4.min(a, b); }
  @inline s(a: f32, b: f32): f32 { return min<f32>(a, b); }
}
@final class BSquaredDifference {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 {
    const d = f32x4.sub(a, b);
    return f32x4.mul(d, d);
  }
  @inline s(a: f32, b: f32): f32 {
    const d = a - b;
    return d * d;
  }
}
@final class BFloorDiv {
  @inline vec(): bool { return true; }
  @inline v(a: v128, b: v128): v128 { return f32x4.floor(f32x4.div(a, b)); }
  @inline s(a: f32, b: f32): f32 { return floor<f32>(a / b); }
}
@final class BMod {
  @inline vec(): bool { return false; }
  @inline v(a: v128, b: v128): v128 { return a; }
  @inline s(a: f32, b: f32): f32 {
    // The remainder takes the divisor's sign, as floorDiv rounds down.
    const r = a % b;
    return r != 0 && (r < 0) != (b < 0) ? r + b : r;
  }
}
@final class BAtan2 {
  @inline vec(): bool { return false; }
  @inline v(a: v128, b: v128): v128 { return a; }
  @inline s(a: f32, b: f32): f32 { return Mathf.atan2(a, b); }
}

// @ts-ignore: decorator
@inline function binaryLoop<O>(a: usize, b: usize, y: usize, n: i32, mode: i32): void {
  const op = changetype<O>(0);
  let i = 0;
  if (mode == 0) {
    if (ASC_FEATURE_SIMD && op.vec()) {
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(y + o, op.v(v128.load(a + o), v128.load(b + o)));
      }
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, op.s(load<f32>(a + o), load<f32>(b + o)));
    }
  } else if (mode == 1) {
    const as = load<f32>(a);
    if (ASC_FEATURE_SIMD && op.vec()) {
      const av = f32x4.splat(as);
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(y + o, op.v(av, v128.load(b + o)));
      }
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, op.s(as, load<f32>(b + o)));
    }
  } else {
    const bs = load<f32>(b);
    if (ASC_FEATURE_SIMD && op.vec()) {
      const bv = f32x4.splat(bs);
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(y + o, op.v(v128.load(a + o), bv));
      }
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, op.s(load<f32>(a + o), bs));
    }
  }
}

// Comparisons write bool (one byte per element).

@final class CEqual {
  @inline m(a: v128, b: v128): v128 { return f32x4.eq(a, b); }
  @inline s(a: f32, b: f32): bool { return a == b; }
}
@final class CNotEqual {
  @inline m(a: v128, b: v128): v128 { return f32x4.ne(a, b); }
  @inline s(a: f32, b: f32): bool { return a != b; }
}
@final class CLess {
  @inline m(a: v128, b: v128): v128 { return f32x4.lt(a, b); }
  @inline s(a: f32, b: f32): bool { return a < b; }
}
@final class CLessEqual {
  @inline m(a: v128, b: v128): v128 { return f32x4.le(a, b); }
  @inline s(a: f32, b: f32): bool { return a <= b; }
}
@final class CGreater {
  @inline m(a: v128, b: v128): v128 { return f32x4.gt(a, b); }
  @inline s(a: f32, b: f32): bool { return a > b; }
}
@final class CGreaterEqual {
  @inline m(a: v128, b: v128): v128 { return f32x4.ge(a, b); }
  @inline s(a: f32, b: f32): bool { return a >= b; }
}

/** Narrows four lane masks (16 comparisons) to bytes 0 or 1. */
// @ts-ignore: decorator
@inline function narrowMasks(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const lo = i16x8.narrow_i32x4_s(m0, m1);
  const hi = i16x8.narrow_i32x4_s(m2, m3);
  return v128.and(i8x16.narrow_i16x8_s(lo, hi), i8x16.splat(1));
}

// @ts-ignore: decorator
@inline function compareLoop<O>(a: usize, b: usize, y: usize, n: i32, mode: i32): void {
  const op = changetype<O>(0);
  // A scalar operand is read in place: a stride of 0 repeats it.
  const sa: usize = mode == 1 ? 0 : 4;
  const sb: usize = mode == 2 ? 0 : 4;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const ap = a + <usize>i * sa;
      const bp = b + <usize>i * sb;
      const a0 = mode == 1 ? v128.load32_splat(ap) : v128.load(ap);
      const a1 = mode == 1 ? a0 : v128.load(ap, 16);
      const a2 = mode == 1 ? a0 : v128.load(ap, 32);
      const a3 = mode == 1 ? a0 : v128.load(ap, 48);
      const b0 = mode == 2 ? v128.load32_splat(bp) : v128.load(bp);
      const b1 = mode == 2 ? b0 : v128.load(bp, 16);
      const b2 = mode == 2 ? b0 : v128.load(bp, 32);
      const b3 = mode == 2 ? b0 : v128.load(bp, 48);
      const bytes = narrowMasks(op.m(a0, b0), op.m(a1, b1), op.m(a2, b2), op.m(a3, b3));
      v128.store(y + <usize>i, bytes);
    }
  }
  for (; i < n; i++) {
    const va = load<f32>(a + <usize>i * sa);
    const vb = load<f32>(b + <usize>i * sb);
    store<u8>(y + <usize>i, op.s(va, vb) ? 1 : 0);
  }
}

/** Logical and/or of bool (T = u8) or float32 (T = f32) inputs, bool output. */
// @ts-ignore: decorator
@inline function logicalLoop<T>(
  a: usize,
  b: usize,
  y: usize,
  n: i32,
  mode: i32,
  isAnd: bool,
): void {
  const sa: usize = mode == 1 ? 0 : sizeof<T>();
  const sb: usize = mode == 2 ? 0 : sizeof<T>();
  for (let i = 0; i < n; i++) {
    const va = load<T>(a + <usize>i * sa) != 0;
    const vb = load<T>(b + <usize>i * sb) != 0;
    store<u8>(y + <usize>i, (isAnd ? va && vb : va || vb) ? 1 : 0);
  }
}

/**
 * One contiguous run of a binary op: mode 0 reads both inputs along the run,
 * mode 1 repeats a's first element, mode 2 repeats b's.
 */
function binaryRun(op: i32, a: usize, b: usize, y: usize, n: i32, mode: i32): void {
  switch (op) {
    case BINARY_ADD: binaryLoop<BAdd>(a, b, y, n, mode); break;
    case BINARY_SUB: binaryLoop<BSub>(a, b, y, n, mode); break;
    case BINARY_MUL: binaryLoop<BMul>(a, b, y, n, mode); break;
    case BINARY_DIV: binaryLoop<BDiv>(a, b, y, n, mode); break;
    case BINARY_POW: binaryLoop<BPow>(a, b, y, n, mode); break;
    case BINARY_MAXIMUM: binaryLoop<BMaximum>(a, b, y, n, mode); break;
    case BINARY_MINIMUM: binaryLoop<BMinimum>(a, b, y, n, mode); break;
    case BINARY_SQUARED_DIFFERENCE: binaryLoop<BSquaredDifference>(a, b, y, n, mode); break;
    case BINARY_FLOOR_DIV: binaryLoop<BFloorDiv>(a, b, y, n, mode); break;
    case BINARY_MOD: binaryLoop<BMod>(a, b, y, n, mode); break;
    case BINARY_ATAN2: binaryLoop<BAtan2>(a, b, y, n, mode); break;
    case BINARY_EQUAL: compareLoop<CEqual>(a, b, y, n, mode); break;
    case BINARY_NOT_EQUAL: compareLoop<CNotEqual>(a, b, y, n, mode); break;
    case BINARY_LESS: compareLoop<CLess>(a, b, y, n, mode); break;
    case BINARY_LESS_EQUAL: compareLoop<CLessEqual>(a, b, y, n, mode); break;
    case BINARY_GREATER: compareLoop<CGreater>(a, b, y, n, mode); break;
    case BINARY_GREATER_EQUAL: compareLoop<CGreaterEqual>(a, b, y, n, mode); break;
    case BINARY_LOGICAL_AND: logicalLoop<u8>(a, b, y, n, mode, true); break;
    case BINARY_LOGICAL_OR: logicalLoop<u8>(a, b, y, n, mode, false); break;
    case BINARY_LOGICAL_AND_FLOAT: logicalLoop<f32>(a, b, y, n, mode, true); break;
    case BINARY_LOGICAL_OR_FLOAT: logicalLoop<f32>(a, b, y, n, mode, false); break;
    default: unreachable();
  }
}

/** Copies the first element of a run (1 or 4 bytes each) over the rest of it. */
function replicate(y: usize, bytes: usize, n: i32): void {
  if (bytes == 1) {
    memory.fill(y + 1, load<u8>(y), <usize>(n - 1));
    return;
  }
  const v = load<u32>(y);
  for (let i = 1; i < n; i++) {
    store<u32>(y + (<usize>i << 2), v);
  }
}

/** Element size in bytes of the inputs (a, b) and of the output (y). */
// @ts-ignore: decorator
@inline function inputBytes(op: i32): usize {
  return op == BINARY_LOGICAL_AND || op == BINARY_LOGICAL_OR ? 1 : 4;
}

// @ts-ignore: decorator
@inline function outputBytes(op: i32): usize {
  return op >= BINARY_EQUAL ? 1 : 4;
}

/** y = a op b for same-shape inputs (mode 0) or with one scalar side (modes 1, 2). */
export function binary(op: i32, a: usize, b: usize, y: usize, n: i32, mode: i32): void {
  binaryRun(op, a, b, y, n, mode);
}

/**
 * y = a op b with general broadcasting. params: [rank, shape..., aStrides...,
 * bStrides..., rank scratch ints], strides in elements (0 on broadcast axes),
 * axes already merged so the last axis has stride 0 or 1 on each side (0 on
 * both when y is larger than the broadcast of a and b).
 */
export function binaryBroadcast(op: i32, a: usize, b: usize, y: usize, p: usize): void {
  const rank = param(p, 0);
  const inner = param(p, rank);
  const aInner = param(p, 2 * rank);
  const bInner = param(p, 3 * rank);
  // Both sides repeating along the last axis: compute once, then replicate.
  const repeat = aInner == 0 && bInner == 0;
  const mode = aInner == 0 ? 1 : bInner == 0 ? 2 : 0;
  const ib = inputBytes(op);
  const ob = outputBytes(op);
  const counters = p + (<usize>(1 + 3 * rank) << 2);
  for (let d = 0; d < rank; d++) {
    store<i32>(counters + (<usize>d << 2), 0);
  }

  let outer = 1;
  for (let d = 0; d < rank - 1; d++) {
    outer *= param(p, 1 + d);
  }
  let ao: usize = 0;
  let bo: usize = 0;
  let yo: usize = 0;
  for (let o = 0; o < outer; o++) {
    const yRun = y + yo * ob;
    if (repeat) {
      binaryRun(op, a + ao * ib, b + bo * ib, yRun, 1, 0);
      replicate(yRun, ob, inner);
    } else {
      binaryRun(op, a + ao * ib, b + bo * ib, yRun, inner, mode);
    }
    yo += <usize>inner;
    // Advance the odometer over the outer axes, last axis fastest.
    for (let d = rank - 2; d >= 0; d--) {
      const cp = counters + (<usize>d << 2);
      const as = <usize>param(p, 1 + rank + d);
      const bs = <usize>param(p, 1 + 2 * rank + d);
      const count = load<i32>(cp) + 1;
      ao += as;
      bo += bs;
      if (count < param(p, 1 + d)) {
        store<i32>(cp, count);
        break;
      }
      store<i32>(cp, 0);
      ao -= as * <usize>count;
      bo -= bs * <usize>count;
    }
  }
}
