import { BYTES_PER_ELEMENT } from "@myelin/backend";
import { DTYPE_CODES } from "../op-codes.js";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** Converts between all dtypes with the rules of JavaScript typed arrays. */
export const castKernel: WasmKernel<"Cast"> = {
  id: "Cast",
  writesAllOutputs: true,
  note: "all dtype pairs; floats to int32 truncate toward zero and wrap like Int32Array",
  setup: (runtime) => {
    const { cast } = runtime.exports;
    return ({ inputs: [x], outputs: [y] }) => {
      if (x!.dtype === y!.dtype) {
        const bytes = y!.size * BYTES_PER_ELEMENT[y!.dtype];
        runtime.u8().copyWithin(ptr(y!), ptr(x!), ptr(x!) + bytes);
        return;
      }
      cast(ptr(x!), ptr(y!), y!.size, DTYPE_CODES[x!.dtype], DTYPE_CODES[y!.dtype]);
    };
  },
};
