// Max and average pooling (channels-last) and their gradients, vectorised
// along the contiguous channel axis.

import { param } from "./params";

// Geometry block, shared with src/kernels/pool2d.ts:
// [batch, h, w, c, poolH, poolW, strideH, strideW, padTop, padLeft, oh, ow]
const P_BATCH = 0;
const P_H = 1;
const P_W = 2;
const P_C = 3;
const P_PH = 4;
const P_PW = 5;
const P_SH = 6;
const P_SW = 7;
const P_PT = 8;
const P_PL = 9;
const P_OH = 10;
const P_OW = 11;

/**
 * y [batch, oh, ow, c] = max or mean of each window of x; padded cells never
 * win a max nor count in a mean; a NaN wins a max. A window wholly in
 * padding gives -Infinity (max) or 0 (mean).
 */
export function pool2d(x: usize, y: usize, g: usize, isMax: bool): void {
  poolWindows(x, y, 0, g, isMax, false);
}

/**
 * dx += the gradient of pool2d for dy. Max sends each dy to the first cell
 * (row-major within the window) holding the window's max, or its first NaN; mean spreads it
 * evenly over the window's real cells.
 */
export function pool2dBackprop(x: usize, dy: usize, dx: usize, g: usize, isMax: bool): void {
  poolWindows(x, dy, dx, g, isMax, true);
}

/**
 * Visits each output pixel's window, clipped to the image: pools it into y,
 * or with `backprop` sends that pixel's dy back onto dx. `out` walks y or dy
 * one pixel at a time. Both callers pass a constant `backprop`, so each
 * inlined copy keeps only its own branch.
 */
// @ts-ignore: decorator
@inline function poolWindows(
  x: usize,
  out: usize,
  dx: usize,
  g: usize,
  isMax: bool,
  backprop: bool,
): void {
  const batch = param(g, P_BATCH);
  const h = param(g, P_H);
  const w = param(g, P_W);
  const c = param(g, P_C);
  const ph = param(g, P_PH);
  const pw = param(g, P_PW);
  const sh = param(g, P_SH);
  const sw = param(g, P_SW);
  const pt = param(g, P_PT);
  const pl = param(g, P_PL);
  const oh = param(g, P_OH);
  const ow = param(g, P_OW);
  const pixelBytes = <usize>c << 2;

  let pixel = out;
  for (let b = 0; b < batch; b++) {
    const imageOffset = <usize>b * <usize>h * <usize>w * pixelBytes;
    const image = x + imageOffset;
    const dImage = dx + imageOffset;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = max(0, oy * sh - pt);
      const y1 = min(h, oy * sh - pt + ph);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = max(0, ox * sw - pl);
        const x1 = min(w, ox * sw - pl + pw);
        const cells = max(0, y1 - y0) * max(0, x1 - x0);
        if (!backprop) {
          poolWindow(image, pixel, w, c, pixelBytes, y0, y1, x0, x1, cells, isMax);
        } else if (cells > 0) {
          if (isMax) {
            maxWindowBackprop(image, dImage, pixel, w, c, y0, y1, x0, x1);
          } else {
            meanWindowBackprop(dImage, pixel, w, c, y0, y1, x0, x1, 1.0 / <f32>cells);
          }
        }
        pixel += pixelBytes;
      }
    }
  }
}

/** y at one pixel = the max or mean over its window's `cells` real cells. */
// @ts-ignore: decorator
@inline function poolWindow(
  image: usize,
  y: usize,
  w: i32,
  c: i32,
  pixelBytes: usize,
  y0: i32,
  y1: i32,
  x0: i32,
  x1: i32,
  cells: i32,
  isMax: bool,
): void {
  const scale: f32 = cells > 0 ? 1.0 / <f32>cells : 0;
  const init: f32 = isMax ? -Infinity : 0;
  let ch = 0;
  if (ASC_FEATURE_SIMD) {
    for (; ch + 4 <= c; ch += 4) {
      let acc = f32x4.splat(init);
      for (let iy = y0; iy < y1; iy++) {
        let p = image + (<usize>(iy * w + x0) * pixelBytes) + (<usize>ch << 2);
        for (let ix = x0; ix < x1; ix++) {
          const v = v128.load(p);
          acc = isMax ? f32x4.max(acc, v) : f32x4.add(acc, v);
          p += pixelBytes;
        }
      }
      if (!isMax) {
        acc = f32x4.mul(acc, f32x4.splat(scale));
      }
      v128.store(y + (<usize>ch << 2), acc);
    }
  }
  for (; ch < c; ch++) {
    let acc = init;
    for (let iy = y0; iy < y1; iy++) {
      let p = image + (<usize>(iy * w + x0) * pixelBytes) + (<usize>ch << 2);
      for (let ix = x0; ix < x1; ix++) {
        const v = load<f32>(p);
        acc = isMax ? max<f32>(acc, v) : acc + v;
        p += pixelBytes;
      }
    }
    if (!isMax) {
      acc *= scale;
    }
    store<f32>(y + (<usize>ch << 2), acc);
  }
}

