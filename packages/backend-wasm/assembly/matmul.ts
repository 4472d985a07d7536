// Packed matrix product C = op(A) op(B) (+ C), float32, row-major.
//
// op(B) is packed once per block into panels of NR columns and op(A) into
// panels of MR rows, so the micro-kernel always streams contiguous memory and
// transposed operands cost only a different packing loop. The micro-kernel
// keeps an MR x NR tile of C in eight v128 registers (4 x 8 measured fastest
// under V8: larger tiles spill). K is cut into KC blocks so a packed A panel
// stays in L1 and a packed B block in L2.

const MR = 4;
const NR = 8;
const KC = 256;
const NC = 512;

const PACKED_B_BYTES: usize = KC * NC * 4;
const PACKED_A_BYTES: usize = MR * KC * 4;
const TILE_BYTES: usize = MR * NR * 4;

/** Bytes of scratch one `matmul` call needs (one per concurrent thread). */
export function matmulScratchBytes(): usize {
  return PACKED_B_BYTES + PACKED_A_BYTES + TILE_BYTES;
}

// @ts-ignore: decorator
@inline function transpose4(
  out: usize,
  stride: usize,
  v0: v128,
  v1: v128,
  v2: v128,
  v3: v128,
): void {
  const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(out + stride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(out + 2 * stride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(out + 3 * stride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** Packs rows [pc, pc + kc) x columns [jc, jc + nc) of op(B), zero-padding the last panel. */
function packB(
  b: usize,
  ldb: usize,
  transB: bool,
  pc: i32,
  kc: i32,
  jc: i32,
  nc: i32,
  out: usize,
): void {
  for (let q = 0; q < nc; q += NR) {
    const cols = min(NR, nc - q);
    const j = <usize>(jc + q);
    if (!transB) {
      // B(p, j) = b[p * ldb + j]: each row of the panel is contiguous.
      let src = b + ((<usize>pc * ldb + j) << 2);
      if (ASC_FEATURE_SIMD && cols == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
          src += ldb << 2;
          out += NR << 2;
        }
        continue;
      }
      for (let p = 0; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) {
          const v: f32 = jj < cols ? load<f32>(src + (<usize>jj << 2)) : 0;
          store<f32>(out + (<usize>jj << 2), v);
        }
        src += ldb << 2;
        out += NR << 2;
      }
    } else {
      // B(p, j) = b[j * ldb + p]: each column of the panel is contiguous.
      const src = b + ((j * ldb + <usize>pc) << 2);
      const rowBytes = ldb << 2;
      let p = 0;
      if (ASC_FEATURE_SIMD && cols == NR) {
        for (; p + 4 <= kc; p += 4) {
          const s = src + (<usize>p << 2);
          const o = out + (<usize>p * NR << 2);
          transpose4(
            o,
            NR << 2,
            v128.load(s),
            v128.load(s + rowBytes),
            v128.load(s + 2 * rowBytes),
            v128.load(s + 3 * rowBytes),
          );
          const s4 = s + 4 * rowBytes;
          transpose4(
            o + 16,
            NR << 2,
            v128.load(s4),
            v128.load(s4 + rowBytes),
            v128.load(s4 + 2 * rowBytes),
            v128.load(s4 + 3 * rowBytes),
          );
        }
      }
      for (; p < kc; p++) {
        const o = out + (<usize>p * NR << 2);
        for (let jj = 0; jj < NR; jj++) {
          const v: f32 = jj < cols ? load<f32>(src + <usize>jj * rowBytes + (<usize>p << 2)) : 0;
          store<f32>(o + (<usize>jj << 2), v);
        }
      }
      out += <usize>kc * NR << 2;
    }
  }
}

/** Packs rows [i, i + rows) x columns [pc, pc + kc) of op(A), zero-padding to MR rows. */
function packA(
  a: usize,
  lda: usize,
  transA: bool,
  i: i32,
  rows: i32,
  pc: i32,
  kc: i32,
  out: usize,
): void {
  const rowBytes = lda << 2;
  if (!transA) {
    // A(i, p) = a[i * lda + p]: transpose 4 x 4 blocks into the panel.
    const src = a + ((<usize>i * lda + <usize>pc) << 2);
    let p = 0;
    if (ASC_FEATURE_SIMD && rows == MR) {
      for (; p + 4 <= kc; p += 4) {
        const s = src + (<usize>p << 2);
        transpose4(
          out + (<usize>p * MR << 2),
          MR << 2,
          v128.load(s),
          v128.load(s + rowBytes),
          v128.load(s + 2 * rowBytes),
          v128.load(s + 3 * rowBytes),
        );
      }
    }
    for (; p < kc; p++) {
      const o = out + (<usize>p * MR << 2);
      for (let r = 0; r < MR; r++) {
        const v: f32 = r < rows ? load<f32>(src + <usize>r * rowBytes + (<usize>p << 2)) : 0;
        store<f32>(o + (<usize>r << 2), v);
      }
    }
  } else {
    // A(i, p) = a[p * lda + i]: the panel's rows sit side by side.
    let src = a + ((<usize>pc * lda + <usize>i) << 2);
    if (ASC_FEATURE_SIMD && rows == MR) {
      for (let p = 0; p < kc; p++) {
        v128.store(out + (<usize>p * MR << 2), v128.load(src));
        src += rowBytes;
      }
      return;
    }
    for (let p = 0; p < kc; p++) {
      const o = out + (<usize>p * MR << 2);
      for (let r = 0; r < MR; r++) {
        const v: f32 = r < rows ? load<f32>(src + (<usize>r << 2)) : 0;
        store<f32>(o + (<usize>r << 2), v);
      }
      src += rowBytes;
    }
  }
}

/** C tile (MR x NR at c, row stride ldcBytes) = Ap Bp (+ C tile when acc). */
// @ts-ignore: decorator
@inline function kernelSimd(
  kc: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldcBytes: usize,
  acc: bool,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += MR << 2;
    bp += NR << 2;
  }
  const c1 = c + ldcBytes;
  const c2 = c1 + ldcBytes;
  const c3 = c2 + ldcBytes;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1));
    c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2));
    c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3));
    c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c3, c30);
  v128.store(c3, c31, 16);
}

