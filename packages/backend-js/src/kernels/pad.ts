import { type KernelArgs, stridesOf } from "@myelin/backend";

import { copyRange } from "../copy-rows.js";
import type { JsKernel } from "../kernel.js";
import { offsetsOf } from "../shape.js";
import { jsValues } from "../storage.js";

/** Fills y with the pad value, then copies each row of x to its place inside. */
export const padKernel: JsKernel<"Pad"> = {
  id: "Pad",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Pad">) => {
    const xInfo = inputs[0]!;
    const yInfo = outputs[0]!;
    const x = jsValues(xInfo);
    const y = jsValues(yInfo);
    y.fill(attrs.value);
    const rank = xInfo.shape.length;
    if (xInfo.size === 0) {
      return;
    }
    if (rank === 0) {
      y[0] = x[0]!;
      return;
    }

    const yStrides = stridesOf(yInfo.shape);
    let base = 0;
    for (let d = 0; d < rank; d++) {
      base += attrs.paddings[d]![0] * yStrides[d]!;
    }
    const length = xInfo.shape[rank - 1]!;
    const starts = offsetsOf(xInfo.shape.slice(0, -1), yStrides.slice(0, -1));
    for (let r = 0; r < starts.length; r++) {
      copyRange(x, r * length, y, base + starts[r]!, length);
    }
  },
};
