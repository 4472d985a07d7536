import { describe, expect, it } from "vitest";
import { argmax, score } from "./metrics.js";

describe("score", () => {
  it("computes categorical cross-entropy of softmax rows and argmax accuracy", () => {
    const s = score("classification", new Float32Array([0.7, 0.2, 0.1, 0.1, 0.1, 0.8]), [0, 1]);
    expect(s.loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.1)) / 2, 5);
    expect(s.metric).toBe(0.5);
  });

  it("computes mean squared and absolute error for regression", () => {
    const s = score("regression", new Float32Array([1, 3]), [0, 1]);
    expect(s).toEqual({ loss: 2.5, metric: 1.5 });
  });

  it("stays finite for certain but wrong predictions", () => {
    expect(Number.isFinite(score("classification", new Float32Array([1, 0]), [1]).loss)).toBe(true);
  });

  it("refuses predictions that do not split into rows", () => {
    expect(() => score("classification", new Float32Array(5), [0, 1])).toThrow(
      /do not split into 2 rows/,
    );
  });
});

describe("argmax", () => {
  it("picks the first largest value", () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
  });
});
