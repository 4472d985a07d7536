import type { KernelArgs, TypedArray, UnaryOp } from "@myelin/backend";

import { erf } from "../erf.js";
import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/**
 * Elementwise functions of one argument, one loop per op. Results are
 * computed in double precision and rounded by the output array's store, which
 * also wraps int32 results. isNaN, isFinite and logicalNot write bool.
 */
export const unaryKernel: JsKernel<"Unary"> = {
  id: "Unary",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Unary">) => {
    const x = jsValues(inputs[0]!);
    const y = jsValues(outputs[0]!);
    const isInt = inputs[0]!.dtype === "int32";
    applyUnary(attrs.op, x, y, outputs[0]!.size, isInt);
  },
};

function applyUnary(op: UnaryOp, x: TypedArray, y: TypedArray, n: number, isInt: boolean): void {
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) {
        y[i] = -x[i]!;
      }
      return;
    case "abs":
      for (let i = 0; i < n; i++) {
        y[i] = Math.abs(x[i]!);
      }
      return;
    case "sign":
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? 1 : v < 0 ? -1 : v;
      }
      return;
    case "exp":
      for (let i = 0; i < n; i++) {
        y[i] = Math.exp(x[i]!);
      }
      return;
    case "expm1":
      for (let i = 0; i < n; i++) {
        y[i] = Math.expm1(x[i]!);
      }
      return;
    case "log":
      for (let i = 0; i < n; i++) {
        y[i] = Math.log(x[i]!);
      }
      return;
    case "log1p":
      for (let i = 0; i < n; i++) {
        y[i] = Math.log1p(x[i]!);
      }
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) {
        y[i] = Math.sqrt(x[i]!);
      }
      return;
    case "rsqrt":
      for (let i = 0; i < n; i++) {
        y[i] = 1 / Math.sqrt(x[i]!);
      }
      return;
    case "square":
      if (isInt) {
        // The exact square of an int32 can pass 2^53; imul wraps it correctly.
        for (let i = 0; i < n; i++) {
          y[i] = Math.imul(x[i]!, x[i]!);
        }
        return;
      }
      for (let i = 0; i < n; i++) {
        y[i] = x[i]! * x[i]!;
      }
      return;
    case "reciprocal":
      for (let i = 0; i < n; i++) {
        y[i] = 1 / x[i]!;
      }
      return;
    case "sin":
      for (let i = 0; i < n; i++) {
        y[i] = Math.sin(x[i]!);
      }
      return;
    case "cos":
      for (let i = 0; i < n; i++) {
        y[i] = Math.cos(x[i]!);
      }
      return;
    case "tanh":
      for (let i = 0; i < n; i++) {
        y[i] = Math.tanh(x[i]!);
      }
      return;
    case "sigmoid":
      // exp of a non-positive argument only: no overflow for large |x|.
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v >= 0) {
          y[i] = 1 / (1 + Math.exp(-v));
        } else {
          const e = Math.exp(v);
          y[i] = e / (1 + e);
        }
      }
      return;
    case "relu":
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v < 0 ? 0 : v;
      }
      return;
    case "step":
      for (let i = 0; i < n; i++) {
        y[i] = x[i]! > 0 ? 1 : 0;
      }
      return;
    case "floor":
      for (let i = 0; i < n; i++) {
        y[i] = Math.floor(x[i]!);
      }
      return;
    case "ceil":
      for (let i = 0; i < n; i++) {
        y[i] = Math.ceil(x[i]!);
      }
      return;
    case "round":
      // Math.round sends halves up; move odd results of exact halves back down.
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        const r = Math.round(v);
        y[i] = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      return;
    case "erf":
      for (let i = 0; i < n; i++) {
        y[i] = erf(x[i]!);
      }
      return;
    case "softplus":
      // max(x, 0) + log1p(exp(-|x|)) never overflows and keeps log1p's precision.
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v)));
      }
      return;
    case "isNaN":
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v !== v ? 1 : 0;
      }
      return;
    case "isFinite":
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v - v === 0 ? 1 : 0;
      }
      return;
    case "logicalNot":
      for (let i = 0; i < n; i++) {
        y[i] = x[i] === 0 ? 1 : 0;
      }
      return;
  }
}
