/**
 * A real data set end to end: an MLP on the UCI handwritten digits (see
 * fixtures/README.md), standardized features, a seeded 80/20 split.
 */
import { readFileSync } from "node:fs";
import { dense } from "@myelin/layers";
import { Generator, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { sequential } from "../src/index.js";

function loadDigits(): { x: Float32Array; labels: Float32Array; rows: number; cols: number } {
  const lines = readFileSync(new URL("./fixtures/digits.csv", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1);
  const cols = lines[0]!.split(",").length - 1;
  const x = new Float32Array(lines.length * cols);
  const labels = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(",").map(Number);
    x.set(cells.slice(0, cols), i * cols);
    labels[i] = cells[cols]!;
  });
  return { x, labels, rows: lines.length, cols };
}

describe("an MLP on the digits data set", () => {
  it("reaches at least 0.97 test accuracy", async () => {
    const { x, labels, rows, cols } = loadDigits();
    expect([rows, cols]).toEqual([1797, 64]);
    const order = new Generator(0).shuffle(Int32Array.from({ length: rows }, (_, i) => i));
    const trainRows = order.subarray(0, Math.floor(rows * 0.8));
    const testRows = order.subarray(trainRows.length);
    // Standardize with the training rows' statistics only.
    const mean = new Float64Array(cols);
    const std = new Float64Array(cols);
    for (const r of trainRows) {
      for (let j = 0; j < cols; j++) {
        mean[j]! += x[r * cols + j]! / trainRows.length;
      }
    }
    for (const r of trainRows) {
      for (let j = 0; j < cols; j++) {
        std[j]! += (x[r * cols + j]! - mean[j]!) ** 2 / trainRows.length;
      }
    }
    const take = (subset: Int32Array) => {
      const out = new Float32Array(subset.length * cols);
      subset.forEach((r, i) => {
        for (let j = 0; j < cols; j++) {
          out[i * cols + j] = (x[r * cols + j]! - mean[j]!) / (Math.sqrt(std[j]!) || 1);
        }
      });
      return {
        x: tensor(out, [subset.length, cols]),
        y: tensor(
          Float32Array.from(subset, (r) => labels[r]!),
          [subset.length],
        ),
      };
    };
    const train = take(trainRows);
    const test = take(testRows);
    const model = sequential(
      [
        dense({ units: 64, activation: "relu", inputShape: [cols] }),
        dense({ units: 10, activation: "softmax" }),
      ],
      { seed: 0 },
    );
    model.compile({
      optimizer: { className: "adam", config: { learningRate: 0.003 } },
      loss: "sparseCategoricalCrossentropy",
      metrics: ["accuracy"],
    });
    const history = await model.fit(train.x, train.y, { epochs: 25, batchSize: 32, seed: 0 });
    expect(history.history.accuracy![24]).toBeGreaterThan(0.99);
    const { accuracy } = model.evaluate(test.x, test.y);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  });
});
