import { describe, expect, it } from "vitest";
import { formatCount, layerFlops, summarize } from "./summary.js";

describe("layerFlops", () => {
  it("counts a dense layer's product, bias and activation", () => {
    const flops = layerFlops({
      name: "d",
      className: "Dense",
      inputUnits: 2,
      outputUnits: 16,
      params: 48,
      activation: "relu",
    });
    // 2 * 2 * 16 multiply-adds + 16 bias adds + 16 relu.
    expect(flops).toBe(64 + 16 + 16);
  });

  it("leaves out the bias of a dense layer without one", () => {
    const facts = { name: "d", className: "Dense", inputUnits: 3, outputUnits: 2, params: 6 };
    expect(layerFlops({ ...facts, activation: "linear" })).toBe(12);
  });

  it("counts noise layers as free at inference and unknown layers as unknown", () => {
    const facts = { name: "x", inputUnits: 4, outputUnits: 4, params: 0 };
    expect(layerFlops({ ...facts, className: "Dropout" })).toBe(0);
    expect(layerFlops({ ...facts, className: "GaussianNoise" })).toBe(0);
    expect(layerFlops({ ...facts, className: "Conv2D" })).toBeNull();
  });
});

describe("summarize", () => {
  it("totals parameters and FLOPs and marks a partial total", () => {
    const summary = summarize([
      {
        name: "a",
        className: "Dense",
        inputUnits: 2,
        outputUnits: 4,
        params: 12,
        activation: "tanh",
      },
      { name: "b", className: "Mystery", inputUnits: 4, outputUnits: 4, params: 5 },
      {
        name: "c",
        className: "Dense",
        inputUnits: 4,
        outputUnits: 1,
        params: 5,
        activation: "sigmoid",
      },
    ]);
    expect(summary.totalParams).toBe(22);
    expect(summary.rows.map((r) => r.flops)).toEqual([16 + 4 + 16, null, 8 + 1 + 4]);
    expect(summary.forwardFlops).toBe(49);
    expect(summary.partial).toBe(true);
  });
});

describe("formatCount", () => {
  it("shortens large counts", () => {
    expect([formatCount(950), formatCount(12_345), formatCount(2_500_000)]).toEqual([
      "950",
      "12.3 k",
      "2.5 M",
    ]);
  });
});
