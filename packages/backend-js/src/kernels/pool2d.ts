import type { KernelArgs } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { poolGeometry } from "../pool.js";
import { jsValues } from "../storage.js";

let channelScratch = new Float64Array(64);

/**
 * Max or average pooling, channels-last. Each window is clipped to the image
 * first, so padded cells never win a max and never count in a mean. Whole
 * rows of channels are combined at once, the contiguous axis innermost.
 */
export const pool2dKernel: JsKernel<"Pool2D"> = {
  id: "Pool2D",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Pool2D">) => {
    const x = jsValues(inputs[0]!);
    const y = jsValues(outputs[0]!);
    const g = poolGeometry(inputs[0]!.shape, outputs[0]!.shape, attrs);
    const channels = g.channels;
    if (channelScratch.length < channels) {
      channelScratch = new Float64Array(channels);
    }
    const acc = channelScratch;
    const isMax = attrs.mode === "max";

    for (let b = 0; b < g.batch; b++) {
      for (let oh = 0; oh < g.outH; oh++) {
        const h0 = oh * g.strideH - g.padTop;
        const hStart = Math.max(h0, 0);
        const hEnd = Math.min(h0 + g.poolH, g.inH);
        for (let ow = 0; ow < g.outW; ow++) {
          const w0 = ow * g.strideW - g.padLeft;
          const wStart = Math.max(w0, 0);
          const wEnd = Math.min(w0 + g.poolW, g.inW);
          acc.fill(isMax ? -Infinity : 0, 0, channels);
          for (let ih = hStart; ih < hEnd; ih++) {
            for (let iw = wStart; iw < wEnd; iw++) {
              const cell = ((b * g.inH + ih) * g.inW + iw) * channels;
              if (isMax) {
                for (let c = 0; c < channels; c++) {
                  const v = x[cell + c]!;
                  const m = acc[c]!;
                  acc[c] = v > m || v !== v ? v : m;
                }
              } else {
                for (let c = 0; c < channels; c++) {
                  acc[c] = acc[c]! + x[cell + c]!;
                }
              }
            }
          }
          const count = (hEnd - hStart) * (wEnd - wStart);
          const scale = isMax ? 1 : count > 0 ? 1 / count : 0;
          const yRow = ((b * g.outH + oh) * g.outW + ow) * channels;
          for (let c = 0; c < channels; c++) {
            y[yRow + c] = isMax ? acc[c]! : acc[c]! * scale;
          }
        }
      }
    }
  },
};
