import type { DType, TypedArray } from "@myelin/backend";

/**
 * Writes x into y, converting to y's dtype: the typed-array store truncates
 * floats toward zero for int32 and rounds float64 to float32; bool needs its
 * own loop, since a Uint8Array store would wrap instead of testing for zero.
 */
export function convertInto(x: TypedArray, y: TypedArray, yDType: DType, size: number): void {
  if (yDType === "bool") {
    for (let i = 0; i < size; i++) {
      y[i] = x[i] !== 0 ? 1 : 0;
    }
    return;
  }
  y.set(x.length === size ? x : x.subarray(0, size));
}
