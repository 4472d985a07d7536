import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

import { OPTIONAL_KERNELS, REQUIRED_KERNELS, type TensorInfo } from "@myelin/backend";
import { describe, expect, it } from "vitest";

import { createJsBackend, JS_KERNELS, jsValues } from "./index.js";

// Exposes the collector without a command-line flag, so the test runs in any pool.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage in fresh jobs until `done` holds or 40 rounds pass. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 40 && !done(); round++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    gc();
  }
}

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

  it("counts every buffer until it is freed, across many allocations", () => {
    const backend = createJsBackend();
    const kept = Array.from({ length: 1500 }, () => backend.alloc(3, "float32"));
    for (let i = 0; i < 5000; i++) {
      backend.free(backend.alloc(2, "float64"));
    }
    expect(backend.memory()).toEqual({ buffers: 1500, bytes: 1500 * 12 });
    kept.forEach((dataId) => backend.free(dataId));
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it("ignores handles that another instance made", () => {
    const mine = createJsBackend();
    const other = createJsBackend();
    const dataId = other.write(new Float32Array([1, 2]), "float32");
    mine.free(dataId);
    expect(Array.from(other.read(dataId, "float32", 2))).toEqual([1, 2]);
    expect(other.memory()).toEqual({ buffers: 1, bytes: 8 });
    expect(mine.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it("stops counting buffers dropped without free once they are collected", async () => {
    const backend = createJsBackend();
    const kept = backend.alloc(4, "float32");
    const drop = (): void => {
      for (let i = 0; i < 3000; i++) {
        backend.alloc(16, "float32");
      }
    };
    drop();
    expect(backend.memory().buffers).toBe(3001);
    await collectUntil(() => backend.memory().buffers === 1);
    expect(backend.memory()).toEqual({ buffers: 1, bytes: 16 });
    backend.free(kept);
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
