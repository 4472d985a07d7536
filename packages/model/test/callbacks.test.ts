import { dense } from "@myelin/layers";
import { sgd } from "@myelin/optimizers";
import { recentLogs, type Tensor, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  callback,
  csvLogger,
  earlyStopping,
  type HealthReport,
  type Logs,
  type ModelArtifacts,
  modelCheckpoint,
  progressLogger,
  reduceLROnPlateau,
  sequential,
  terminateOnNaN,
  trainingHealth,
} from "../src/index.js";
import { builtins, random } from "./helpers.js";

const x = random([40, 3], 1, -1, 1);
const y = tensor(
  Array.from({ length: 40 }, (_, i) => [x.data()[i * 3]! * 2 - x.data()[i * 3 + 1]!]),
);

function regression(rate = 0.1, seed = 4) {
  const model = sequential(
    [dense({ units: 8, activation: "tanh", inputShape: [3] }), dense({ units: 1 })],
    { seed, registry: builtins() },
  );
  model.compile({ optimizer: sgd({ learningRate: rate }), loss: "meanSquaredError" });
  return model;
}

describe("callbacks", () => {
  it("earlyStopping stops after patience epochs without improvement and restores the best weights", async () => {
    const model = regression(0.1);
    const snapshots: Tensor[][] = [];
    // Validation targets that the model cannot fit make val_loss rise after the first epochs.
    const history = await model.fit(x, y, {
      epochs: 60,
      validationData: [x, tensor(Array.from({ length: 40 }, () => [5]))],
      callbacks: [
        { onEpochEnd: () => void snapshots.push(model.getWeights()) },
        earlyStopping({ patience: 2, restoreBestWeights: true }),
      ],
    });
    const val = history.history.val_loss!;
    expect(val.length).toBeLessThan(60);
    const best = val.indexOf(Math.min(...val));
    expect(val.length - 1 - best).toBe(2);
    model
      .getWeights()
      .forEach((w, i) =>
        expect(Array.from(w.data())).toEqual(Array.from(snapshots[best]![i]!.data())),
      );
    expect(Array.from(model.getWeights()[0]!.data())).not.toEqual(
      Array.from(snapshots[val.length - 1]![0]!.data()),
    );
  });

  it("earlyStopping with patience 0 stops at the first epoch that does not improve", async () => {
    const model = regression(0);
    const history = await model.fit(x, y, {
      epochs: 10,
      shuffle: false,
      callbacks: [earlyStopping({ monitor: "loss" })],
    });
    expect(history.history.loss).toHaveLength(2);
  });

  it("reduceLROnPlateau lowers the rate when the monitored value stalls", async () => {
    const model = regression(0);
    const history = await model.fit(x, y, {
      epochs: 6,
      callbacks: [reduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 2, minLr: 0 })],
    });
    expect(history.history.lr).toEqual([0, 0, 0, 0, 0, 0]);
    const moving = regression(0.05);
    const stalled = await moving.fit(x, y, {
      epochs: 8,
      callbacks: [
        { onEpochEnd: (_e: number, logs: Logs) => void (logs.loss = 1) },
        reduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 2 }),
      ],
    });
    expect(stalled.history.lr).toEqual([0.05, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125, 0.00625]);
  });

  it("terminateOnNaN stops on the first non-finite batch loss", async () => {
    const model = regression(1e6);
    const history = await model.fit(x, tensor(Array.from({ length: 40 }, () => [1e20])), {
      epochs: 50,
      batchSize: 4,
      callbacks: [terminateOnNaN()],
    });
    expect(history.history.loss!.length).toBeLessThan(50);
  });

  it("modelCheckpoint saves through a function, only on improvement with saveBestOnly", async () => {
    const saved: { epoch: number; artifacts: ModelArtifacts }[] = [];
    const model = regression(0.1);
    const history = await model.fit(x, y, {
      epochs: 5,
      callbacks: [
        modelCheckpoint({
          monitor: "loss",
          saveBestOnly: true,
          save: (artifacts, info) => void saved.push({ epoch: info.epoch, artifacts }),
        }),
      ],
    });
    const losses = history.history.loss!;
    const improving = losses
      .map((l, i) => losses.slice(0, i).every((p) => l < p))
      .flatMap((b, i) => (b ? [i] : []));
    expect(saved.map((s) => s.epoch)).toEqual(improving);
    expect(saved[0]!.artifacts.weightData.byteLength).toBeGreaterThan(0);
  });

  it("csvLogger writes a header and one row per epoch through the writer", async () => {
    const chunks: string[] = [];
    await regression().fit(x, y, {
      epochs: 2,
      validationSplit: 0.25,
      callbacks: [csvLogger({ write: (t) => void chunks.push(t) })],
    });
    const lines = chunks.join("").trim().split("\n");
    expect(lines[0]).toBe("epoch,loss,lr,val_loss");
    expect(lines).toHaveLength(3);
    expect(lines[1]!.split(",")[0]).toBe("0");
    expect(Number(lines[2]!.split(",")[1])).toBeGreaterThan(0);
  });

  it("progressLogger sends one line per epoch to its sink; plain objects are callbacks", async () => {
    const lines: string[] = [];
    const order: string[] = [];
    await regression().fit(x, y, {
      epochs: 2,
      batchSize: 20,
      callbacks: [
        progressLogger({ sink: (l) => lines.push(l), batchEvery: 1 }),
        callback({
          onTrainBegin: () => void order.push("begin"),
          onEpochEnd: (e) => void order.push(`epoch ${e}`),
          onTrainEnd: () => void order.push("end"),
        }),
      ],
    });
    expect(lines.filter((l) => l.startsWith("epoch"))).toHaveLength(2);
    expect(lines[0]).toMatch(/^ {2}batch 1\/2 - loss: \d/);
    expect(lines[2]).toMatch(/^epoch 1\/2 - \d+\.\d+s - loss: \d+\.\d{4} - lr: 0\.1000$/);
    expect(order).toEqual(["begin", "epoch 0", "epoch 1", "end"]);
  });

  it("waits for async callbacks before going on", async () => {
    const events: string[] = [];
    await regression().fit(x, y, {
      epochs: 2,
      callbacks: [
        {
          onEpochEnd: async (e) => {
            await new Promise((r) => setTimeout(r, 5));
            events.push(`end ${e}`);
          },
        },
        { onEpochBegin: (e) => void events.push(`begin ${e}`) },
      ],
    });
    expect(events).toEqual(["begin 0", "end 0", "begin 1", "end 1"]);
  });

  it("waits for an async onEpochBegin before the epoch's first batch", async () => {
    const events: string[] = [];
    await regression().fit(x, y, {
      epochs: 2,
      batchSize: 40,
      callbacks: [
        {
          onEpochBegin: async (e) => {
            await new Promise((r) => setTimeout(r, 5));
            events.push(`begin ${e}`);
          },
          onBatchEnd: (b) => void events.push(`batch ${b}`),
        },
      ],
    });
    expect(events).toEqual(["begin 0", "batch 0", "begin 1", "batch 0"]);
  });

  it("verbose: 1 logs a line per epoch through the logger at level info", async () => {
    const { setLogLevel } = await import("@myelin/tensor-core");
    setLogLevel("info");
    await regression().fit(x, y, { epochs: 1, verbose: 1 });
    setLogLevel("warn");
    expect(
      recentLogs().some((r) => r.level === "info" && r.message.startsWith("epoch 1 - loss:")),
    ).toBe(true);
  });

  it("trainingHealth reports gradient norms, update ratios and dead units per layer", async () => {
    const reports: HealthReport[] = [];
    const model = sequential(
      [
        dense({
          units: 6,
          activation: "relu",
          inputShape: [3],
          biasInitializer: { className: "constant", config: { value: -10 } },
        }),
        dense({ units: 1, activation: "sigmoid" }),
      ],
      { seed: 1 },
    );
    model.compile({ optimizer: sgd({ learningRate: 0.1 }), loss: "meanSquaredError" });
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 10,
      callbacks: [trainingHealth({ every: 2, onReport: (r) => void reports.push(r) })],
    });
    expect(reports.map((r) => r.batch)).toEqual([0, 2]);
    const [first, second] = reports[0]!.layers;
    expect(first).toMatchObject({ type: "Dense", deadFraction: 1, saturatedFraction: null });
    expect(second!.deadFraction).toBeNull();
    expect(second!.saturatedFraction).toBeGreaterThanOrEqual(0);
    expect(first!.gradientNorm).toBe(0);
    expect(second!.gradientNorm).toBeGreaterThan(0);
    expect(second!.updateRatio).toBeGreaterThan(0);
    expect(Number.isFinite(reports[0]!.loss)).toBe(true);
  });
});
