import { stridesOf } from "@myelin/backend";
import { elementBytes, ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { fillValue } from "./fill.js";
import { stridedCopy } from "./strided-copy.js";

/** Constant padding of any dtype: fill, then copy x into the interior. */
export const padKernel: WasmKernel<"Pad"> = {
  id: "Pad",
  writesAllOutputs: true,
  note: "all dtypes",
  setup: (runtime) => {
    return ({ inputs: [x], outputs: [y], attrs: { paddings, value } }) => {
      const bytes = elementBytes(y!.dtype);
      fillValue(runtime, ptr(y!), y!.dtype, y!.size, value);

      const yStrides = stridesOf(y!.shape);
      let offset = 0;
      for (let d = 0; d < yStrides.length; d++) {
        offset += paddings[d]![0] * yStrides[d]!;
      }
      const dst = ptr(y!) + offset * bytes;
      stridedCopy(runtime, ptr(x!), dst, bytes, x!.shape, stridesOf(x!.shape), yStrides);
    };
  },
};
