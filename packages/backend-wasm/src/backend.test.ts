import { OPTIONAL_KERNELS, REQUIRED_KERNELS } from "@myelin/backend";
import type { DType, TensorInfo } from "@myelin/backend";
import { describe, expect, it } from "vitest";
import { host, randomTensor, Rng, run, useBackend } from "../test/harness.js";
import { createWasmBackend } from "./index.js";
import type { WasmDataId } from "./index.js";

const info = (dtype: DType, shape: number[] = [2]): TensorInfo => ({
  dataId: { backend: "wasm" },
  shape,
  dtype,
  size: shape.reduce((a, b) => a * b, 1),
});

describe("createWasmBackend", () => {
  const backend = useBackend();

  it("allocates zeroed storage even when it reuses a freed block", () => {
    const b = backend();
    const dirty = b.write(new Float32Array(100).fill(7), "float32");
    b.free(dirty);
    const clean = b.alloc(100, "float32");
    expect((clean as WasmDataId).ptr).toBe((dirty as WasmDataId).ptr);
    expect(Array.from(b.read(clean, "float32", 100)).every((v) => v === 0)).toBe(true);
    b.free(clean);
  });

  it("reads a copy that later kernels cannot change", () => {
    const b = backend();
    const id = b.write(new Int32Array([1, 2, 3]), "int32");
    const first = b.read(id, "int32", 3);
    first[0] = 99;
    expect(Array.from(b.read(id, "int32", 3))).toEqual([1, 2, 3]);
    b.free(id);
  });

  it("ignores a second free even after the block went to another tensor", () => {
    const b = backend();
    const before = b.memory();
    const a = b.write(new Float32Array([1, 2]), "float32");
    b.free(a);
    const c = b.write(new Float32Array([3, 4]), "float32");
    b.free(a);
    expect(Array.from(b.read(c, "float32", 2))).toEqual([3, 4]);
    expect(b.memory().buffers).toBe(before.buffers + 1);
    b.free(c);
    expect(b.memory()).toMatchObject({ buffers: before.buffers, bytes: before.bytes });
  });

  it("refuses to read freed or foreign storage, saying why", () => {
    const b = backend();
    const id = b.alloc(4, "float32");
    b.free(id);
    expect(() => b.read(id, "float32", 4)).toThrow(/already freed/);
    expect(() => b.read({ backend: "js" }, "float32", 4)).toThrow(/"js" backend/);
  });

  it("returns to the same memory level after kernels that use scratch", () => {
    const b = backend();
    const rng = new Rng(1);
    run(b, "Reduce", [randomTensor(rng, [3, 4, 5, 6])], [{ shape: [4, 6], dtype: "float32" }], {
      op: "sum",
      axes: [0, 2],
    });
    const conv = { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], groups: 1 } as const;
    const inputs = [randomTensor(rng, [1, 5, 5, 3]), randomTensor(rng, [3, 3, 3, 2])];
    run(b, "Conv2D", inputs, [{ shape: [1, 5, 5, 2], dtype: "float32" }], conv);
    const before = b.memory();
    for (let i = 0; i < 3; i++) {
      run(b, "Conv2D", inputs, [{ shape: [1, 5, 5, 2], dtype: "float32" }], conv);
    }
    const after = b.memory();
    expect(after).toMatchObject({ buffers: before.buffers, bytes: before.bytes });
    expect(after.reservedBytes).toBe(before.reservedBytes);
  });

  it("keeps data and views correct when the heap grows", () => {
    const b = backend();
    const small = b.write(new Float32Array([1, 2, 3]), "float32");
    const heapBefore = b.memory().heapBytes!;
    const big = b.alloc(16 * 2 ** 20, "float32");
    expect(b.memory().heapBytes).toBeGreaterThan(heapBefore);
    const x = host([3], "float32", [1, -2, 3]);
    const [y] = run(b, "Unary", [x], [{ shape: [3], dtype: "float32" }], { op: "abs" });
    expect(Array.from(y!)).toEqual([1, 2, 3]);
    expect(Array.from(b.read(small, "float32", 3))).toEqual([1, 2, 3]);
    b.free(big);
    b.free(small);
  });

  it("reports every kernel of the contract as native, with notes", () => {
    const caps = backend().capabilities();
    expect(caps).toMatchObject({ backend: "wasm", explicitMemory: true, simd: true, threads: 1 });
    expect(caps.kernels.map((k) => k.kernel)).toEqual([...REQUIRED_KERNELS, ...OPTIONAL_KERNELS]);
    expect(caps.kernels.every((k) => k.status === "native" && (k.note ?? "").length > 0)).toBe(
      true,
    );
    expect(caps.kernels.find((k) => k.kernel === "MatMul")!.note).toMatch(
      /other dtypes run on the JS backend/,
    );
  });

  it("declines float kernels on float64 and int32 inputs", () => {
    const supports = backend().supports!;
    expect(supports("MatMul", [info("float32"), info("float32")], {})).toBe(true);
    expect(supports("MatMul", [info("float64"), info("float64")], {})).toBe(false);
    expect(supports("Unary", [info("int32")], { op: "neg" })).toBe(false);
    expect(supports("Reduce", [info("float64")], { op: "sum", axes: [0] })).toBe(false);
    expect(supports("Transpose", [info("float64")], { perm: [0] })).toBe(true);
    expect(supports("Gather", [info("float64"), info("int32")], { axis: 0 })).toBe(true);
    expect(supports("Gather", [info("float32"), info("float32")], { axis: 0 })).toBe(false);
  });

  it("rejects a thread count that is not a positive integer", async () => {
    await expect(createWasmBackend({ threads: 0 })).rejects.toThrow(/positive integer; it was 0/);
    await expect(createWasmBackend({ threads: 1.5 })).rejects.toThrow(RangeError);
  });
});
