import { BINARY_CODES, LOGICAL_AND_FLOAT, LOGICAL_OR_FLOAT } from "../op-codes.js";
import type { BinaryOp, DType } from "@myelin/backend";
import { broadcastStrides, collapse } from "../shapes.js";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** The Wasm code for an op on inputs of `dtype` (the logical ops have float32 forms). */
function codeOf(op: BinaryOp, dtype: DType): number {
  if (dtype === "float32" && op === "logicalAnd") {
    return LOGICAL_AND_FLOAT;
  }
  if (dtype === "float32" && op === "logicalOr") {
    return LOGICAL_OR_FLOAT;
  }
  return BINARY_CODES[op];
}

const SAME = 0;
const SCALAR_A = 1;
const SCALAR_B = 2;

/** Broadcasting binary ops: same-shape and scalar operands run as one flat loop. */
export const binaryKernel: WasmKernel<"Binary"> = {
  id: "Binary",
  note:
    "float32 (SIMD except pow, mod, atan2); logicalAnd and logicalOr of bool too; " +
    "same-shape, scalar and row-broadcast fast paths",
  supports: ([a, b], { op }) => {
    const logical = op === "logicalAnd" || op === "logicalOr";
    const dtypeOk = a!.dtype === "float32" || (logical && a!.dtype === "bool");
    return dtypeOk && b!.dtype === a!.dtype;
  },
  setup: (runtime) => {
    const { binary, binaryBroadcast } = runtime.exports;
    return ({ inputs: [a, b], outputs: [y], attrs: { op } }) => {
      const n = y!.size;
      const code = codeOf(op, a!.dtype);
      if (n === 0) {
        return;
      }
      const pa = ptr(a!);
      const pb = ptr(b!);
      const py = ptr(y!);
      if (a!.size === n && b!.size === n) {
        binary(code, pa, pb, py, n, SAME);
        return;
      }
      if (a!.size === 1 && b!.size === n) {
        binary(code, pa, pb, py, n, SCALAR_A);
        return;
      }
      if (b!.size === 1 && a!.size === n) {
        binary(code, pa, pb, py, n, SCALAR_B);
        return;
      }

      // Merged axes turn a row broadcast ([m, n] with [n]) into m runs of mode SAME.
      const strides = [broadcastStrides(a!.shape, y!.shape), broadcastStrides(b!.shape, y!.shape)];
      const { shape, strides: merged } = collapse(y!.shape, strides);
      const params = [shape.length, ...shape, ...merged[0]!, ...merged[1]!];
      binaryBroadcast(code, pa, pb, py, runtime.params(params, shape.length));
    };
  },
};