/** The scalar build's micro-kernel: two 4 x 4 halves of the tile. */
function kernelScalar(kc: i32, ap: usize, bp: usize, c: usize, ldcBytes: usize, acc: bool): void {
  for (let half = 0; half < 2; half++) {
    const b = bp + (<usize>half << 4);
    const ct = c + (<usize>half << 4);
    let x00: f32 = 0, x01: f32 = 0, x02: f32 = 0, x03: f32 = 0;
    let x10: f32 = 0, x11: f32 = 0, x12: f32 = 0, x13: f32 = 0;
    let x20: f32 = 0, x21: f32 = 0, x22: f32 = 0, x23: f32 = 0;
    let x30: f32 = 0, x31: f32 = 0, x32: f32 = 0, x33: f32 = 0;
    for (let p = 0; p < kc; p++) {
      const ao = ap + (<usize>p * MR << 2);
      const bo = b + (<usize>p * NR << 2);
      const b0 = load<f32>(bo);
      const b1 = load<f32>(bo, 4);
      const b2 = load<f32>(bo, 8);
      const b3 = load<f32>(bo, 12);
      let a = load<f32>(ao);
      x00 += a * b0; x01 += a * b1; x02 += a * b2; x03 += a * b3;
      a = load<f32>(ao, 4);
      x10 += a * b0; x11 += a * b1; x12 += a * b2; x13 += a * b3;
      a = load<f32>(ao, 8);
      x20 += a * b0; x21 += a * b1; x22 += a * b2; x23 += a * b3;
      a = load<f32>(ao, 12);
      x30 += a * b0; x31 += a * b1; x32 += a * b2; x33 += a * b3;
    }
    storeRow4(ct, x00, x01, x02, x03, acc);
    storeRow4(ct + ldcBytes, x10, x11, x12, x13, acc);
    storeRow4(ct + 2 * ldcBytes, x20, x21, x22, x23, acc);
    storeRow4(ct + 3 * ldcBytes, x30, x31, x32, x33, acc);
  }
}

