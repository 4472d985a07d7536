import { stridesOf } from "@myelin/backend";
import { elementBytes, ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { stridedCopy } from "./strided-copy.js";

/** Strided boxes (negative steps too) of any dtype. */
export const sliceKernel: WasmKernel<"Slice"> = {
  id: "Slice",
  writesAllOutputs: true,
  note: "all dtypes",
  setup: (runtime) => {
    return ({ inputs: [x], outputs: [y], attrs: { begin, strides } }) => {
      const bytes = elementBytes(x!.dtype);
      const xStrides = stridesOf(x!.shape);
      let offset = 0;
      for (let d = 0; d < xStrides.length; d++) {
        offset += begin[d]! * xStrides[d]!;
      }
      const src = xStrides.map((s, d) => s * strides[d]!);
      const dst = stridesOf(y!.shape);
      stridedCopy(runtime, ptr(x!) + offset * bytes, ptr(y!), bytes, y!.shape, src, dst);
    };
  },
};
