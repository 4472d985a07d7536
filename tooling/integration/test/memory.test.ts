import type { BackendMemory } from "@myelin/backend";
import {
  memory,
  setBackend,
  type Tensor,
  tensor,
  tidy,
} from "@myelin/tensor-core";
import { setup } from "myelin";
import { beforeAll, describe, expect, it } from "vitest";
import { createCoreMlp } from "../src/core-mlp.js";
import { classificationData } from "../src/data.js";
import { buildWorkload, disposeWorkload } from "../src/workloads.js";
import { registerBothBackends } from "./backends.js";

const BATCH = 32;
const BATCHES = 8;
const SIZES = [64, 32, 10] as const;

function wasmMemory(): BackendMemory {
  return memory().backends.wasm!;
}

/** Fixed batches, created once and kept for the whole file. */
function makeBatches(): { x: Tensor; y: Tensor }[] {
  const data = classificationData({
    count: BATCH * BATCHES,
    inputShape: [SIZES[0]],
    classes: SIZES[2],
    seed: 3,
  });
  return Array.from({ length: BATCHES }, (_, i) => ({
    x: tensor(data.x.subarray(i * BATCH * SIZES[0], (i + 1) * BATCH * SIZES[0]), [BATCH, SIZES[0]]),
    y: tensor(data.y.subarray(i * BATCH * SIZES[2], (i + 1) * BATCH * SIZES[2]), [BATCH, SIZES[2]]),
  }));
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Collects garbage and lets FinalizationRegistry callbacks run, until `done` or 40 rounds. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 40 && !done(); round++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("memory on the wasm backend", () => {
  let batches: { x: Tensor; y: Tensor }[] = [];

  beforeAll(async () => {
    registerBothBackends();
    await setBackend("wasm");
    batches = makeBatches();
  });

  it("holds a steady number of buffers and bytes over 10,000 tidy training steps", () => {
    const mlp = createCoreMlp({ sizes: SIZES, seed: 11 });
    const baseline = wasmMemory();
    const losses: number[] = [];
    let atStep1000: BackendMemory | undefined;
    for (let step = 1; step <= 10_000; step++) {
      const { x, y } = batches[step % BATCHES]!;
      const loss = mlp.step(x, y);
      if (step % 1000 === 0) {
        losses.push(loss);
      }
      if (step === 1000) {
        atStep1000 = wasmMemory();
      }
    }
    const atStep10000 = wasmMemory();

    // Only the variables and the data stay live between steps.
    expect(atStep1000!.buffers).toBe(baseline.buffers);
    expect(atStep1000!.bytes).toBe(baseline.bytes);
    expect(atStep10000.buffers).toBe(atStep1000!.buffers);
    expect(atStep10000.bytes).toBe(atStep1000!.bytes);
    // The allocator reuses freed blocks, so linear memory stops growing.
    expect(atStep10000.heapBytes).toBe(atStep1000!.heapBytes);
    expect(atStep10000.reservedBytes).toBe(atStep1000!.reservedBytes);
    // It did train: the loss fell.
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.9);
    mlp.dispose();
    expect(wasmMemory().buffers).toBe(baseline.buffers - mlp.variables.length);
  });

  it.skipIf(gc === undefined)(
    "reclaims the tensors of untidied steps through the garbage collector (needs --expose-gc)",
    async () => {
      const mlp = createCoreMlp({ sizes: SIZES, seed: 12 });
      await collectUntil(() => false);
      const baseline = wasmMemory();
      for (let step = 0; step < 300; step++) {
        const { x, y } = batches[step % BATCHES]!;
        mlp.step(x, y, { tidy: false });
      }
      // Finalizers run only after this synchronous loop yields, so nothing was freed yet.
      const grown = wasmMemory();
      expect(grown.buffers - baseline.buffers).toBeGreaterThan(300 * 20);

      await collectUntil(() => wasmMemory().buffers <= baseline.buffers);
      const after = wasmMemory();
      expect(after.buffers).toBe(baseline.buffers);
      expect(after.bytes).toBe(baseline.bytes);
      mlp.dispose();
    },
  );

  it("frees intermediate tensors right away inside tidy, without the garbage collector", () => {
    const mlp = createCoreMlp({ sizes: SIZES, seed: 13 });
    const before = wasmMemory();
    tidy(() => {
      for (let step = 0; step < 20; step++) {
        mlp.step(batches[step % BATCHES]!.x, batches[step % BATCHES]!.y, { tidy: false });
      }
      expect(wasmMemory().buffers).toBeGreaterThan(before.buffers);
    });
    expect(wasmMemory().buffers).toBe(before.buffers);
    mlp.dispose();
  });
});

describe("memory of fit on the wasm backend", () => {
  it("returns to the same buffers and bytes after every epoch of fit", async () => {
    await setup({ backend: "wasm", seed: 4 });
    const workload = buildWorkload("mlp", { samples: 256, seed: 4 });
    const { model, x, y, batchSize } = workload;
    const options = { batchSize, shuffle: true, checkFinite: false };
    await model.fit(x, y, { ...options, epochs: 1 });
    const afterOne = wasmMemory();
    await model.fit(x, y, { ...options, epochs: 30 });
    const afterThirtyMore = wasmMemory();
    expect(afterThirtyMore.buffers).toBe(afterOne.buffers);
    expect(afterThirtyMore.bytes).toBe(afterOne.bytes);
    expect(afterThirtyMore.heapBytes).toBe(afterOne.heapBytes);
    disposeWorkload(workload);
  });
});
