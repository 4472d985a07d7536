// Reductions of float32 (sum, max, min, prod, any, all) and bool (any, all) over the
// middle axis of an [outer, red, inner] view, softmax and arg-reductions.

import {
  REDUCE_ALL,
  REDUCE_ALL_FLOAT,
  REDUCE_ANY,
  REDUCE_ANY_FLOAT,
  REDUCE_MAX,
  REDUCE_MIN,
  REDUCE_PROD,
  REDUCE_SUM,
} from "./op-codes";
import { expS, expV, logS } from "./math";

@final class RSum {
  @inline init(): f32 { return 0.0; }
  @inline v(a: v128, b: v128): v128 { return f32x4.add(a, b); }
  @inline s(a: f32, b: f32): f32 { return a + b; }
}
@final class RMax {
  @inline init(): f32 { return -Infinity; }
  @inline v(a: v128, b: v128): v128 { return f32x4.max(a, b); }
  @inline s(a: f32, b: f32): f32 { return max<f32>(a, b); }
}
@final class RMin {
  @inline init(): f32 { return Infinity; }
  @inline v(a: v128, b: v128): v128 { return f32x4.min(a, b); }
  @inline s(a: f32, b: f32): f32 { return min<f32>(a, b); }
}
@final class RProd {
  @inline init(): f32 { return 1.0; }
  @inline v(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
  @inline s(a: f32, b: f32): f32 { return a * b; }
}

// Sums fold into a running total every BLOCK terms, so rounding error grows
// with the block length plus the number of blocks instead of the row length.
const RUN_BLOCK = 4096;
const COLUMN_BLOCK = 256;

/** Reduces n contiguous floats; four vector accumulators hide latency. */
// @ts-ignore: decorator
@inline function reduceRun<O>(x: usize, n: i32): f32 {
  const op = changetype<O>(0);
  let i = 0;
  let r = op.init();
  if (ASC_FEATURE_SIMD && n >= 16) {
    let total = f32x4.splat(op.init());
    while (i + 16 <= n) {
      const end = min(n, i + RUN_BLOCK);
      let a0 = f32x4.splat(op.init());
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      for (; i + 16 <= end; i += 16) {
        const p = x + (<usize>i << 2);
        a0 = op.v(a0, v128.load(p));
        a1 = op.v(a1, v128.load(p, 16));
        a2 = op.v(a2, v128.load(p, 32));
        a3 = op.v(a3, v128.load(p, 48));
      }
      total = op.v(total, op.v(op.v(a0, a1), op.v(a2, a3)));
    }
    for (; i + 4 <= n; i += 4) {
      total = op.v(total, v128.load(x + (<usize>i << 2)));
    }
    const l01 = op.s(f32x4.extract_lane(total, 0), f32x4.extract_lane(total, 1));
    const l23 = op.s(f32x4.extract_lane(total, 2), f32x4.extract_lane(total, 3));
    r = op.s(l01, l23);
  }
  for (; i < n; i++) {
    r = op.s(r, load<f32>(x + (<usize>i << 2)));
  }
  return r;
}

/** y[o, :] = reduce over r of x[o, r, :], vectorised along the contiguous inner axis. */
// @ts-ignore: decorator
@inline function reduceColumns<O>(x: usize, y: usize, outer: i32, red: i32, inner: i32): void {
  const op = changetype<O>(0);
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>red * rowBytes;
    const yo = y + <usize>o * rowBytes;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      // Eight columns at a time in registers, then four.
      for (; j + 8 <= inner; j += 8) {
        let t0 = f32x4.splat(op.init());
        let t1 = t0;
        for (let r0 = 0; r0 < red; r0 += COLUMN_BLOCK) {
          const r1 = min(red, r0 + COLUMN_BLOCK);
          let a0 = f32x4.splat(op.init());
          let a1 = a0;
          let p = xo + <usize>r0 * rowBytes + (<usize>j << 2);
          for (let r = r0; r < r1; r++) {
            a0 = op.v(a0, v128.load(p));
            a1 = op.v(a1, v128.load(p, 16));
            p += rowBytes;
          }
          t0 = op.v(t0, a0);
          t1 = op.v(t1, a1);
        }
        v128.store(yo + (<usize>j << 2), t0);
        v128.store(yo + (<usize>j << 2), t1, 16);
      }
      for (; j + 4 <= inner; j += 4) {
        let t0 = f32x4.splat(op.init());
        for (let r0 = 0; r0 < red; r0 += COLUMN_BLOCK) {
          const r1 = min(red, r0 + COLUMN_BLOCK);
          let a0 = f32x4.splat(op.init());
          let p = xo + <usize>r0 * rowBytes + (<usize>j << 2);
          for (let r = r0; r < r1; r++) {
            a0 = op.v(a0, v128.load(p));
            p += rowBytes;
          }
          t0 = op.v(t0, a0);
        }
        v128.store(yo + (<usize>j << 2), t0);
      }
    }
    for (; j < inner; j++) {
      let total = op.init();
      for (let r0 = 0; r0 < red; r0 += COLUMN_BLOCK) {
        const r1 = min(red, r0 + COLUMN_BLOCK);
        let acc = op.init();
        let p = xo + <usize>r0 * rowBytes + (<usize>j << 2);
        for (let r = r0; r < r1; r++) {
          acc = op.s(acc, load<f32>(p));
          p += rowBytes;
        }
        total = op.s(total, acc);
      }
      store<f32>(yo + (<usize>j << 2), total);
    }
  }
}

// @ts-ignore: decorator
@inline function reduceWith<O>(x: usize, y: usize, outer: i32, red: i32, inner: i32): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const v = reduceRun<O>(x + (<usize>o * <usize>red << 2), red);
      store<f32>(y + (<usize>o << 2), v);
    }
  } else {
    reduceColumns<O>(x, y, outer, red, inner);
  }
}

