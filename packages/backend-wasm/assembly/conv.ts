// Convolution helpers (channels-last): im2col and its adjoint col2im. The
// products themselves run on the packed matmul.

import { param } from "./params";

// Geometry block, shared with src/kernels/conv-geometry.ts:
// [batch, h, w, cin, kh, kw, strideH, strideW, dilationH, dilationW,
//  padTop, padLeft, oh, ow, channelStart, groupChannels]
const G_H = 1;
const G_W = 2;
const G_CIN = 3;
const G_KH = 4;
const G_KW = 5;
const G_SH = 6;
const G_SW = 7;
const G_DH = 8;
const G_DW = 9;
const G_PT = 10;
const G_PL = 11;
const G_OH = 12;
const G_OW = 13;
const G_C0 = 14;
const G_CG = 15;

/**
 * cols [count, kh * kw * cg] = the receptive fields of output pixels
 * [first, first + count), pixels numbered over (batch, oy, ox). Cells in the
 * padding are zero.
 */
export function im2col(x: usize, cols: usize, g: usize, first: i32, count: i32): void {
  patchRows(x, cols, g, first, count, false);
}

/** dx += the adjoint of im2col for the same pixels: each cell adds into its input. */
export function col2im(cols: usize, dx: usize, g: usize, first: i32, count: i32): void {
  patchRows(dx, cols, g, first, count, true);
}

/**
 * Walks the patch rows of pixels [first, first + count) against `image`
 * (x for im2col, dx for col2im): `adjoint` false copies each receptive
 * field into cols (zeros in the padding), true adds cols back onto the
 * image and skips the padding. Both callers pass a constant, so each
 * inlined copy keeps only its own branch.
 */
// @ts-ignore: decorator
@inline function patchRows(
  image: usize,
  cols: usize,
  g: usize,
  first: i32,
  count: i32,
  adjoint: bool,
): void {
  const h = param(g, G_H);
  const w = param(g, G_W);
  const cin = param(g, G_CIN);
  const kh = param(g, G_KH);
  const kw = param(g, G_KW);
  const sh = param(g, G_SH);
  const sw = param(g, G_SW);
  const dh = param(g, G_DH);
  const dw = param(g, G_DW);
  const pt = param(g, G_PT);
  const pl = param(g, G_PL);
  const oh = param(g, G_OH);
  const ow = param(g, G_OW);
  const c0 = param(g, G_C0);
  const cg = param(g, G_CG);
  const runBytes = <usize>cg << 2;
  const pixelBytes = <usize>cin << 2;
  // Without dilation or groups, the kw cells of one kernel row are one
  // contiguous run of the input row whenever they all fall inside it.
  const rowsContiguous = dw == 1 && cg == cin;
  const rowRun = kw * cg;

  let ox = first % ow;
  let oy = (first / ow) % oh;
  let b = first / ow / oh;
  let cell = cols;
  for (let pix = 0; pix < count; pix++) {
    const base = image + (<usize>b * <usize>h * <usize>w * pixelBytes) + (<usize>c0 << 2);
    const ix0 = ox * sw - pl;
    const inside = rowsContiguous && ix0 >= 0 && ix0 + kw <= w;
    for (let ky = 0; ky < kh; ky++) {
      const iy = oy * sh - pt + ky * dh;
      if (iy < 0 || iy >= h) {
        if (!adjoint) {
          zeroRun(cell, rowRun);
        }
        cell += <usize>rowRun << 2;
        continue;
      }
      const row = base + <usize>iy * <usize>w * pixelBytes;
      if (inside) {
        const pixel = row + <usize>ix0 * pixelBytes;
        if (adjoint) {
          addRun(pixel, cell, rowRun);
        } else {
          copyRun(cell, pixel, rowRun);
        }
        cell += <usize>rowRun << 2;
        continue;
      }
      for (let kx = 0; kx < kw; kx++) {
        const ix = ix0 + kx * dw;
        if (ix >= 0 && ix < w) {
          const pixel = row + <usize>ix * pixelBytes;
          if (adjoint) {
            addRun(pixel, cell, cg);
          } else {
            copyRun(cell, pixel, cg);
          }
        } else if (!adjoint) {
          zeroRun(cell, cg);
        }
        cell += runBytes;
      }
    }
    if (++ox == ow) {
      ox = 0;
      if (++oy == oh) {
        oy = 0;
        b++;
      }
    }
  }
}

/** Runs at most this long are copied inline: memory.copy costs a call each time. */
const SHORT_RUN = 64;

/** dst[0..n) = src[0..n) (float32). */
// @ts-ignore: decorator
@inline function copyRun(dst: usize, src: usize, n: i32): void {
  if (n > SHORT_RUN) {
    memory.copy(dst, src, <usize>n << 2);
    return;
  }
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, v128.load(src + o));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(src + o));
  }
}

/** dst[0..n) = 0 (float32). */
// @ts-ignore: decorator
@inline function zeroRun(dst: usize, n: i32): void {
  if (n > SHORT_RUN) {
    memory.fill(dst, 0, <usize>n << 2);
    return;
  }
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      v128.store(dst + (<usize>i << 2), i32x4.splat(0));
    }
  }
  for (; i < n; i++) {
    store<f32>(dst + (<usize>i << 2), 0);
  }
}

/** dst[0..n) += src[0..n) (float32). */
export function addRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}
