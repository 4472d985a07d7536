import type { KernelArgs, TypedArray } from "@myelin/backend";

import {
  chunkRows,
  columnScratch,
  type ConvGeometry,
  convGeometry,
  im2col,
  isPointwise,
  prefersDirect,
  type WindowOrigin,
  windowOrigin,
} from "../conv.js";
import { gemm, view } from "../gemm.js";
import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

let pixelScratch = new Float64Array(64);

/**
 * Channels-last 2-D cross-correlation. Per group, chunks of output pixels
 * are unrolled into a patch matrix (im2col) and multiplied by the filter
 * with the packed matMul; a 1x1 convolution with stride 1 multiplies x
 * itself, and thin grouped convolutions (depthwise) run as direct loops.
 */
export const conv2dKernel: JsKernel<"Conv2D"> = {
  id: "Conv2D",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Conv2D">) => {
    const xInfo = inputs[0]!;
    const wInfo = inputs[1]!;
    const yInfo = outputs[0]!;
    const x = jsValues(xInfo);
    const w = jsValues(wInfo);
    const y = jsValues(yInfo);
    const g = convGeometry(xInfo.shape, wInfo.shape, yInfo.shape, attrs);
    if (yInfo.size === 0) {
      return;
    }

    if (isPointwise(g)) {
      for (let group = 0; group < g.groups; group++) {
        const xView = view(x, group * g.groupInC, g.inC);
        const wView = view(w, group * g.groupOutC, g.outC);
        const yView = view(y, group * g.groupOutC, g.outC);
        gemm(g.pixels, g.groupOutC, g.groupInC, xView, wView, yView, false);
      }
      return;
    }
    if (prefersDirect(g)) {
      convDirect(g, x, w, y);
      return;
    }

    const rows = chunkRows(g);
    const cols = columnScratch(g, Math.min(rows, g.pixels));
    for (let p0 = 0; p0 < g.pixels; p0 += rows) {
      const p1 = Math.min(p0 + rows, g.pixels);
      for (let group = 0; group < g.groups; group++) {
        im2col(g, x, group, p0, p1, cols);
        const wView = view(w, group * g.groupOutC, g.outC);
        const yView = view(y, p0 * g.outC + group * g.groupOutC, g.outC);
        gemm(p1 - p0, g.groupOutC, g.patch, view(cols, 0, g.patch), wView, yView, false);
      }
    }
  },
};

/**
 * One output pixel at a time, accumulating every channel of it in double
 * precision; plain depthwise filters get a loop along the channels.
 */
function convDirect(g: ConvGeometry, x: TypedArray, w: TypedArray, y: TypedArray): void {
  if (pixelScratch.length < g.outC) {
    pixelScratch = new Float64Array(g.outC);
  }
  const acc = pixelScratch;
  const { groupInC, groupOutC, outC } = g;
  // One input and one output channel per group: every loop runs along channels.
  const depthwise = groupInC === 1 && groupOutC === 1;
  const origin: WindowOrigin = { batch: 0, row: 0, col: 0 };
  for (let p = 0; p < g.pixels; p++) {
    windowOrigin(g, p, origin);
    const { batch: b, row: ih0, col: iw0 } = origin;
    acc.fill(0, 0, outC);
    for (let kh = 0; kh < g.kH; kh++) {
      const ih = ih0 + kh * g.dilationH;
      if (ih < 0 || ih >= g.inH) {
        continue;
      }
      for (let kw = 0; kw < g.kW; kw++) {
        const iw = iw0 + kw * g.dilationW;
        if (iw < 0 || iw >= g.inW) {
          continue;
        }
        const xBase = ((b * g.inH + ih) * g.inW + iw) * g.inC;
        const wBase = (kh * g.kW + kw) * groupInC * outC;
        if (depthwise) {
          for (let c = 0; c < outC; c++) {
            acc[c] = acc[c]! + x[xBase + c]! * w[wBase + c]!;
          }
          continue;
        }
        for (let group = 0; group < g.groups; group++) {
          const c0 = group * groupOutC;
          for (let ci = 0; ci < groupInC; ci++) {
            const xv = x[xBase + group * groupInC + ci]!;
            const wRow = wBase + ci * outC + c0;
            for (let j = 0; j < groupOutC; j++) {
              acc[c0 + j] = acc[c0 + j]! + xv * w[wRow + j]!;
            }
          }
        }
      }
    }
    const yRow = p * outC;
    for (let c = 0; c < outC; c++) {
      y[yRow + c] = acc[c]!;
    }
  }
}