// @ts-ignore: decorator
@inline function storeRow4(c: usize, v0: f32, v1: f32, v2: f32, v3: f32, acc: bool): void {
  if (acc) {
    v0 += load<f32>(c);
    v1 += load<f32>(c, 4);
    v2 += load<f32>(c, 8);
    v3 += load<f32>(c, 12);
  }
  store<f32>(c, v0);
  store<f32>(c, v1, 4);
  store<f32>(c, v2, 8);
  store<f32>(c, v3, 12);
}

// @ts-ignore: decorator
@inline function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldcBytes: usize, acc: bool): void {
  if (ASC_FEATURE_SIMD) {
    kernelSimd(kc, ap, bp, c, ldcBytes, acc);
  } else {
    kernelScalar(kc, ap, bp, c, ldcBytes, acc);
  }
}

/** Computes an edge tile into scratch, then adds or stores its valid part. */
function edgeTile(
  kc: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldcBytes: usize,
  rows: i32,
  cols: i32,
  acc: bool,
  tile: usize,
): void {
  kernel(kc, ap, bp, tile, NR << 2, false);
  for (let r = 0; r < rows; r++) {
    const t = tile + (<usize>r * NR << 2);
    const o = c + <usize>r * ldcBytes;
    for (let jj = 0; jj < cols; jj++) {
      const off = <usize>jj << 2;
      let v = load<f32>(t + off);
      if (acc) {
        v += load<f32>(o + off);
      }
      store<f32>(o + off, v);
    }
  }
}

/** Splits `total` into equal blocks of at most `limit`, rounded up to `align`. */
// @ts-ignore: decorator
@inline function blockSize(total: i32, limit: i32, align: i32): i32 {
  const blocks = (total + limit - 1) / limit;
  const even = (total + blocks - 1) / blocks;
  return min(limit, (even + align - 1) / align * align);
}

/**
 * Rows [i0, i1) x columns [j0, j1) of C = op(A) op(B), plus C when
 * `accumulate`. op(A) is [m, k] (A stored [k, m] with transA), op(B) is [k, n]
 * (B stored [n, k] with transB); lda, ldb and ldc are row strides in elements.
 * Disjoint row or column ranges may run on different threads, each with its
 * own `scratch` of `matmulScratchBytes()` bytes.
 */
export function matmul(
  a: usize,
  b: usize,
  c: usize,
  k: i32,
  lda: i32,
  ldb: i32,
  ldc: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
  scratch: usize,
): void {
  const packedB = scratch;
  const packedA = scratch + PACKED_B_BYTES;
  const tile = packedA + PACKED_A_BYTES;
  const ldcBytes = <usize>ldc << 2;

  if (k <= 0) {
    if (!accumulate) {
      for (let i = i0; i < i1; i++) {
        memory.fill(c + ((<usize>i * ldc + j0) << 2), 0, <usize>(j1 - j0) << 2);
      }
    }
    return;
  }

  const kcMax = blockSize(k, KC, 1);
  const ncMax = blockSize(j1 - j0, NC, NR);
  for (let jc = j0; jc < j1; jc += ncMax) {
    const nc = min(ncMax, j1 - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      const acc = accumulate || pc > 0;
      packB(b, <usize>ldb, transB, pc, kc, jc, nc, packedB);
      for (let i = i0; i < i1; i += MR) {
        const rows = min(MR, i1 - i);
        packA(a, <usize>lda, transA, i, rows, pc, kc, packedA);
        const cRow = c + ((<usize>i * ldc + jc) << 2);
        for (let q = 0; q < nc; q += NR) {
          const cols = min(NR, nc - q);
          const bp = packedB + (<usize>q * kc << 2);
          const ct = cRow + (<usize>q << 2);
          if (rows == MR && cols == NR) {
            kernel(kc, packedA, bp, ct, ldcBytes, acc);
          } else {
            edgeTile(kc, packedA, bp, ct, ldcBytes, rows, cols, acc, tile);
          }
        }
      }
    }
  }
}
