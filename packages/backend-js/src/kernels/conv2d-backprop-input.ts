import type { KernelArgs, TypedArray } from "@myelin/backend";

import {
  chunkRows,
  col2im,
  columnScratch,
  type ConvGeometry,
  convGeometry,
  isPointwise,
  prefersDirect,
  type WindowOrigin,
  windowOrigin,
} from "../conv.js";
import { gemm, view } from "../gemm.js";
import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/**
 * The gradient of Conv2D with respect to x: per group and chunk of output
 * pixels, dcols = dy * filter^T with the packed matMul, then col2im adds the
 * patch rows back onto dx. The same fast paths as Conv2D apply.
 */
export const conv2dBackpropInputKernel: JsKernel<"Conv2DBackpropInput"> = {
  id: "Conv2DBackpropInput",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Conv2DBackpropInput">) => {
    const dyInfo = inputs[0]!;
    const wInfo = inputs[1]!;
    const dxInfo = outputs[0]!;
    const dy = jsValues(dyInfo);
    const w = jsValues(wInfo);
    const dx = jsValues(dxInfo);
    const g = convGeometry(dxInfo.shape, wInfo.shape, dyInfo.shape, attrs);
    dx.fill(0);
    if (dyInfo.size === 0) {
      return;
    }

    const { groupInC, groupOutC, inC, outC, patch } = g;
    if (isPointwise(g)) {
      for (let group = 0; group < g.groups; group++) {
        const dyView = view(dy, group * groupOutC, outC);
        const wTransposed = view(w, group * groupOutC, 1, outC);
        const dxView = view(dx, group * groupInC, inC);
        gemm(g.pixels, groupInC, groupOutC, dyView, wTransposed, dxView, false);
      }
      return;
    }
    if (prefersDirect(g)) {
      backpropInputDirect(g, dy, w, dx);
      return;
    }

    const rows = chunkRows(g);
    const cols = columnScratch(g, Math.min(rows, g.pixels));
    for (let p0 = 0; p0 < g.pixels; p0 += rows) {
      const p1 = Math.min(p0 + rows, g.pixels);
      for (let group = 0; group < g.groups; group++) {
        const dyView = view(dy, p0 * outC + group * groupOutC, outC);
        const wTransposed = view(w, group * groupOutC, 1, outC);
        gemm(p1 - p0, patch, groupOutC, dyView, wTransposed, view(cols, 0, patch), false);
        col2im(g, cols, group, p0, p1, dx);
      }
    }
  },
};

/** Scatters each output pixel's gradient through the filter taps onto dx. */
function backpropInputDirect(g: ConvGeometry, dy: TypedArray, w: TypedArray, dx: TypedArray): void {
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
            dx[xBase + c] = dx[xBase + c]! + dy[dyRow + c]! * w[wBase + c]!;
          }
          continue;
        }
        for (let group = 0; group < g.groups; group++) {
          const c0 = group * groupOutC;
          for (let ci = 0; ci < groupInC; ci++) {
            const wRow = wBase + ci * outC + c0;
            let sum = 0;
            for (let j = 0; j < groupOutC; j++) {
              sum += dy[dyRow + c0 + j]! * w[wRow + j]!;
            }
            const at = xBase + group * groupInC + ci;
            dx[at] = dx[at]! + sum;
          }
        }
      }
    }
  }
}
