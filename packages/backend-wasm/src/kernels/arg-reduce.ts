import { sizeOf } from "@myelin/backend";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** Index of the first max or min along one axis of float32. */
export const argReduceKernel: WasmKernel<"ArgReduce"> = {
  id: "ArgReduce",
  writesAllOutputs: true,
  note: "float32 (ties and NaN: the first index wins)",
  supports: ([x]) => x!.dtype === "float32",
  setup: (runtime) => {
    const { argReduce } = runtime.exports;
    return ({ inputs: [x], outputs: [y], attrs: { op, axis } }) => {
      const outer = sizeOf(x!.shape.slice(0, axis));
      const inner = sizeOf(x!.shape.slice(axis + 1));
      argReduce(op === "argmin" ? 1 : 0, ptr(x!), ptr(y!), outer, x!.shape[axis]!, inner);
    };
  },
};
