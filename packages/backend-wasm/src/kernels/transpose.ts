import { stridesOf } from "@myelin/backend";
import { elementBytes, ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { stridedCopy } from "./strided-copy.js";

/** Any permutation of any dtype; a swap of the last two axes runs in cache tiles. */
export const transposeKernel: WasmKernel<"Transpose"> = {
  id: "Transpose",
  writesAllOutputs: true,
  note: "all dtypes",
  setup: (runtime) => {
    return ({ inputs: [x], outputs: [y], attrs: { perm } }) => {
      const xStrides = stridesOf(x!.shape);
      const src = perm.map((d) => xStrides[d]!);
      const dst = stridesOf(y!.shape);
      stridedCopy(runtime, ptr(x!), ptr(y!), elementBytes(x!.dtype), y!.shape, src, dst);
    };
  },
};
