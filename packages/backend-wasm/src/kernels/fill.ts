import type { DType } from "@myelin/backend";
import { elementBytes } from "./kernel.js";
import type { WasmRuntime } from "../runtime.js";

const bitsScratch = new DataView(new ArrayBuffer(4));

/** Fills n elements of `dtype` at `dst` with `value`, converted as a typed array would. */
export function fillValue(
  runtime: WasmRuntime,
  dst: number,
  dtype: DType,
  n: number,
  value: number,
): void {
  let bits = 0;
  if (dtype === "float32") {
    bitsScratch.setFloat32(0, value, true);
    bits = bitsScratch.getInt32(0, true);
  } else if (dtype === "int32") {
    bits = value | 0;
  } else if (dtype === "bool") {
    bits = value !== 0 ? 1 : 0;
  }
  runtime.exports.fill(dst, elementBytes(dtype), n, bits, value);
}
