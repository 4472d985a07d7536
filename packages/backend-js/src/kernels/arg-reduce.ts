import { type KernelArgs, sizeOf, type TypedArray } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/**
 * Index of the largest (or smallest) value along one axis. Ties go to the
 * first index, and a NaN wins over every number, as in NumPy.
 */
export const argReduceKernel: JsKernel<"ArgReduce"> = {
  id: "ArgReduce",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"ArgReduce">) => {
    const xInfo = inputs[0]!;
    const x = jsValues(xInfo);
    const y = jsValues(outputs[0]!);
    const outer = sizeOf(xInfo.shape.slice(0, attrs.axis));
    const n = xInfo.shape[attrs.axis]!;
    const inner = sizeOf(xInfo.shape.slice(attrs.axis + 1));
    if (n === 0) {
      return;
    }

    const sign = attrs.op === "argmax" ? 1 : -1;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        y[o * inner + j] = argBest(x, o * n * inner + j, n, inner, sign);
      }
    }
  },
};

/** First index of the best of x[start + i * step], i < n; sign 1 for max, -1 for min. */
function argBest(x: TypedArray, start: number, n: number, step: number, sign: number): number {
  let best = sign * x[start]!;
  let index = 0;
  if (best !== best) {
    return 0;
  }
  for (let i = 1; i < n; i++) {
    const v = sign * x[start + i * step]!;
    if (v !== v) {
      return i;
    }
    if (v > best) {
      best = v;
      index = i;
    }
  }
  return index;
}
