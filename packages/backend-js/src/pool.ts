import type { Pool2DAttrs } from "@myelin/backend";

/** Sizes of one channels-last pooling, read off x [batch, h, w, c] and y [batch, oh, ow, c]. */
export interface PoolGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  poolH: number;
  poolW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/** Reads the pooling geometry from the tensors' shapes and the attributes. */
export function poolGeometry(
  xShape: readonly number[],
  yShape: readonly number[],
  attrs: Pool2DAttrs,
): PoolGeometry {
  const [batch, inH, inW, channels] = xShape as [number, number, number, number];
  const [, outH, outW] = yShape as [number, number, number, number];
  return {
    batch,
    inH,
    inW,
    channels,
    outH,
    outW,
    poolH: attrs.poolSize[0],
    poolW: attrs.poolSize[1],
    strideH: attrs.strides[0],
    strideW: attrs.strides[1],
    padTop: attrs.pads[0],
    padLeft: attrs.pads[2],
  };
}
