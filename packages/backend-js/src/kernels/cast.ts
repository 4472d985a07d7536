import type { KernelArgs } from "@myelin/backend";

import { convertInto } from "../convert.js";
import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/** Converts x to y's dtype; floats become int32 by truncation toward zero. */
export const castKernel: JsKernel<"Cast"> = {
  id: "Cast",
  backendName: "js",
  run: ({ inputs, outputs }: KernelArgs<"Cast">) => {
    const yInfo = outputs[0]!;
    convertInto(jsValues(inputs[0]!), jsValues(yInfo), yInfo.dtype, yInfo.size);
  },
};
