import { broadcastStrides, type KernelArgs, sizeOf } from "@myelin/backend";

import { gemm, view } from "../gemm.js";
import type { JsKernel } from "../kernel.js";
import { offsetsOf } from "../shape.js";
import { jsValues } from "../storage.js";

/**
 * Batched matrix product on the packed, register-tiled {@link gemm}. A
 * transposed operand only swaps the strides its packing reads with, so every
 * transpose combination runs at the same speed. When b has no batch axes and
 * a is not transposed, the whole batch is one product of [batch * m, k] by
 * [k, n], and b is packed once.
 */
export const matMulKernel: JsKernel<"MatMul"> = {
  id: "MatMul",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"MatMul">) => {
    const aInfo = inputs[0]!;
    const bInfo = inputs[1]!;
    const yInfo = outputs[0]!;
    const a = jsValues(aInfo);
    const b = jsValues(bInfo);
    const y = jsValues(yInfo);
    const { transposeA, transposeB } = attrs;

    const rank = yInfo.shape.length;
    const m = yInfo.shape[rank - 2]!;
    const n = yInfo.shape[rank - 1]!;
    const aRank = aInfo.shape.length;
    const k = aInfo.shape[transposeA ? aRank - 2 : aRank - 1]!;
    const aRowStride = transposeA ? 1 : k;
    const aColStride = transposeA ? m : 1;
    const bRowStride = transposeB ? 1 : n;
    const bColStride = transposeB ? k : 1;

    if (rank === 2) {
      const aView = view(a, 0, aRowStride, aColStride);
      gemm(m, n, k, aView, view(b, 0, bRowStride, bColStride), view(y, 0, n), false);
      return;
    }

    const batchShape = yInfo.shape.slice(0, -2);
    const aBatch = aInfo.shape.slice(0, -2);
    const bBatch = bInfo.shape.slice(0, -2);
    const batches = sizeOf(batchShape);
    if (!transposeA && sizeOf(bBatch) === 1 && sizeOf(aBatch) === batches) {
      const rows = batches * m;
      gemm(rows, n, k, view(a, 0, k), view(b, 0, bRowStride, bColStride), view(y, 0, n), false);
      return;
    }

    const aOffsets = offsetsOf(batchShape, broadcastStrides(aBatch, batchShape));
    const bOffsets = offsetsOf(batchShape, broadcastStrides(bBatch, batchShape));
    for (let t = 0; t < batches; t++) {
      const aView = view(a, aOffsets[t]! * m * k, aRowStride, aColStride);
      const bView = view(b, bOffsets[t]! * k * n, bRowStride, bColStride);
      gemm(m, n, k, aView, bView, view(y, t * m * n, n), false);
    }
  },
};