/** any / all of bool (T = u8) or float32 (T = f32) elements; the output is bool. */
// @ts-ignore: decorator
@inline function reduceTruth<T>(isAny: bool, x: usize, y: usize, outer: i32, red: i32, inner: i32): void {
  const size = sizeof<T>();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let acc = !isAny;
      let p = x + (<usize>o * <usize>red * <usize>inner + <usize>j) * size;
      for (let r = 0; r < red; r++) {
        const v = load<T>(p) != 0;
        if (isAny ? v : !v) {
          acc = isAny;
          break;
        }
        p += <usize>inner * size;
      }
      store<u8>(y + <usize>o * <usize>inner + <usize>j, acc ? 1 : 0);
    }
  }
}

/** y [outer, inner] = op over the middle axis of x [outer, red, inner]. */
export function reduce(op: i32, x: usize, y: usize, outer: i32, red: i32, inner: i32): void {
  switch (op) {
    case REDUCE_SUM: reduceWith<RSum>(x, y, outer, red, inner); break;
    case REDUCE_MAX: reduceWith<RMax>(x, y, outer, red, inner); break;
    case REDUCE_MIN: reduceWith<RMin>(x, y, outer, red, inner); break;
    case REDUCE_PROD: reduceWith<RProd>(x, y, outer, red, inner); break;
    case REDUCE_ANY: reduceTruth<u8>(true, x, y, outer, red, inner); break;
    case REDUCE_ALL: reduceTruth<u8>(false, x, y, outer, red, inner); break;
    case REDUCE_ANY_FLOAT: reduceTruth<f32>(true, x, y, outer, red, inner); break;
    case REDUCE_ALL_FLOAT: reduceTruth<f32>(false, x, y, outer, red, inner); break;
    default: unreachable();
  }
}

/**
 * y [outer, inner] (int32) = index of the first max (or min) along the middle
 * axis of x [outer, red, inner]. The first NaN beats every number.
 */
export function argReduce(isMin: bool, x: usize, y: usize, outer: i32, red: i32, inner: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>red * rowBytes;
    const yo = y + <usize>o * rowBytes;
    let j = 0;
    if (ASC_FEATURE_SIMD && red > 0) {
      for (; j + 4 <= inner; j += 4) {
        let p = xo + (<usize>j << 2);
        let best = v128.load(p);
        let bestIndex = i32x4.splat(0);
        for (let r = 1; r < red; r++) {
          p += rowBytes;
          const v = v128.load(p);
          const wins = isMin ? f32x4.lt(v, best) : f32x4.gt(v, best);
          const nan = v128.and(f32x4.ne(v, v), f32x4.eq(best, best));
          const better = v128.or(wins, nan);
          best = v128.bitselect(v, best, better);
          bestIndex = v128.bitselect(i32x4.splat(r), bestIndex, better);
        }
        v128.store(yo + (<usize>j << 2), bestIndex);
      }
    }
    for (; j < inner; j++) {
      let p = xo + (<usize>j << 2);
      let best = red > 0 ? load<f32>(p) : 0;
      let bestIndex = 0;
      for (let r = 1; r < red; r++) {
        p += rowBytes;
        const v = load<f32>(p);
        const nan = v != v && best == best;
        if (nan || (isMin ? v < best : v > best)) {
          best = v;
          bestIndex = r;
        }
      }
      store<i32>(yo + (<usize>j << 2), bestIndex);
    }
  }
}

/**
 * Softmax (or log-softmax) along each row of x [rows, cols]: subtracting the
 * row max keeps exp in range.
 */
export function softmax(x: usize, y: usize, rows: i32, cols: i32, logOutput: bool): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>r * <usize>cols << 2);
    const yr = y + (<usize>r * <usize>cols << 2);
    const m = reduceRun<RMax>(xr, cols);

    let sum: f32 = 0;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const mv = f32x4.splat(m);
      let s0 = f32x4.splat(0);
      let s1 = s0;
      for (; j + 8 <= cols; j += 8) {
        const o = <usize>j << 2;
        const e0 = expV(f32x4.sub(v128.load(xr + o), mv));
        const e1 = expV(f32x4.sub(v128.load(xr + o, 16), mv));
        s0 = f32x4.add(s0, e0);
        s1 = f32x4.add(s1, e1);
        if (!logOutput) {
          v128.store(yr + o, e0);
          v128.store(yr + o, e1, 16);
        }
      }
      const t = f32x4.add(s0, s1);
      sum = f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1);
      sum += f32x4.extract_lane(t, 2) + f32x4.extract_lane(t, 3);
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const e = expS(load<f32>(xr + o) - m);
      sum += e;
      if (!logOutput) {
        store<f32>(yr + o, e);
      }
    }

    if (logOutput) {
      // (x - max) - log(sum): folding max + log(sum) first would round away
      // log(sum) when |max| is large.
      subtractTwo(xr, yr, cols, m, logS(sum));
    } else {
      scaleInPlace(yr, cols, 1.0 / sum);
    }
  }
}

function subtractTwo(x: usize, y: usize, n: i32, s: f32, t: f32): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f32x4.splat(s);
    const tv = f32x4.splat(t);
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(y + o, f32x4.sub(f32x4.sub(v128.load(x + o), sv), tv));
    }
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, load<f32>(x + o) - s - t);
  }
}

function scaleInPlace(y: usize, n: i32, s: f32): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const sv = f32x4.splat(s);
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(y + o, f32x4.mul(v128.load(y + o), sv));
    }
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, load<f32>(y + o) * s);
  }
}
