import { describe, expect, it } from "vitest";
import { checkProduct, measureMatmul, measureTraining, measureTutorial } from "./harness.js";
import type { MatmulEntry, Trainer, TrainingEntry, TrainingTask } from "./subjects/types.js";

function naiveProduct(a: Float32Array, b: Float32Array, n: number, transposed = false) {
  const c = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        sum += a[i * n + k]! * b[k * n + j]!;
      }
      c[transposed ? j * n + i : i * n + j] = sum;
    }
  }
  return c;
}

const quick = { warmupMs: 0, warmupCalls: 1, batches: 3, batchMs: 1 };

describe("checkProduct", () => {
  const n = 24;
  const a = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: n * n }, (_, i) => Math.cos(i));

  it("accepts a correct product, reporting a float32-sized error", () => {
    expect(checkProduct(a, b, n, naiveProduct(a, b, n))).toBeLessThan(1e-5);
  });

  it("rejects a transposed result and names the entry", () => {
    expect(() => checkProduct(a, b, n, naiveProduct(a, b, n, true))).toThrow(
      /matMul result is wrong at C\[\d+, \d+\] for N=24/,
    );
  });

  it("rejects a result of the wrong length", () => {
    expect(() => checkProduct(a, b, n, new Float32Array(3))).toThrow(
      "matMul returned 3 values; expected 24 x 24 = 576.",
    );
  });
});

describe("measureMatmul", () => {
  it("times batches of a correct kernel and reports the median GFLOP/s", async () => {
    let disposed = false;
    const entry: MatmulEntry = {
      async prepare(a, b, n) {
        return { run: () => naiveProduct(a, b, n), dispose: () => (disposed = true) };
      },
    };
    const result = await measureMatmul(entry, 16, { ...quick, sizes: [16] });
    expect(result.samples).toHaveLength(3);
    expect(result.value).toBeGreaterThan(0);
    expect(result.check).toMatch(/^max err /);
    expect(disposed).toBe(true);
  });

  it("refuses to time a kernel whose result is wrong", async () => {
    const entry: MatmulEntry = {
      async prepare(_a, _b, n) {
        return { run: () => new Float32Array(n * n).fill(1), dispose: () => {} };
      },
    };
    await expect(measureMatmul(entry, 8, { ...quick, sizes: [8] })).rejects.toThrow(/wrong/);
  });
});

const task = { count: 100 } as TrainingTask;

function entryWith(trainer: Trainer): TrainingEntry {
  return { build: async () => trainer };
}

describe("measureTraining", () => {
  it("times only the timed epochs and reports loss from warm-up to the end", async () => {
    const calls: number[] = [];
    const entry = entryWith({
      async fit(epochs) {
        calls.push(epochs);
        return epochs === 1 ? [2.3] : [2.2, 2.1, 2.0];
      },
    });
    const params = { samples: 100, batchSize: 10, warmupEpochs: 1, warmupMs: 0, timedEpochs: 3 };
    const result = await measureTraining(entry, task, params);
    expect(calls).toEqual([1, 3]);
    expect(result.value).toBeGreaterThan(0);
    expect(result.check).toBe("loss 2.300 -> 2.000");
  });

  it("leaves the check out when the library reports no loss", async () => {
    const entry = entryWith({ fit: async () => undefined });
    const params = { samples: 100, batchSize: 10, warmupEpochs: 1, warmupMs: 0, timedEpochs: 1 };
    expect((await measureTraining(entry, task, params)).check).toBeUndefined();
  });

  it("keeps warming up one epoch at a time until warmupMs has passed", async () => {
    const calls: number[] = [];
    const entry = entryWith({
      async fit(epochs) {
        calls.push(epochs);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return [1];
      },
    });
    const params = { samples: 100, batchSize: 10, warmupEpochs: 2, warmupMs: 30, timedEpochs: 3 };
    await measureTraining(entry, task, params);
    // The first call trains 2 epochs; each later one trains 1 until 30 ms have passed.
    expect(calls[0]).toBe(2);
    expect(calls.at(-1)).toBe(3);
    const warmCalls = calls.slice(1, -1);
    expect(warmCalls.length).toBeGreaterThanOrEqual(4);
    expect(warmCalls.every((epochs) => epochs === 1)).toBe(true);
  });
});

describe("measureTutorial", () => {
  it("reports the prediction at x = 11 next to the final loss", async () => {
    const entry = entryWith({
      fit: async () => [0.5, 0.001],
      predict: async (x) => [2 * x[0]! - 1],
    });
    const result = await measureTutorial(entry, task, { epochs: 1000, warmupMs: 0 }, "cold");
    expect(result.check).toBe("f(11) = 21.000, loss 0.001000");
  });

  it("fits throwaway models before the warm case and only the cold case's model otherwise", async () => {
    let builds = 0;
    const entry: TrainingEntry = {
      build: async () => {
        builds++;
        return { fit: async () => [0.1] };
      },
    };
    await measureTutorial(entry, task, { epochs: 10, warmupMs: 0 }, "cold");
    expect(builds).toBe(1);
    await measureTutorial(entry, task, { epochs: 10, warmupMs: 0 }, "warm");
    // At least two throwaway models, then the timed one.
    expect(builds).toBe(4);
  });
});
