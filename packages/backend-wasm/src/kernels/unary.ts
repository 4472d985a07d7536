import { LOGICAL_NOT_FLOAT, UNARY_CODES } from "../op-codes.js";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** Elementwise functions of float32 (and logicalNot of bool). */
export const unaryKernel: WasmKernel<"Unary"> = {
  id: "Unary",
  writesAllOutputs: true,
  note:
    "float32 (SIMD exp, expm1, log, log1p, tanh, sigmoid, erf, softplus; scalar sin, cos); " +
    "logicalNot of bool too",
  supports: ([x], { op }) => x!.dtype === "float32" || (op === "logicalNot" && x!.dtype === "bool"),
  setup: (runtime) => {
    const { unary } = runtime.exports;
    return ({ inputs: [x], outputs: [y], attrs: { op } }) => {
      const code =
        op === "logicalNot" && x!.dtype === "float32" ? LOGICAL_NOT_FLOAT : UNARY_CODES[op];
      unary(code, ptr(x!), ptr(y!), y!.size);
    };
  },
};
