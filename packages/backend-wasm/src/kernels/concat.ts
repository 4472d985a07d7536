import { sizeOf } from "@myelin/backend";
import { elementBytes, ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { stridedCopy } from "./strided-copy.js";

/** Joins inputs of any dtype along one axis, one row copy per input and outer index. */
export const concatKernel: WasmKernel<"Concat"> = {
  id: "Concat",
  writesAllOutputs: true,
  note: "all dtypes",
  setup: (runtime) => {
    return ({ inputs, outputs: [y], attrs: { axis } }) => {
      const bytes = elementBytes(y!.dtype);
      const outer = sizeOf(y!.shape.slice(0, axis));
      const inner = sizeOf(y!.shape.slice(axis + 1));
      const rowLength = y!.shape[axis]! * inner;
      let column = 0;
      for (const x of inputs) {
        const length = x.shape[axis]! * inner;
        const dst = ptr(y!) + column * bytes;
        stridedCopy(runtime, ptr(x), dst, bytes, [outer, length], [length, 1], [rowLength, 1]);
        column += length;
      }
    };
  },
};
