import type { TypedArray } from "@myelin/backend";

// Register tile of the micro-kernel (rows of A by columns of B), and the cache
// blocks: a KC-deep slice of B is packed once and reused by every MC-row block
// of A, so one packed B panel (KC x NR doubles) stays in L1 while A streams.
const MR = 4;
const NR = 8;
const KC = 256;
const MC = 64;

// Products below this many multiply-adds skip packing, which would cost more than it saves.
const SMALL_WORK = 2048;

// Scratch reused between calls. The packed panels are always Float64Array, so
// the micro-kernel sees one array type whatever the tensor dtype and V8 keeps
// it monomorphic; only packing and the tile stores touch the caller's arrays.
const packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(NR * KC);
let rowScratch = new Float64Array(64);
const tile = new Float64Array(MR * NR);

/** A matrix inside a typed array: (i, j) is data[offset + i * rowStride + j * colStride]. */
export interface MatrixView {
  readonly data: TypedArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** A {@link MatrixView}; the column stride defaults to 1 (rows stored contiguously). */
export function view(
  data: TypedArray,
  offset: number,
  rowStride: number,
  colStride = 1,
): MatrixView {
  return { data, offset, rowStride, colStride };
}

/**
 * C = A B, or C += A B with `accumulate`, for A m x k and B k x n. A
 * transposed operand is only a view with swapped strides: packing reads it
 * either way, so all layouts run at the same speed. C needs unit column stride.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  aView: MatrixView,
  bView: MatrixView,
  cView: MatrixView,
  accumulate: boolean,
): void {
  const { data: a, offset: aOffset, rowStride: aRowStride, colStride: aColStride } = aView;
  const { data: b, offset: bOffset, rowStride: bRowStride, colStride: bColStride } = bView;
  const { data: c, offset: cOffset, rowStride: cRowStride } = cView;
  if (m === 0 || n === 0) {
    return;
  }
  if (k === 0) {
    if (!accumulate) {
      for (let i = 0; i < m; i++) {
        c.fill(0, cOffset + i * cRowStride, cOffset + i * cRowStride + n);
      }
    }
    return;
  }
  if (m === 1 && bColStride === 1) {
    rowTimesMatrix(n, k, aView, bView, c, cOffset, accumulate);
    return;
  }
  if (m === 1 || n === 1 || m * n * k <= SMALL_WORK) {
    dotProducts(m, n, k, aView, bView, cView, accumulate);
    return;
  }

  const panelsB = Math.ceil(n / NR);
  if (packedB.length < panelsB * NR * KC) {
    packedB = new Float64Array(panelsB * NR * KC);
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    const add = accumulate || p0 > 0;
    packB(b, bOffset + p0 * bRowStride, bRowStride, bColStride, n, kc, packedB);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = Math.min(MC, m - i0);
      const aStart = aOffset + i0 * aRowStride + p0 * aColStride;
      packA(a, aStart, aRowStride, aColStride, mc, kc, packedA);
      const cStart = cOffset + i0 * cRowStride;
      for (let j0 = 0; j0 < n; j0 += NR) {
        const nr = Math.min(NR, n - j0);
        const bPanel = (j0 / NR) * NR * kc;
        for (let ii = 0; ii < mc; ii += MR) {
          const mr = Math.min(MR, mc - ii);
          const cTile = cStart + ii * cRowStride + j0;
          microKernel(kc, packedA, ii * kc, packedB, bPanel, c, cTile, cRowStride, mr, nr, add);
        }
      }
    }
  }
}

/**
 * Packs kc rows of B into panels of NR columns, each panel kc x NR and
 * contiguous, zero-padding the last panel.
 */
function packB(
  b: TypedArray,
  offset: number,
  rowStride: number,
  colStride: number,
  n: number,
  kc: number,
  out: Float64Array,
): void {
  let o = 0;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const nr = Math.min(NR, n - j0);
    const base = offset + j0 * colStride;
    if (rowStride === 1 && nr === NR) {
      // B is transposed: walk each column down its contiguous storage.
      for (let jj = 0; jj < NR; jj++) {
        const col = base + jj * colStride;
        for (let p = 0; p < kc; p++) {
          out[o + p * NR + jj] = b[col + p]!;
        }
      }
      o += kc * NR;
      continue;
    }
    for (let p = 0; p < kc; p++) {
      const row = base + p * rowStride;
      let jj = 0;
      for (; jj < nr; jj++) {
        out[o + jj] = b[row + jj * colStride]!;
      }
      for (; jj < NR; jj++) {
        out[o + jj] = 0;
      }
      o += NR;
    }
  }
}

/**
 * Packs an mc x kc block of A into panels of MR rows, each panel kc x MR and
 * contiguous, zero-padding the last panel.
 */
function packA(
  a: TypedArray,
  offset: number,
  rowStride: number,
  colStride: number,
  mc: number,
  kc: number,
  out: Float64Array,
): void {
  let o = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const mr = Math.min(MR, mc - i0);
    const base = offset + i0 * rowStride;
    if (colStride === 1 && mr === MR) {
      // A is not transposed: walk each row along its contiguous storage.
      for (let ii = 0; ii < MR; ii++) {
        const row = base + ii * rowStride;
        for (let p = 0; p < kc; p++) {
          out[o + p * MR + ii] = a[row + p]!;
        }
      }
      o += kc * MR;
      continue;
    }
    for (let p = 0; p < kc; p++) {
      const col = base + p * colStride;
      let ii = 0;
      for (; ii < mr; ii++) {
        out[o + ii] = a[col + ii * rowStride]!;
      }
      for (; ii < MR; ii++) {
        out[o + ii] = 0;
      }
      o += MR;
    }
  }
}

