import { type KernelArgs, sizeOf } from "@myelin/backend";

import { copyRange } from "../copy-rows.js";
import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/**
 * Picks slices of x along one axis by index: y[o, j, t] = x[o, indices[j], t],
 * with o the axes before `axis`, j the flattened indices and t the axes after.
 */
export const gatherKernel: JsKernel<"Gather"> = {
  id: "Gather",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Gather">) => {
    const xInfo = inputs[0]!;
    const x = jsValues(xInfo);
    const indices = jsValues(inputs[1]!);
    const y = jsValues(outputs[0]!);
    const outer = sizeOf(xInfo.shape.slice(0, attrs.axis));
    const n = xInfo.shape[attrs.axis]!;
    const inner = sizeOf(xInfo.shape.slice(attrs.axis + 1));
    const m = indices.length;

    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        const from = o * n;
        const to = o * m;
        for (let j = 0; j < m; j++) {
          y[to + j] = x[from + indices[j]!]!;
        }
      }
      return;
    }
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const from = (o * n + indices[j]!) * inner;
        copyRange(x, from, y, (o * m + j) * inner, inner);
      }
    }
  },
};