function maxWindowBackprop(
  image: usize,
  dImage: usize,
  grad: usize,
  w: i32,
  c: i32,
  y0: i32,
  y1: i32,
  x0: i32,
  x1: i32,
): void {
  const pixelBytes = <usize>c << 2;
  let ch = 0;
  if (ASC_FEATURE_SIMD) {
    // Four channels at once, branch-free: a data-dependent branch per cell
    // mispredicts about half the time on real activations.
    const firstCell = y0 * w + x0;
    for (; ch + 4 <= c; ch += 4) {
      const lane = <usize>ch << 2;
      let best = v128.load(image + <usize>firstCell * pixelBytes + lane);
      let bestCell = i32x4.splat(firstCell);
      for (let iy = y0; iy < y1; iy++) {
        for (let ix = x0; ix < x1; ix++) {
          const cell = iy * w + ix;
          const v = v128.load(image + <usize>cell * pixelBytes + lane);
          // Take v when larger, or when it is the first NaN (a NaN best keeps its place).
          const nanOverNumber = v128.and(f32x4.ne(v, v), f32x4.eq(best, best));
          const take = v128.or(f32x4.gt(v, best), nanOverNumber);
          best = v128.bitselect(v, best, take);
          bestCell = v128.bitselect(i32x4.splat(cell), bestCell, take);
        }
      }
      const g = v128.load(grad + lane);
      const cells = bestCell;
      addAt(dImage, pixelBytes, i32x4.extract_lane(cells, 0), lane, f32x4.extract_lane(g, 0));
      addAt(dImage, pixelBytes, i32x4.extract_lane(cells, 1), lane + 4, f32x4.extract_lane(g, 1));
      addAt(dImage, pixelBytes, i32x4.extract_lane(cells, 2), lane + 8, f32x4.extract_lane(g, 2));
      addAt(dImage, pixelBytes, i32x4.extract_lane(cells, 3), lane + 12, f32x4.extract_lane(g, 3));
    }
  }
  for (; ch < c; ch++) {
    const lane = <usize>ch << 2;
    let best: f32 = -Infinity;
    let bestCell = y0 * w + x0;
    let first = true;
    for (let iy = y0; iy < y1; iy++) {
      for (let ix = x0; ix < x1; ix++) {
        const cell = iy * w + ix;
        const v = load<f32>(image + <usize>cell * pixelBytes + lane);
        if (first || v > best || (v != v && best == best)) {
          best = v;
          bestCell = cell;
          first = false;
        }
      }
    }
    const target = dImage + <usize>bestCell * pixelBytes + lane;
    store<f32>(target, load<f32>(target) + load<f32>(grad + lane));
  }
}

// @ts-ignore: decorator
@inline function addAt(dImage: usize, pixelBytes: usize, cell: i32, lane: usize, value: f32): void {
  const target = dImage + <usize>cell * pixelBytes + lane;
  store<f32>(target, load<f32>(target) + value);
}

function meanWindowBackprop(
  dImage: usize,
  grad: usize,
  w: i32,
  c: i32,
  y0: i32,
  y1: i32,
  x0: i32,
  x1: i32,
  scale: f32,
): void {
  const pixelBytes = <usize>c << 2;
  for (let iy = y0; iy < y1; iy++) {
    for (let ix = x0; ix < x1; ix++) {
      const target = dImage + <usize>(iy * w + ix) * pixelBytes;
      let ch = 0;
      if (ASC_FEATURE_SIMD) {
        const s = f32x4.splat(scale);
        for (; ch + 4 <= c; ch += 4) {
          const o = <usize>ch << 2;
          const add = f32x4.mul(v128.load(grad + o), s);
          v128.store(target + o, f32x4.add(v128.load(target + o), add));
        }
      }
      for (; ch < c; ch++) {
        const o = <usize>ch << 2;
        store<f32>(target + o, load<f32>(target + o) + load<f32>(grad + o) * scale);
      }
    }
  }
}
