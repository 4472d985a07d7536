import type { KernelArgs } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

// exp(x - max) of the current row, kept in double precision until the divide.
let rowExps = new Float64Array(256);

/** Softmax along the last axis, shifted by each row's max so exp never overflows. */
export const softmaxKernel: JsKernel<"Softmax"> = {
  id: "Softmax",
  backendName: "js",
  run: ({ inputs, outputs }: KernelArgs<"Softmax">) => {
    const xInfo = inputs[0]!;
    const x = jsValues(xInfo);
    const y = jsValues(outputs[0]!);
    const n = xInfo.shape[xInfo.shape.length - 1] ?? 1;
    if (xInfo.size === 0) {
      return;
    }
    if (rowExps.length < n) {
      rowExps = new Float64Array(n);
    }
    const exps = rowExps;

    for (let start = 0; start < xInfo.size; start += n) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        const v = x[start + j]!;
        max = v > max || v !== v ? v : max;
      }
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(x[start + j]! - max);
        exps[j] = e;
        sum += e;
      }
      for (let j = 0; j < n; j++) {
        y[start + j] = exps[j]! / sum;
      }
    }
  },
};
