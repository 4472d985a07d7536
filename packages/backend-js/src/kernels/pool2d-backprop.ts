import type { KernelArgs } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { poolGeometry } from "../pool.js";
import { jsValues } from "../storage.js";

let bestValues = new Float64Array(64);
let bestCells = new Int32Array(64);

/**
 * The gradient of Pool2D. Max routes each window's gradient to its first
 * arg-max (scanning rows, then columns, as the forward pass does; a NaN
 * wins); average spreads it evenly over the window's cells inside the image.
 */
export const pool2dBackpropKernel: JsKernel<"Pool2DBackprop"> = {
  id: "Pool2DBackprop",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Pool2DBackprop">) => {
    const x = jsValues(inputs[0]!);
    const dy = jsValues(inputs[1]!);
    const dx = jsValues(outputs[0]!);
    const g = poolGeometry(inputs[0]!.shape, inputs[1]!.shape, attrs);
    const channels = g.channels;
    if (bestValues.length < channels) {
      bestValues = new Float64Array(channels);
      bestCells = new Int32Array(channels);
    }
    const best = bestValues;
    const cells = bestCells;
    const isMax = attrs.mode === "max";
    dx.fill(0);

    for (let b = 0; b < g.batch; b++) {
      for (let oh = 0; oh < g.outH; oh++) {
        const h0 = oh * g.strideH - g.padTop;
        const hStart = Math.max(h0, 0);
        const hEnd = Math.min(h0 + g.poolH, g.inH);
        for (let ow = 0; ow < g.outW; ow++) {
          const w0 = ow * g.strideW - g.padLeft;
          const wStart = Math.max(w0, 0);
          const wEnd = Math.min(w0 + g.poolW, g.inW);
          const dyRow = ((b * g.outH + oh) * g.outW + ow) * channels;

          if (!isMax) {
            const count = (hEnd - hStart) * (wEnd - wStart);
            for (let ih = hStart; ih < hEnd; ih++) {
              for (let iw = wStart; iw < wEnd; iw++) {
                const cell = ((b * g.inH + ih) * g.inW + iw) * channels;
                for (let c = 0; c < channels; c++) {
                  dx[cell + c] = dx[cell + c]! + dy[dyRow + c]! / count;
                }
              }
            }
            continue;
          }

          cells.fill(-1, 0, channels);
          for (let ih = hStart; ih < hEnd; ih++) {
            for (let iw = wStart; iw < wEnd; iw++) {
              const cell = ((b * g.inH + ih) * g.inW + iw) * channels;
              for (let c = 0; c < channels; c++) {
                const v = x[cell + c]!;
                const m = best[c]!;
                if (cells[c]! < 0 || v > m || (v !== v && m === m)) {
                  best[c] = v;
                  cells[c] = cell;
                }
              }
            }
          }
          for (let c = 0; c < channels; c++) {
            const cell = cells[c]!;
            if (cell >= 0) {
              dx[cell + c] = dx[cell + c]! + dy[dyRow + c]!;
            }
          }
        }
      }
    }
  },
};
