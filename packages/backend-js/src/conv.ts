// Geometry of channels-last 2-D convolutions, shared by Conv2D and both of
// its gradients, and the im2col scratch their packed products run on.

import type { Conv2DAttrs, TypedArray } from "@myelin/backend";

/** Sizes of one channels-last 2-D convolution, read off its tensors. */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
  groups: number;
  /** Input channels per group. */
  groupInC: number;
  /** Output channels per group. */
  groupOutC: number;
  /** Output pixels over the whole batch: the rows of the im2col matrix. */
  pixels: number;
  /** Columns of the im2col matrix of one group: kH * kW * groupInC. */
  patch: number;
}

/**
 * Reads the geometry from x's shape [batch, h, w, cin], the filter's
 * [kh, kw, cin / groups, cout] and y's [batch, oh, ow, cout].
 */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  yShape: readonly number[],
  attrs: Conv2DAttrs,
): ConvGeometry {
  const [batch, inH, inW, inC] = xShape as [number, number, number, number];
  const [kH, kW, groupInC, outC] = filterShape as [number, number, number, number];
  const [, outH, outW] = yShape as [number, number, number, number];
  const groups = attrs.groups;
  return {
    batch,
    inH,
    inW,
    inC,
    outH,
    outW,
    outC,
    kH,
    kW,
    strideH: attrs.strides[0],
    strideW: attrs.strides[1],
    dilationH: attrs.dilations[0],
    dilationW: attrs.dilations[1],
    padTop: attrs.pads[0],
    padLeft: attrs.pads[2],
    groups,
    groupInC,
    groupOutC: outC / groups,
    pixels: batch * outH * outW,
    patch: kH * kW * groupInC,
  };
}

/** Where one output pixel's filter window starts on the input. */
export interface WindowOrigin {
  /** Batch index of the pixel. */
  batch: number;
  /** Input row under the window's first tap; negative inside the top padding. */
  row: number;
  /** Input column under the window's first tap; negative inside the left padding. */
  col: number;
}

/**
 * Writes where output pixel `p`'s window starts (pixels numbered over batch,
 * output row, output column) into `origin`; tap (kh, kw) then reads input
 * row `row + kh * dilationH` and column `col + kw * dilationW`. The record is
 * the caller's, so the per-pixel loops allocate nothing.
 */
export function windowOrigin(g: ConvGeometry, p: number, origin: WindowOrigin): void {
  const ow = p % g.outW;
  const rest = (p - ow) / g.outW;
  const oh = rest % g.outH;
  origin.batch = (rest - oh) / g.outH;
  origin.row = oh * g.strideH - g.padTop;
  origin.col = ow * g.strideW - g.padLeft;
}

/** True when the convolution is a plain per-pixel product (1x1, stride 1, no padding). */
export function isPointwise(g: ConvGeometry): boolean {
  return (
    g.kH === 1 &&
    g.kW === 1 &&
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.outH === g.inH &&
    g.outW === g.inW
  );
}

/**
 * Grouped convolutions with few channels per group (depthwise ones above
 * all) make products too thin to pay for packing; they run as direct loops.
 */
export function prefersDirect(g: ConvGeometry): boolean {
  return g.groups > 1 && g.groupInC * g.groupOutC < 32;
}

// Budget of the im2col scratch, in elements (1 MiB of doubles).
const COLUMN_BUDGET = 1 << 17;

let columns = new Float64Array(COLUMN_BUDGET);

/** Output pixels per im2col chunk, so the chunk fits the scratch budget. */
export function chunkRows(g: ConvGeometry): number {
  return Math.max(4, Math.floor(COLUMN_BUDGET / Math.max(1, g.patch)));
}

/** The shared im2col scratch, grown to hold `rows` rows of the patch matrix. */
export function columnScratch(g: ConvGeometry, rows: number): Float64Array {
  if (columns.length < rows * g.patch) {
    columns = new Float64Array(rows * g.patch);
  }
  return columns;
}

/**
 * Writes rows p0..p1-1 of group `group`'s patch matrix into `cols`: one row
 * per output pixel, holding the input values under the filter window
 * (kh, kw, channel order), with zeros where the window hangs over the padding.
 */
export function im2col(
  g: ConvGeometry,
  x: TypedArray,
  group: number,
  p0: number,
  p1: number,
  cols: Float64Array,
): void {
  const channels = g.groupInC;
  const channel0 = group * channels;
  const rowWidth = g.kW * channels;
  const origin: WindowOrigin = { batch: 0, row: 0, col: 0 };
  let dst = 0;
  for (let p = p0; p < p1; p++) {
    windowOrigin(g, p, origin);
    const { batch: b, row: ih0, col: iw0 } = origin;
    for (let kh = 0; kh < g.kH; kh++) {
      const ih = ih0 + kh * g.dilationH;
      if (ih < 0 || ih >= g.inH) {
        cols.fill(0, dst, dst + rowWidth);
        dst += rowWidth;
        continue;
      }
      const imageRow = (b * g.inH + ih) * g.inW;
      for (let kw = 0; kw < g.kW; kw++) {
        const iw = iw0 + kw * g.dilationW;
        if (iw < 0 || iw >= g.inW) {
          cols.fill(0, dst, dst + channels);
        } else {
          const src = (imageRow + iw) * g.inC + channel0;
          for (let c = 0; c < channels; c++) {
            cols[dst + c] = x[src + c]!;
          }
        }
        dst += channels;
      }
    }
  }
}

/** The adjoint of {@link im2col}: adds each patch row back onto the image cells it came from. */
export function col2im(
  g: ConvGeometry,
  cols: Float64Array,
  group: number,
  p0: number,
  p1: number,
  dx: TypedArray,
): void {
  const channels = g.groupInC;
  const channel0 = group * channels;
  const rowWidth = g.kW * channels;
  const origin: WindowOrigin = { batch: 0, row: 0, col: 0 };
  let src = 0;
  for (let p = p0; p < p1; p++) {
    windowOrigin(g, p, origin);
    const { batch: b, row: ih0, col: iw0 } = origin;
    for (let kh = 0; kh < g.kH; kh++) {
      const ih = ih0 + kh * g.dilationH;
      if (ih < 0 || ih >= g.inH) {
        src += rowWidth;
        continue;
      }
      const imageRow = (b * g.inH + ih) * g.inW;
      for (let kw = 0; kw < g.kW; kw++) {
        const iw = iw0 + kw * g.dilationW;
        if (iw >= 0 && iw < g.inW) {
          const dst = (imageRow + iw) * g.inC + channel0;
          for (let c = 0; c < channels; c++) {
            dx[dst + c] = dx[dst + c]! + cols[src + c]!;
          }
        }
        src += channels;
      }
    }
  }
}
