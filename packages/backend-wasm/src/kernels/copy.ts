import { BYTES_PER_ELEMENT } from "@myelin/backend";
import { DTYPE_CODES } from "../op-codes.js";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** Copies x into y, converting when y's dtype differs. */
export const copyKernel: WasmKernel<"Copy"> = {
  id: "Copy",
  writesAllOutputs: true,
  note: "all dtypes",
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
