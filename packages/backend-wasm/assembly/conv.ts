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

  let out = cols;
  for (let pix = first; pix < first + count; pix++) {
    const ox = pix % ow;
    const t = pix / ow;
    const oy = t % oh;
    const b = t / oh;
    const image = x + (<usize>b * <usize>h * <usize>w * <usize>cin << 2);
    for (let ky = 0; ky < kh; ky++) {
      const iy = oy * sh - pt + ky * dh;
      for (let kx = 0; kx < kw; kx++) {
        const ix = ox * sw - pl + kx * dw;
        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
          const src = image + ((<usize>(iy * w + ix) * <usize>cin + <usize>c0) << 2);
          memory.copy(out, src, runBytes);
        } else {
          memory.fill(out, 0, runBytes);
        }
        out += runBytes;
      }
    }
  }
}

/** dx += the adjoint of im2col for the same pixels: each cell adds into its input. */
export function col2im(cols: usize, dx: usize, g: usize, first: i32, count: i32): void {
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

  let src = cols;
  for (let pix = first; pix < first + count; pix++) {
    const ox = pix % ow;
    const t = pix / ow;
    const oy = t % oh;
    const b = t / oh;
    const image = dx + (<usize>b * <usize>h * <usize>w * <usize>cin << 2);
    for (let ky = 0; ky < kh; ky++) {
      const iy = oy * sh - pt + ky * dh;
      for (let kx = 0; kx < kw; kx++) {
        const ix = ox * sw - pl + kx * dw;
        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
          const dst = image + ((<usize>(iy * w + ix) * <usize>cin + <usize>c0) << 2);
          addRun(dst, src, cg);
        }
        src += runBytes;
      }
    }
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
