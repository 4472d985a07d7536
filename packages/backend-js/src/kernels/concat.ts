import { type KernelArgs, sizeOf } from "@myelin/backend";

import { copyRange } from "../copy-rows.js";
import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/** Joins tensors along one axis: each output row is the inputs' rows side by side. */
export const concatKernel: JsKernel<"Concat"> = {
  id: "Concat",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Concat">) => {
    const yInfo = outputs[0]!;
    const y = jsValues(yInfo);
    const outer = sizeOf(yInfo.shape.slice(0, attrs.axis));
    const yRow = sizeOf(yInfo.shape.slice(attrs.axis));

    let column = 0;
    for (const input of inputs) {
      const x = jsValues(input);
      const row = sizeOf(input.shape.slice(attrs.axis));
      for (let o = 0; o < outer; o++) {
        copyRange(x, o * row, y, o * yRow + column, row);
      }
      column += row;
    }
  },
};
