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

let filterScratch = new Float64Array(256);

/**
 * The gradient of Conv2D with respect to the filter: per group and chunk of
 * output pixels, dfilter += cols^T * dy with the packed matMul. The same fast
 * paths as Conv2D apply.
 */
export const conv2dBackpropFilterKernel: JsKernel<"Conv2DBackpropFilter"> = {
  id: "Conv2DBackpropFilter",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Conv2DBackpropFilter">) => {
    const xInfo = inputs[0]!;
    const dyInfo = inputs[1]!;
    const dwInfo = outputs[0]!;
    const x = jsValues(xInfo);
    const dy = jsValues(dyInfo);
    const dw = jsValues(dwInfo);
    const g = convGeometry(xInfo.shape, dwInfo.shape, dyInfo.shape, attrs);
    dw.fill(0);
    if (dyInfo.size === 0) {
      return;
    }

    const { groupInC, groupOutC, inC, outC, patch } = g;
    if (isPointwise(g)) {
      for (let group = 0; group < g.groups; group++) {
        const xTransposed = view(x, group * groupInC, 1, inC);
        const dyView = view(dy, group * groupOutC, outC);
        const dwView = view(dw, group * groupOutC, outC);
        gemm(groupInC, groupOutC, g.pixels, xTransposed, dyView, dwView, false);
      }
      return;
    }
    if (prefersDirect(g)) {
      backpropFilterDirect(g, x, dy, dw);
      return;
    }

    const rows = chunkRows(g);
    const cols = columnScratch(g, Math.min(rows, g.pixels));
    for (let p0 = 0; p0 < g.pixels; p0 += rows) {
      const p1 = Math.min(p0 + rows, g.pixels);
      for (let group = 0; group < g.groups; group++) {
        im2col(g, x, group, p0, p1, cols);
        const colsTransposed = view(cols, 0, 1, patch);
        const dyView = view(dy, p0 * outC + group * groupOutC, outC);
        const dwView = view(dw, group * groupOutC, outC);
        gemm(patch, groupOutC, p1 - p0, colsTransposed, dyView, dwView, true);
      }
    }
  },
};

/** Accumulates x * dy over every pixel and tap into a double-precision filter. */
function backpropFilterDirect(
  g: ConvGeometry,
  x: TypedArray,
  dy: TypedArray,
  dw: TypedArray,
): void {
  const size = g.kH * g.kW * g.groupInC * g.outC;
  if (filterScratch.length < size) {
    filterScratch = new Float64Array(size);
  }
  const acc = filterScratch;
  acc.fill(0, 0, size);
  const { groupInC, groupOutC, outC } = g;
  const depthwise = groupInC === 1 && groupOutC === 1;
  const origin: WindowOrigin = { batch: 0, row: 0, col: 0 };
  for (let p = 0; p < g.pixels; p++) {
    windowOrigin(g, p, origin);
    const { batch: b, row: ih0, col: iw0 } = origin;
    const dyRow = p * outC;
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
            acc[wBase + c] = acc[wBase + c]! + x[xBase + c]! * dy[dyRow + c]!;
          }
          continue;
        }
        for (let group = 0; group < g.groups; group++) {
          const c0 = group * groupOutC;
          for (let ci = 0; ci < groupInC; ci++) {
            const xv = x[xBase + group * groupInC + ci]!;
            const wRow = wBase + ci * outC + c0;
            for (let j = 0; j < groupOutC; j++) {
              acc[wRow + j] = acc[wRow + j]! + xv * dy[dyRow + c0 + j]!;
            }
          }
        }
      }
    }
  }
  for (let i = 0; i < size; i++) {
    dw[i] = acc[i]!;
  }
}
