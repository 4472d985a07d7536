import type { Backend, DType, TensorInfo, TypedArray } from "@myelin/backend";
import { makeTypedArray } from "@myelin/backend";
import { createJsBackend } from "@myelin/backend-js";
import { describeBackendConformance, isFloat32Call } from "@myelin/backend-conformance";
import { describe, expect, it } from "vitest";
import { useBackend } from "../test/harness.js";
import { createWasmBackend } from "./index.js";
import type { WasmBackend, WasmDataId } from "./index.js";

/** Values no correct kernel would leave behind: NaN, a large negative int, true. */
function garbage(size: number, dtype: DType): TypedArray {
  const values = makeTypedArray(dtype, size);
  values.fill(dtype === "int32" ? -123456789 : dtype === "bool" ? 1 : NaN);
  return values;
}

/**
 * Makes every allocation reuse a block that was just filled with garbage, so
 * a kernel that claims to write all its outputs but skips some elements, or
 * that reads an output it did not zero, gives wrong results.
 */
function withDirtyBlocks(backend: WasmBackend): Backend {
  return {
    ...backend,
    alloc(size: number, dtype: DType) {
      if (size > 0) {
        backend.free(backend.write(garbage(size, dtype), dtype));
      }
      return backend.alloc(size, dtype);
    },
  };
}

describe("zeroing of reused blocks", () => {
  describeBackendConformance("wasm", async () => withDirtyBlocks(await createWasmBackend()), {
    fallback: createJsBackend,
    mustSupport: isFloat32Call,
  });

  const backend = useBackend();
  const info = (dataId: WasmDataId | ReturnType<Backend["alloc"]>, size: number): TensorInfo => ({
    dataId,
    shape: [size],
    dtype: "float32",
    size,
  });

  it("gives zeros to a kernel that reads fresh storage as an input", () => {
    const b = withDirtyBlocks(backend());
    const zeros = b.alloc(6, "float32");
    const ones = b.write(new Float32Array(6).fill(1), "float32");
    const y = b.alloc(6, "float32");
    b.kernels.Binary!({
      inputs: [info(zeros, 6), info(ones, 6)],
      outputs: [info(y, 6)],
      attrs: { op: "add" },
    });
    expect(Array.from(b.read(y, "float32", 6))).toEqual([1, 1, 1, 1, 1, 1]);
    [zeros, ones, y].forEach((id) => b.free(id));
  });

  it("keeps fresh storage zero for an in-place update that adds to it", () => {
    const b = withDirtyBlocks(backend());
    const w = b.write(new Float32Array([1, 2]), "float32");
    const g = b.write(new Float32Array([1, 1]), "float32");
    const velocity = b.alloc(2, "float32");
    b.kernels.OptimizerStep!({
      inputs: [info(w, 2), info(g, 2), info(velocity, 2)],
      outputs: [info(w, 2), info(velocity, 2)],
      attrs: { rule: "momentum", learningRate: 0.5, params: { momentum: 0.9 } },
    });
    expect(Array.from(b.read(velocity, "float32", 2))).toEqual([-0.5, -0.5]);
    expect(Array.from(b.read(w, "float32", 2))).toEqual([0.5, 1.5]);
    [w, g, velocity].forEach((id) => b.free(id));
  });
});
