import { tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  accuracy,
  auc,
  binaryAccuracy,
  categoricalAccuracy,
  getMetric,
  precision,
  recall,
  registerModelPlugins,
  sparseCategoricalAccuracy,
} from "../src/index.js";
import { Registry } from "@myelin/registry";

describe("metrics", () => {
  it("accumulate over batches to the value over all rows", () => {
    const m = sparseCategoricalAccuracy();
    m.update(
      tensor([0, 1]),
      tensor([
        [0.9, 0.1],
        [0.8, 0.2],
      ]),
    );
    m.update(tensor([[1]]), tensor([[0.3, 0.7]]));
    expect(m.result()).toBeCloseTo(2 / 3, 12);
    m.reset();
    expect(Number.isNaN(m.result())).toBe(true);
  });

  it("binary, categorical and sparse accuracy, with sample weights", () => {
    const b = binaryAccuracy();
    b.update(tensor([[1], [0], [1]]), tensor([[0.7], [0.6], [0.2]]), tensor([1, 1, 2]));
    expect(b.result()).toBeCloseTo(1 / 4, 12);
    const c = categoricalAccuracy();
    c.update(
      tensor([
        [0, 1, 0],
        [1, 0, 0],
      ]),
      tensor([
        [0.1, 0.8, 0.1],
        [0.2, 0.7, 0.1],
      ]),
    );
    expect(c.result()).toBe(0.5);
    expect(() =>
      sparseCategoricalAccuracy().update(tensor([[0, 1]]), tensor([[0.2, 0.8]])),
    ).toThrow(/one class index per row/);
  });

  it("accuracy picks the form that fits the loss", () => {
    expect(
      getMetric("accuracy", undefined, { name: "sparseCategoricalCrossentropy", fromLogits: false })
        .metricName,
    ).toBe("sparseCategoricalAccuracy");
    expect(
      getMetric("acc", undefined, { name: "categoricalCrossentropy", fromLogits: false })
        .metricName,
    ).toBe("categoricalAccuracy");
    const logits = getMetric("accuracy", undefined, {
      name: "binaryCrossentropy",
      fromLogits: true,
    });
    logits.update(tensor([[1], [0]]), tensor([[0.3], [-0.2]]));
    expect(logits.result()).toBe(1);
    const auto = accuracy();
    auto.update(
      tensor([2, 0]),
      tensor([
        [0, 0, 1],
        [0, 1, 0],
      ]),
    );
    expect(auto.result()).toBe(0.5);
  });

  it("precision, recall and AUC", () => {
    const truth = tensor([[1], [1], [0], [0], [1]]);
    const scores = tensor([[0.9], [0.4], [0.6], [0.1], [0.8]]);
    const p = precision();
    const r = recall();
    const a = auc();
    for (const m of [p, r, a]) {
      m.update(truth, scores);
    }
    expect(p.result()).toBeCloseTo(2 / 3, 12);
    expect(r.result()).toBeCloseTo(2 / 3, 12);
    // Pairs ranked right: (0.9, 0.8, 0.4) against (0.6, 0.1): 5 of 6.
    expect(a.result()).toBeCloseTo(5 / 6, 2);
  });

  it("mse and mae by their short names, and registered by name", () => {
    const mse = getMetric("mse");
    mse.update(tensor([1, 2]), tensor([[2], [4]]));
    expect(mse.result()).toBe(2.5);
    expect(mse.name).toBe("mse");
    const registry = registerModelPlugins(new Registry());
    expect(registry.list("metric").map((e) => e.name)).toEqual([
      "accuracy",
      "auc",
      "binaryAccuracy",
      "categoricalAccuracy",
      "meanAbsoluteError",
      "meanSquaredError",
      "precision",
      "recall",
      "sparseCategoricalAccuracy",
    ]);
    expect(getMetric("mae", registry).name).toBe("mae");
    expect(
      registry.create("callback", { className: "earlyStopping", config: { patience: 3 } }),
    ).toHaveProperty("onEpochEnd");
  });
});
