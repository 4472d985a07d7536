import { broadcastStrides, sizeOf } from "@myelin/backend";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/**
 * Batched float32 matmul on the packed SIMD kernel. Transposes are absorbed
 * by packing; a batch that shares one B becomes a single tall product.
 */
export const matMulKernel: WasmKernel<"MatMul"> = {
  id: "MatMul",
  writesAllOutputs: true,
  note:
    "float32; packed 4x8 SIMD micro-kernel, transposes handled in packing, broadcast batches, " +
    "rows split over the thread pool for large products",
  supports: ([a, b]) => a!.dtype === "float32" && b!.dtype === "float32",
  setup: (runtime) => {
    return ({ inputs: [a, b], outputs: [y], attrs: { transposeA, transposeB } }) => {
      const ra = a!.shape.length;
      const rb = b!.shape.length;
      const m = y!.shape[y!.shape.length - 2]!;
      const n = y!.shape[y!.shape.length - 1]!;
      const k = transposeA ? a!.shape[ra - 2]! : a!.shape[ra - 1]!;
      const lda = a!.shape[ra - 1]!;
      const ldb = b!.shape[rb - 1]!;
      if (y!.size === 0) {
        return;
      }
      const pa = ptr(a!);
      const pb = ptr(b!);
      const py = ptr(y!);
      const strides = { lda, ldb, ldc: n };
      if (ra === 2 && rb === 2) {
        runtime.matmul(pa, pb, py, m, n, k, strides, transposeA, transposeB, false);
        return;
      }

      const batchShape = y!.shape.slice(0, -2);
      const batch = sizeOf(batchShape);
      const aBatch = sizeOf(a!.shape.slice(0, -2));
      const bBatch = sizeOf(b!.shape.slice(0, -2));

      // Every batch reads the same B and consecutive A blocks: stack the A rows.
      if (bBatch === 1 && aBatch === batch && !transposeA) {
        runtime.matmul(pa, pb, py, batch * m, n, k, strides, false, transposeB, false);
        return;
      }

      const aStrides = broadcastStrides(a!.shape.slice(0, -2), batchShape);
      const bStrides = broadcastStrides(b!.shape.slice(0, -2), batchShape);
      const aMatrix = m * k * 4;
      const bMatrix = k * n * 4;
      const index = new Array<number>(batchShape.length).fill(0);
      for (let i = 0; i < batch; i++) {
        let aOffset = 0;
        let bOffset = 0;
        for (let d = 0; d < index.length; d++) {
          aOffset += index[d]! * aStrides[d]!;
          bOffset += index[d]! * bStrides[d]!;
        }
        const pyi = py + i * m * n * 4;
        const pai = pa + aOffset * aMatrix;
        const pbi = pb + bOffset * bMatrix;
        runtime.matmul(pai, pbi, pyi, m, n, k, strides, transposeA, transposeB, false);
        for (let d = index.length - 1; d >= 0; d--) {
          index[d]!++;
          if (index[d]! < batchShape[d]!) {
            break;
          }
          index[d] = 0;
        }
      }
    };
  },
};
