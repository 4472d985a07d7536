// Data movement for every element size (1, 4 or 8 bytes): strided copies
// (transpose, slice, pad, concat), gather, scatter-add, where, fill and cast.

import { param } from "./params";

// @ts-ignore: decorator
@inline function copyRun<T>(src: usize, dst: usize, n: i32, ss: usize, ds: usize): void {
  for (let i = 0; i < n; i++) {
    store<T>(dst, load<T>(src));
    src += ss;
    dst += ds;
  }
}

/** dst[i, j] = src[j, i] for a rows x cols block, in cache-sized tiles. */
// @ts-ignore: decorator
@inline function transposeTiles<T>(
  src: usize,
  dst: usize,
  rows: i32,
  cols: i32,
  srcRowStride: usize,
  dstRowStride: usize,
): void {
  const size = sizeof<T>();
  for (let i0 = 0; i0 < rows; i0 += 16) {
    const i1 = min(rows, i0 + 16);
    for (let j0 = 0; j0 < cols; j0 += 16) {
      const j1 = min(cols, j0 + 16);
      for (let i = i0; i < i1; i++) {
        const d = dst + <usize>i * dstRowStride;
        for (let j = j0; j < j1; j++) {
          // Row i of dst reads column i of src.
          store<T>(d + <usize>j * size, load<T>(src + <usize>j * srcRowStride + <usize>i * size));
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function stridedCopyOf<T>(src: usize, dst: usize, p: usize): void {
  const size = sizeof<T>();
  const rank = param(p, 0);
  const inner = param(p, rank);
  const ss = <usize>param(p, 2 * rank) * size;
  const ds = <usize>param(p, 3 * rank) * size;
  const counters = p + (<usize>(1 + 3 * rank) << 2);
  for (let d = 0; d < rank; d++) {
    store<i32>(counters + (<usize>d << 2), 0);
  }

  // A transpose of the last two axes runs in tiles: the plain loop would
  // touch a new cache line on every element.
  let tiled = false;
  let outerRank = rank - 1;
  if (rank >= 2 && ss != size && ds == size && param(p, 2 * rank - 1) == 1) {
    tiled = true;
    outerRank = rank - 2;
  }
  let outer = 1;
  for (let d = 0; d < outerRank; d++) {
    outer *= param(p, 1 + d);
  }

  let so: usize = 0;
  let dof: usize = 0;
  for (let o = 0; o < outer; o++) {
    if (tiled) {
      const rows = param(p, rank - 1);
      const dstRowStride = <usize>param(p, 3 * rank - 1) * size;
      transposeTiles<T>(src + so * size, dst + dof * size, rows, inner, ss, dstRowStride);
    } else if (ss == size && ds == size) {
      memory.copy(dst + dof * size, src + so * size, <usize>inner * size);
    } else {
      copyRun<T>(src + so * size, dst + dof * size, inner, ss, ds);
    }
    for (let d = outerRank - 1; d >= 0; d--) {
      const cp = counters + (<usize>d << 2);
      const sst = <usize>param(p, 1 + rank + d);
      const dst2 = <usize>param(p, 1 + 2 * rank + d);
      const count = load<i32>(cp) + 1;
      so += sst;
      dof += dst2;
      if (count < param(p, 1 + d)) {
        store<i32>(cp, count);
        break;
      }
      store<i32>(cp, 0);
      so -= sst * <usize>count;
      dof -= dst2 * <usize>count;
    }
  }
}

/**
 * dst[sum i_d dstStrides_d] = src[sum i_d srcStrides_d] over a box. params:
 * [rank, shape..., srcStrides..., dstStrides..., rank scratch ints], strides
 * in elements of `elementBytes` each.
 */
export function stridedCopy(src: usize, dst: usize, elementBytes: i32, p: usize): void {
  if (elementBytes == 1) {
    stridedCopyOf<u8>(src, dst, p);
  } else if (elementBytes == 4) {
    stridedCopyOf<u32>(src, dst, p);
  } else {
    stridedCopyOf<u64>(src, dst, p);
  }
}

/** Fills n elements with a bit pattern (bits for 1 and 4 bytes, value64 for 8). */
export function fill(dst: usize, elementBytes: i32, n: i32, bits: i32, value64: f64): void {
  if (elementBytes == 1) {
    memory.fill(dst, <u8>bits, <usize>n);
  } else if (elementBytes == 4) {
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const v = i32x4.splat(bits);
      for (; i + 4 <= n; i += 4) {
        v128.store(dst + (<usize>i << 2), v);
      }
    }
    for (; i < n; i++) {
      store<i32>(dst + (<usize>i << 2), bits);
    }
  } else {
    for (let i = 0; i < n; i++) {
      store<f64>(dst + (<usize>i << 3), value64);
    }
  }
}

/**
 * y [outer, nIdx, inner] = x [outer, axisLen, inner] at each index. An index
 * outside [0, axisLen) gives zeros rather than reading foreign memory.
 */
export function gather(
  x: usize,
  indices: usize,
  y: usize,
  elementBytes: i32,
  outer: i32,
  axisLen: i32,
  nIdx: i32,
  inner: i32,
): void {
  const block = <usize>inner * <usize>elementBytes;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axisLen * block;
    const yo = y + <usize>o * <usize>nIdx * block;
    for (let j = 0; j < nIdx; j++) {
      const index = load<i32>(indices + (<usize>j << 2));
      const out = yo + <usize>j * block;
      if (index >= 0 && index < axisLen) {
        memory.copy(out, xo + <usize>index * block, block);
      } else {
        memory.fill(out, 0, block);
      }
    }
  }
}

/**
 * y [outer, axisLen, inner] += updates [outer, nIdx, inner] at each index
 * (float32). Indices outside [0, axisLen) are skipped, so y's neighbours in
 * memory are never written.
 */
export function scatterAdd(
  updates: usize,
  indices: usize,
  y: usize,
  outer: i32,
  axisLen: i32,
  nIdx: i32,
  inner: i32,
): void {
  const block = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const uo = updates + <usize>o * <usize>nIdx * block;
    const yo = y + <usize>o * <usize>axisLen * block;
    for (let j = 0; j < nIdx; j++) {
      const index = load<i32>(indices + (<usize>j << 2));
      if (index < 0 || index >= axisLen) {
        continue;
      }
      const u = uo + <usize>j * block;
      const t = yo + <usize>index * block;
      let i = 0;
      if (ASC_FEATURE_SIMD) {
        for (; i + 4 <= inner; i += 4) {
          const off = <usize>i << 2;
          v128.store(t + off, f32x4.add(v128.load(t + off), v128.load(u + off)));
        }
      }
      for (; i < inner; i++) {
        const off = <usize>i << 2;
        store<f32>(t + off, load<f32>(t + off) + load<f32>(u + off));
      }
    }
  }
}

// @ts-ignore: decorator
@inline function whereOf<T>(cond: usize, a: usize, b: usize, y: usize, p: usize): void {
  const size = sizeof<T>();
  const rank = param(p, 0);
  const counters = p + (<usize>(1 + 4 * rank) << 2);
  for (let d = 0; d < rank; d++) {
    store<i32>(counters + (<usize>d << 2), 0);
  }
  const inner = param(p, rank);
  const cs = <usize>param(p, 2 * rank);
  const as = <usize>param(p, 3 * rank) * size;
  const bs = <usize>param(p, 4 * rank) * size;
  let outer = 1;
  for (let d = 0; d < rank - 1; d++) {
    outer *= param(p, 1 + d);
  }

  let co: usize = 0;
  let ao: usize = 0;
  let bo: usize = 0;
  let yp = y;
  for (let o = 0; o < outer; o++) {
    let cp = cond + co;
    let ap = a + ao * size;
    let bp = b + bo * size;
    for (let i = 0; i < inner; i++) {
      store<T>(yp, load<u8>(cp) != 0 ? load<T>(ap) : load<T>(bp));
      cp += cs;
      ap += as;
      bp += bs;
      yp += size;
    }
    for (let d = rank - 2; d >= 0; d--) {
      const ctr = counters + (<usize>d << 2);
      const cst = <usize>param(p, 1 + rank + d);
      const ast = <usize>param(p, 1 + 2 * rank + d);
      const bst = <usize>param(p, 1 + 3 * rank + d);
      const count = load<i32>(ctr) + 1;
      co += cst;
      ao += ast;
      bo += bst;
      if (count < param(p, 1 + d)) {
        store<i32>(ctr, count);
        break;
      }
      store<i32>(ctr, 0);
      co -= cst * <usize>count;
      ao -= ast * <usize>count;
      bo -= bst * <usize>count;
    }
  }
}

/**
 * y = cond ? a : b with broadcasting. params: [rank, shape..., condStrides...,
 * aStrides..., bStrides..., rank scratch ints], strides in elements.
 */
export function where(
  cond: usize,
  a: usize,
  b: usize,
  y: usize,
  elementBytes: i32,
  p: usize,
): void {
  if (elementBytes == 1) {
    whereOf<u8>(cond, a, b, y, p);
  } else if (elementBytes == 4) {
    whereOf<u32>(cond, a, b, y, p);
  } else {
    whereOf<u64>(cond, a, b, y, p);
  }
}

// Dtype codes shared with src/op-codes.ts.
const DT_F32 = 0;
const DT_F64 = 1;
const DT_I32 = 2;
const DT_BOOL = 3;

/** ToInt32 of JavaScript: truncate, then wrap modulo 2^32; NaN and infinities give 0. */
// @ts-ignore: decorator
@inline function toInt32(v: f64): i32 {
  if (v - v != 0) {
    return 0;
  }
  const t = trunc<f64>(v);
  if (abs<f64>(t) < 2147483648.0) {
    return <i32>t;
  }
  const wrapped = t - floor<f64>(t / 4294967296.0) * 4294967296.0;
  return <i32><u32>wrapped;
}

// @ts-ignore: decorator
@inline function readAs(x: usize, i: i32, dtype: i32): f64 {
  switch (dtype) {
    case DT_F32: return <f64>load<f32>(x + (<usize>i << 2));
    case DT_F64: return load<f64>(x + (<usize>i << 3));
    case DT_I32: return <f64>load<i32>(x + (<usize>i << 2));
    default: return <f64>load<u8>(x + <usize>i);
  }
}

/** y = x converted to y's dtype, with the rules of JavaScript typed arrays. */
export function cast(x: usize, y: usize, n: i32, from: i32, to: i32): void {
  if (ASC_FEATURE_SIMD && to == DT_F32 && from == DT_I32) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4.convert_i32x4_s(v128.load(x + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, <f32>load<i32>(x + o));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = readAs(x, i, from);
    switch (to) {
      case DT_F32: store<f32>(y + (<usize>i << 2), <f32>v); break;
      case DT_F64: store<f64>(y + (<usize>i << 3), v); break;
      case DT_I32: store<i32>(y + (<usize>i << 2), toInt32(v)); break;
      default: store<u8>(y + <usize>i, v != 0 ? 1 : 0);
    }
  }
}
