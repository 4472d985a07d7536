import type { Backend, DataId, KernelArgs } from "@myelin/backend";
import { describe, expect, it } from "vitest";
import { measureMatmul } from "../harness.js";
import { exportsCheck, kernelSubject, missingExports, readTensor } from "./myelin-common.js";

describe("missingExports", () => {
  it("lists dotted paths that are not functions", () => {
    const module = { setup: () => {}, layers: { dense: () => {} }, optimizers: {} };
    const paths = ["setup", "layers.dense", "layers.lstm", "optimizers.sgd", "sequential"];
    expect(missingExports(module, paths)).toEqual(["layers.lstm", "optimizers.sgd", "sequential"]);
  });

  it("says which exports a package lacks, or true", () => {
    expect(exportsCheck("myelin", {}, ["setup", "tensor"])).toBe(
      "myelin does not export setup, tensor yet",
    );
    expect(exportsCheck("myelin", { setup() {} }, ["setup"])).toBe(true);
  });
});

describe("readTensor", () => {
  it("uses dataSync, then data, then array", async () => {
    expect(await readTensor({ dataSync: () => [1] })).toEqual([1]);
    expect(await readTensor({ data: async () => [2] })).toEqual([2]);
    expect(await readTensor({ array: async () => [[3], [4]] })).toEqual([3, 4]);
    await expect(readTensor({})).rejects.toThrow(/none of dataSync/);
  });
});

/** A minimal backend with a naive MatMul, to check the kernel-level wiring. */
function naiveBackend(): Backend & { live(): number } {
  const store = new Map<DataId, Float32Array>();
  const id = (values: Float32Array) => {
    const dataId = { backend: "naive" };
    store.set(dataId, values);
    return dataId;
  };
  return {
    name: "naive",
    explicitMemory: false,
    kernels: {
      MatMul({ inputs, outputs, attrs }: KernelArgs<"MatMul">) {
        expect(attrs).toEqual({ transposeA: false, transposeB: false });
        const [a, b] = inputs.map((info) => store.get(info.dataId)!);
        const [m, k] = inputs[0]!.shape as [number, number];
        const n = inputs[1]!.shape[1]!;
        const c = store.get(outputs[0]!.dataId)!;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let p = 0; p < k; p++) {
              sum += a![i * k + p]! * b![p * n + j]!;
            }
            c[i * n + j] = sum;
          }
        }
      },
    },
    alloc: (size: number) => id(new Float32Array(size)),
    write: ((values: Float32Array) => id(Float32Array.from(values))) as Backend["write"],
    read: ((dataId: DataId) => store.get(dataId)!) as Backend["read"],
    free: (dataId: DataId) => void store.delete(dataId),
    memory: () => ({ buffers: store.size, bytes: 0 }),
    capabilities: () => ({
      backend: "naive",
      dtypes: ["float32"],
      explicitMemory: false,
      threads: 1,
      simd: false,
      kernels: [],
    }),
    live: () => store.size,
  };
}

describe("kernelSubject", () => {
  it("times the backend's MatMul through the contract and frees its buffers", async () => {
    const backend = naiveBackend();
    const subject = kernelSubject({ id: "naive", library: "test", create: async () => backend });
    expect(await subject.available()).toBe(true);
    const params = { sizes: [8], warmupMs: 0, warmupCalls: 1, batches: 1, batchMs: 1 };
    const result = await measureMatmul(subject.matmul!, 8, params);
    expect(result.value).toBeGreaterThan(0);
    expect(backend.live()).toBe(0);
  });

  it("passes on the reason a backend cannot be made", async () => {
    const subject = kernelSubject({ id: "x", library: "test", create: async () => "not yet" });
    expect(await subject.available()).toBe("not yet");
  });

  it("declines a backend without MatMul, or one whose check fails", async () => {
    const bare = { ...naiveBackend(), kernels: {} };
    const without = kernelSubject({ id: "x", library: "test", create: async () => bare });
    expect(await without.available()).toBe("backend naive has no MatMul kernel yet");
    const checked = kernelSubject({
      id: "x",
      library: "test",
      create: async () => naiveBackend(),
      check: () => "reports 1 thread(s)",
    });
    expect(await checked.available()).toBe("reports 1 thread(s)");
  });
});
