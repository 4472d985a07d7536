import { collapse } from "@myelin/backend";
import type { WasmRuntime } from "../runtime.js";

/**
 * dst[sum i_d dstStrides_d] = src[sum i_d srcStrides_d] over a box of
 * `shape`, strides in elements; merged axes make contiguous runs one copy.
 */
export function stridedCopy(
  runtime: WasmRuntime,
  src: number,
  dst: number,
  bytes: number,
  shape: readonly number[],
  srcStrides: readonly number[],
  dstStrides: readonly number[],
): void {
  if (shape.some((extent) => extent === 0)) {
    return;
  }
  const merged = collapse(shape, [srcStrides, dstStrides]);
  const rank = merged.shape.length;
  const params = [rank, ...merged.shape, ...merged.strides[0]!, ...merged.strides[1]!];
  runtime.exports.stridedCopy(src, dst, bytes, runtime.params(params, rank));
}
