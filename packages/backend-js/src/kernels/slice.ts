import { collapse, type KernelArgs, stridesOf } from "@myelin/backend";

import { copyRows } from "../copy-rows.js";
import type { JsKernel } from "../kernel.js";
import { offsetsOf } from "../shape.js";
import { jsValues } from "../storage.js";

/**
 * A strided box of x: y[i] = x[begin + i * strides] on every axis (a
 * negative stride walks backwards). Axes the box spans whole merge into
 * longer rows, which are copied through views when contiguous.
 */
export const sliceKernel: JsKernel<"Slice"> = {
  id: "Slice",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Slice">) => {
    const xInfo = inputs[0]!;
    const yInfo = outputs[0]!;
    const x = jsValues(xInfo);
    const y = jsValues(yInfo);
    if (yInfo.size === 0) {
      return;
    }

    const xStrides = stridesOf(xInfo.shape);
    let base = 0;
    for (let d = 0; d < xStrides.length; d++) {
      base += attrs.begin[d]! * xStrides[d]!;
    }
    const readStrides = xStrides.map((s, d) => s * attrs.strides[d]!);
    const plan = collapse(yInfo.shape, [readStrides, stridesOf(yInfo.shape)]);
    const read = plan.strides[0]!;
    const rank = plan.shape.length;

    const length = plan.shape[rank - 1]!;
    const starts = offsetsOf(plan.shape.slice(0, -1), read.slice(0, -1));
    copyRows(x, starts, base, read[rank - 1]!, y, 0, length, length);
  },
};
