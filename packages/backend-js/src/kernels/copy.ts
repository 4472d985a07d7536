import type { KernelArgs } from "@myelin/backend";

import { convertInto } from "../convert.js";
import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/** Copies x into y (y's dtype and shape), the way the core materialises a tensor. */
export const copyKernel: JsKernel<"Copy"> = {
  id: "Copy",
  backendName: "js",
  run: ({ inputs, outputs }: KernelArgs<"Copy">) => {
    const yInfo = outputs[0]!;
    convertInto(jsValues(inputs[0]!), jsValues(yInfo), yInfo.dtype, yInfo.size);
  },
};
