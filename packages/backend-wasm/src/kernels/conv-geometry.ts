import type { Conv2DAttrs } from "@myelin/backend";
import type { WasmRuntime } from "../runtime.js";

/** Floats of im2col scratch per chunk of output pixels (4 MiB). */
const CHUNK_FLOATS = 1 << 20;

/** The sizes of one 2-D convolution, channels-last. */
export interface ConvGeometry {
  batch: number;
  h: number;
  w: number;
  cin: number;
  kh: number;
  kw: number;
  oh: number;
  ow: number;
  cout: number;
  groups: number;
  /** Input channels per group. */
  cg: number;
  /** Output channels per group. */
  coutG: number;
  /** Length of one im2col row: kh * kw * cg. */
  patch: number;
  /** Output pixels over the batch: batch * oh * ow. */
  pixels: number;
  attrs: Conv2DAttrs;
}

/** Geometry from x's shape [batch, h, w, cin], the filter's [kh, kw, cg, cout] and y's. */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  yShape: readonly number[],
  attrs: Conv2DAttrs,
): ConvGeometry {
  const [batch, h, w, cin] = xShape as [number, number, number, number];
  const [kh, kw, cg, cout] = filterShape as [number, number, number, number];
  const [, oh, ow] = yShape as [number, number, number, number];
  return {
    batch,
    h,
    w,
    cin,
    kh,
    kw,
    oh,
    ow,
    cout,
    groups: attrs.groups,
    cg,
    coutG: cout / attrs.groups,
    patch: kh * kw * cg,
    pixels: batch * oh * ow,
    attrs,
  };
}

/** True for a 1x1, stride-1, unpadded, ungrouped convolution: a plain matmul. */
export function isPointwise(g: ConvGeometry): boolean {
  const { strides, pads } = g.attrs;
  return (
    g.kh === 1 &&
    g.kw === 1 &&
    g.groups === 1 &&
    strides[0] === 1 &&
    strides[1] === 1 &&
    pads.every((p) => p === 0)
  );
}

/** Writes the geometry block that im2col and col2im read for `group`. */
export function geometryParams(runtime: WasmRuntime, g: ConvGeometry, group: number): number {
  const { strides, dilations, pads } = g.attrs;
  return runtime.params([
    g.batch,
    g.h,
    g.w,
    g.cin,
    g.kh,
    g.kw,
    strides[0],
    strides[1],
    dilations[0],
    dilations[1],
    pads[0],
    pads[2],
    g.oh,
    g.ow,
    group * g.cg,
    g.cg,
  ]);
}

/** Output pixels per im2col chunk, so the scratch stays near CHUNK_FLOATS. */
export function chunkPixels(g: ConvGeometry): number {
  return Math.max(1, Math.min(g.pixels, Math.floor(CHUNK_FLOATS / Math.max(1, g.patch))));
}
