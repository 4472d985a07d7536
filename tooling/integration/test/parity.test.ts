import { setup, type Tensor, tensor } from "myelin";
import { describe, expect, it } from "vitest";
import { createCoreMlp } from "../src/core-mlp.js";
import { classificationData } from "../src/data.js";
import { buildWorkload, disposeWorkload, type WorkloadName } from "../src/workloads.js";

const STEPS = 20;
const RELATIVE = 1e-4;

type BackendName = "js" | "wasm";

/** Largest |a - b| / max(|a|, |b|) over two loss curves. */
function worstRelativeGap(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!) / Math.max(Math.abs(x), Math.abs(b[i]!))));
}

/** The loss of each of the first STEPS batches of one epoch of fit. */
async function modelLosses(
  backend: BackendName,
  name: WorkloadName,
  batchSize?: number,
): Promise<number[]> {
  await setup({ backend, seed: 5 });
  const probe = buildWorkload(name, { samples: 1, seed: 5 });
  const batch = batchSize ?? probe.batchSize;
  disposeWorkload(probe);
  const workload = buildWorkload(name, { samples: STEPS * batch, seed: 5 });
  expect(workload.model.weights[0]!.backendName).toBe(backend);
  const losses: number[] = [];
  await workload.model.fit(workload.x, workload.y, {
    batchSize: batch,
    epochs: 1,
    shuffle: false,
    callbacks: [{ onBatchEnd: (_step, logs) => void losses.push(logs.loss as number) }],
  });
  disposeWorkload(workload);
  return losses;
}

async function coreMlpLosses(backend: BackendName): Promise<number[]> {
  await setup({ backend, seed: 5 });
  const batch = 64;
  const count = STEPS * batch;
  const data = classificationData({ count, inputShape: [784], classes: 10, seed: 9 });
  const mlp = createCoreMlp({ sizes: [784, 128, 64, 10], seed: 9 });
  expect(mlp.variables[0]!.backendName).toBe(backend);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const rows = (values: Float32Array, width: number): Tensor =>
      tensor(values.subarray(step * batch * width, (step + 1) * batch * width), [batch, width]);
    const xb = rows(data.x, 784);
    const yb = rows(data.y, 10);
    losses.push(mlp.step(xb, yb));
    xb.dispose();
    yb.dispose();
  }
  mlp.dispose();
  return losses;
}

describe("cross-backend parity over 20 training steps from one seed", () => {
  it("gives the same losses for a tensor-core MLP 784-128-64-10 on js and wasm", async () => {
    const js = await coreMlpLosses("js");
    const wasm = await coreMlpLosses("wasm");
    expect(js[STEPS - 1]!).toBeLessThan(js[0]!);
    expect(worstRelativeGap(js, wasm)).toBeLessThan(RELATIVE);
  });

  it("gives the same losses for the MLP through the model API", async () => {
    const js = await modelLosses("js", "mlp");
    const wasm = await modelLosses("wasm", "mlp");
    expect(js).toHaveLength(STEPS);
    expect(js[STEPS - 1]!).toBeLessThan(js[0]!);
    expect(worstRelativeGap(js, wasm)).toBeLessThan(RELATIVE);
  });

  it("gives the same losses for the CNN (conv2d, maxPool2d, dense)", async () => {
    const js = await modelLosses("js", "cnn", 8);
    const wasm = await modelLosses("wasm", "cnn", 8);
    expect(js).toHaveLength(STEPS);
    expect(worstRelativeGap(js, wasm)).toBeLessThan(RELATIVE);
  });

  it("gives the same losses for the LSTM(32) model", async () => {
    const js = await modelLosses("js", "lstm", 16);
    const wasm = await modelLosses("wasm", "lstm", 16);
    expect(js).toHaveLength(STEPS);
    expect(worstRelativeGap(js, wasm)).toBeLessThan(RELATIVE);
  });
});
