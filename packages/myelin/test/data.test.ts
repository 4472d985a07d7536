import { describe, expect, it } from "vitest";
import * as myelin from "../src/index.js";

describe("models with @myelin/data", () => {
  it("train from a streamed CSV dataset (matrices and integer labels)", async () => {
    await myelin.setup({ seed: 2 });
    const rows = Array.from({ length: 120 }, (_, i) => {
      const a = Math.sin(i * 1.3);
      const b = Math.cos(i * 0.7);
      return `${a.toFixed(4)},${b.toFixed(4)},${a + b > 0 ? "up" : "down"}`;
    });
    const csv = ["a,b,label", ...rows].join("\n");
    const dataset = myelin.data.csvDataset(() => new Response(csv), { target: "label", batchSize: 16 });
    const model = myelin.sequential([
      myelin.layers.dense({ units: 8, activation: "tanh", inputShape: [2] }),
      myelin.layers.dense({ units: 2, activation: "softmax" }),
    ]);
    model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
    const history = await model.fit(dataset, { epochs: 30 });
    expect(history.history.loss).toHaveLength(30);
    expect(history.history.accuracy![29]).toBeGreaterThan(0.9);
  });
});