/**
 * The 4 x 8 register tile: 32 accumulators in locals, one packed column of A
 * (4 values) and one packed row of B (8 values) loaded per step of k.
 */
function microKernel(
  kc: number,
  ap: Float64Array,
  ia: number,
  bp: Float64Array,
  ib: number,
  c: TypedArray,
  co: number,
  ldc: number,
  mr: number,
  nr: number,
  add: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[ia]!, a1 = ap[ia + 1]!, a2 = ap[ia + 2]!, a3 = ap[ia + 3]!;
    const b0 = bp[ib]!, b1 = bp[ib + 1]!, b2 = bp[ib + 2]!, b3 = bp[ib + 3]!;
    const b4 = bp[ib + 4]!, b5 = bp[ib + 5]!, b6 = bp[ib + 6]!, b7 = bp[ib + 7]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c04 += a0 * b4; c05 += a0 * b5; c06 += a0 * b6; c07 += a0 * b7;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c14 += a1 * b4; c15 += a1 * b5; c16 += a1 * b6; c17 += a1 * b7;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c24 += a2 * b4; c25 += a2 * b5; c26 += a2 * b6; c27 += a2 * b7;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    c34 += a3 * b4; c35 += a3 * b5; c36 += a3 * b6; c37 += a3 * b7;
    ia += MR;
    ib += NR;
  }

  if (mr === MR && nr === NR && !add) {
    let o = co;
    c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03;
    c[o + 4] = c04; c[o + 5] = c05; c[o + 6] = c06; c[o + 7] = c07;
    o += ldc;
    c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13;
    c[o + 4] = c14; c[o + 5] = c15; c[o + 6] = c16; c[o + 7] = c17;
    o += ldc;
    c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23;
    c[o + 4] = c24; c[o + 5] = c25; c[o + 6] = c26; c[o + 7] = c27;
    o += ldc;
    c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
    c[o + 4] = c34; c[o + 5] = c35; c[o + 6] = c36; c[o + 7] = c37;
    return;
  }

  // Tails and accumulation go through a small tile, off the hot path.
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c04; tile[5] = c05; tile[6] = c06; tile[7] = c07;
  tile[8] = c10; tile[9] = c11; tile[10] = c12; tile[11] = c13;
  tile[12] = c14; tile[13] = c15; tile[14] = c16; tile[15] = c17;
  tile[16] = c20; tile[17] = c21; tile[18] = c22; tile[19] = c23;
  tile[20] = c24; tile[21] = c25; tile[22] = c26; tile[23] = c27;
  tile[24] = c30; tile[25] = c31; tile[26] = c32; tile[27] = c33;
  tile[28] = c34; tile[29] = c35; tile[30] = c36; tile[31] = c37;
  for (let i = 0; i < mr; i++) {
    const row = co + i * ldc;
    for (let j = 0; j < nr; j++) {
      c[row + j] = add ? c[row + j]! + tile[i * NR + j]! : tile[i * NR + j]!;
    }
  }
}

/** One row of A times B with unit column stride, as a sum of scaled rows of B. */
function rowTimesMatrix(
  n: number,
  k: number,
  { data: a, offset: aOffset, colStride: aColStride }: MatrixView,
  { data: b, offset: bOffset, rowStride: bRowStride }: MatrixView,
  c: TypedArray,
  cOffset: number,
  accumulate: boolean,
): void {
  if (rowScratch.length < n) {
    rowScratch = new Float64Array(n);
  }
  const acc = rowScratch;
  acc.fill(0, 0, n);
  for (let p = 0; p < k; p++) {
    const av = a[aOffset + p * aColStride]!;
    const row = bOffset + p * bRowStride;
    for (let j = 0; j < n; j++) {
      acc[j] = acc[j]! + av * b[row + j]!;
    }
  }
  for (let j = 0; j < n; j++) {
    c[cOffset + j] = accumulate ? c[cOffset + j]! + acc[j]! : acc[j]!;
  }
}

/** Plain dot products, for matrix-vector shapes and products too small to pack. */
function dotProducts(
  m: number,
  n: number,
  k: number,
  { data: a, offset: aOffset, rowStride: aRowStride, colStride: aColStride }: MatrixView,
  { data: b, offset: bOffset, rowStride: bRowStride, colStride: bColStride }: MatrixView,
  { data: c, offset: cOffset, rowStride: cRowStride }: MatrixView,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOffset + i * aRowStride;
    const cRow = cOffset + i * cRowStride;
    for (let j = 0; j < n; j++) {
      const bCol = bOffset + j * bColStride;
      let sum = 0;
      for (let p = 0; p < k; p++) {
        sum += a[aRow + p * aColStride]! * b[bCol + p * bRowStride]!;
      }
      c[cRow + j] = accumulate ? c[cRow + j]! + sum : sum;
    }
  }
}
