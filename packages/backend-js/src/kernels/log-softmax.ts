import type { KernelArgs } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/**
 * Log-softmax along the last axis as (x - max) - log(sum(exp(x - max))):
 * the shift is exact, so equal logits give exactly -log(n) however large.
 */
export const logSoftmaxKernel: JsKernel<"LogSoftmax"> = {
  id: "LogSoftmax",
  backendName: "js",
  run: ({ inputs, outputs }: KernelArgs<"LogSoftmax">) => {
    const xInfo = inputs[0]!;
    const x = jsValues(xInfo);
    const y = jsValues(outputs[0]!);
    const n = xInfo.shape[xInfo.shape.length - 1] ?? 1;
    if (xInfo.size === 0) {
      return;
    }

    for (let start = 0; start < xInfo.size; start += n) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        const v = x[start + j]!;
        max = v > max || v !== v ? v : max;
      }
      let sum = 0;
      for (let j = 0; j < n; j++) {
        sum += Math.exp(x[start + j]! - max);
      }
      const logSum = Math.log(sum);
      for (let j = 0; j < n; j++) {
        y[start + j] = x[start + j]! - max - logSum;
      }
    }
  },
};
