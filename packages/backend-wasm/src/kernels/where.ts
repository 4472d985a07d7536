import { broadcastStrides, collapse } from "@myelin/backend";
import { elementBytes, ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** cond ? a : b for any dtype of a and b, all three broadcast to y. */
export const whereKernel: WasmKernel<"Where"> = {
  id: "Where",
  writesAllOutputs: true,
  note: "bool condition, all dtypes of a and b",
  supports: ([condition, a, b]) => condition!.dtype === "bool" && a!.dtype === b!.dtype,
  setup: (runtime) => {
    const { where } = runtime.exports;
    return ({ inputs: [condition, a, b], outputs: [y] }) => {
      if (y!.size === 0) {
        return;
      }
      const strides = [condition!, a!, b!].map((t) => broadcastStrides(t.shape, y!.shape));
      const merged = collapse(y!.shape, strides);
      const rank = merged.shape.length;
      const params = [rank, ...merged.shape, ...merged.strides.flat()];
      const bytes = elementBytes(y!.dtype);
      where(ptr(condition!), ptr(a!), ptr(b!), ptr(y!), bytes, runtime.params(params, rank));
    };
  },
};
