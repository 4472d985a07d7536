import { sizeOf } from "@myelin/backend";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { fillValue } from "./fill.js";

/** Adds float32 slices into a zeroed y at int32 indices; out-of-range indices are skipped. */
export const scatterAddKernel: WasmKernel<"ScatterAdd"> = {
  id: "ScatterAdd",
  writesAllOutputs: true,
  note: "float32 updates, int32 indices; out-of-range indices are skipped",
  supports: ([updates, indices]) => updates!.dtype === "float32" && indices!.dtype === "int32",
  setup: (runtime) => {
    const { scatterAdd } = runtime.exports;
    return ({ inputs: [updates, indices], outputs: [y], attrs: { axis } }) => {
      const outer = sizeOf(y!.shape.slice(0, axis));
      const inner = sizeOf(y!.shape.slice(axis + 1));
      const axisLen = y!.shape[axis]!;
      fillValue(runtime, ptr(y!), "float32", y!.size, 0);
      scatterAdd(ptr(updates!), ptr(indices!), ptr(y!), outer, axisLen, indices!.size, inner);
    };
  },
};
