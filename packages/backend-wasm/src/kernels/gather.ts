import { sizeOf } from "@myelin/backend";
import { elementBytes, ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** Gathers slices of any dtype at int32 indices; an out-of-range index gives zeros. */
export const gatherKernel: WasmKernel<"Gather"> = {
  id: "Gather",
  writesAllOutputs: true,
  note: "all dtypes, int32 indices; out-of-range indices give zeros",
  supports: ([, indices]) => indices!.dtype === "int32",
  setup: (runtime) => {
    const { gather } = runtime.exports;
    return ({ inputs: [x, indices], outputs: [y], attrs: { axis } }) => {
      const outer = sizeOf(x!.shape.slice(0, axis));
      const inner = sizeOf(x!.shape.slice(axis + 1));
      const bytes = elementBytes(x!.dtype);
      gather(ptr(x!), ptr(indices!), ptr(y!), bytes, outer, x!.shape[axis]!, indices!.size, inner);
    };
  },
};
