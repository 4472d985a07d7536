import { OPTIONAL_KERNELS, REQUIRED_KERNELS, type TensorInfo } from "@myelin/backend";
import { describe, expect, it } from "vitest";

import { createJsBackend, JS_KERNELS, jsValues } from "./index.js";

describe("createJsBackend", () => {
  it("implements every kernel of the contract natively, each once", () => {
    const ids = JS_KERNELS.map((kernel) => kernel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...REQUIRED_KERNELS, ...OPTIONAL_KERNELS].sort());
    const backend = createJsBackend();
    const statuses = backend.capabilities().kernels.map((k) => k.status);
    expect(statuses.every((status) => status === "native")).toBe(true);
    expect(Object.keys(backend.kernels).sort()).toEqual([...ids].sort());
  });

  it("names itself js and leaves memory to the garbage collector", () => {
    const backend = createJsBackend();
    expect(backend.name).toBe("js");
    expect(backend.explicitMemory).toBe(false);
    expect(backend.capabilities()).toMatchObject({ backend: "js", threads: 1, simd: false });
  });

  it("reads the live array, so kernels' writes show without a copy", () => {
    const backend = createJsBackend();
    const dataId = backend.write(new Float64Array([1, 2]), "float64");
    const values = backend.read(dataId, "float64", 2);
    values[0] = 5;
    expect(backend.read(dataId, "float64", 2)).toBe(values);
    expect(Array.from(backend.read(dataId, "float64", 2))).toEqual([5, 2]);
  });

  it("drops the values of a freed buffer and stops counting it", () => {
    const backend = createJsBackend();
    const dataId = backend.alloc(8, "int32");
    expect(backend.memory()).toEqual({ buffers: 1, bytes: 32 });
    backend.free(dataId);
    backend.free(dataId);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
    expect(backend.read(dataId, "int32", 8).length).toBe(0);
  });
});

describe("jsValues", () => {
  it("returns the typed array behind a tensor", () => {
    const backend = createJsBackend();
    const dataId = backend.write(new Uint8Array([1, 0, 1]), "bool");
    const info: TensorInfo = { dataId, shape: [3], dtype: "bool", size: 3 };
    expect(jsValues(info)).toBe(backend.read(dataId, "bool", 3));
  });

  it("refuses storage that another backend made", () => {
    const info: TensorInfo = { dataId: { backend: "wasm" }, shape: [1], dtype: "float32", size: 1 };
    expect(() => jsValues(info)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: jsValues: expected storage made by the "js" backend, found storage of backend "wasm". Read it through its own backend's read(), or move the tensor to the js backend first.]`,
    );
  });
});
