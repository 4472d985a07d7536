import { type KernelArgs, sizeOf } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/**
 * The adjoint of Gather: y[o, indices[j], t] += updates[o, j, t], so
 * repeated indices add up. y is zeroed first rather than trusted to be.
 */
export const scatterAddKernel: JsKernel<"ScatterAdd"> = {
  id: "ScatterAdd",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"ScatterAdd">) => {
    const updates = jsValues(inputs[0]!);
    const indices = jsValues(inputs[1]!);
    const yInfo = outputs[0]!;
    const y = jsValues(yInfo);
    const outer = sizeOf(yInfo.shape.slice(0, attrs.axis));
    const n = yInfo.shape[attrs.axis]!;
    const inner = sizeOf(yInfo.shape.slice(attrs.axis + 1));
    const m = indices.length;
    y.fill(0);

    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const to = (o * n + indices[j]!) * inner;
        const from = (o * m + j) * inner;
        for (let t = 0; t < inner; t++) {
          y[to + t] = y[to + t]! + updates[from + t]!;
        }
      }
    }
  },
};
