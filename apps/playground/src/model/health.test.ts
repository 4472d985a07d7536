import { describe, expect, it } from "vitest";
import { assessLayer, deadShare, l2Norm, saturatedShare } from "./health.js";

/** `[rows, units]` activations from rows of numbers. */
function acts(rows: number[][]) {
  return { values: Float32Array.from(rows.flat()), rows: rows.length, units: rows[0]!.length };
}

describe("deadShare", () => {
  it("counts units that are never positive on the batch", () => {
    const a = acts([
      [0, 1, 0, 0],
      [0, 0, 0, 2],
      [0, 3, 0, 0],
    ]);
    expect(deadShare(a)).toBe(0.5);
  });

  it("treats one active row as alive", () => {
    expect(deadShare(acts([[0], [0], [1e-3]]))).toBe(0);
  });
});

describe("saturatedShare", () => {
  it("counts tanh units near ±1 on nearly every row", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [
      0.99,
      i < 9 ? -0.995 : 0,
      0.5,
      i < 8 ? 1 : 0,
    ]);
    // Unit 0: 10/10 rows saturated; unit 1: 9/10 (= 90 %, counts); unit 3: 8/10 (does not).
    expect(saturatedShare(acts(rows), "tanh")).toBe(0.5);
  });

  it("maps sigmoid's [0, 1] onto the same scale", () => {
    expect(saturatedShare(acts([[0.001, 0.999, 0.9]]), "sigmoid")).toBeCloseTo(2 / 3);
  });

  it("refuses activations without limits", () => {
    expect(() => saturatedShare(acts([[1]]), "relu")).toThrow(/"relu" has no saturating limits/);
  });
});

describe("assessLayer", () => {
  it("warns in plain words when most ReLU units are dead", () => {
    const health = assessLayer({
      position: 2,
      name: "dense_1",
      activation: "relu",
      activations: acts([
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 2],
      ]),
    });
    expect(health.deadShare).toBe(0.8);
    expect(health.warnings).toEqual([
      "Layer 2: 80 % of units are dead; lower the learning rate or use leakyRelu.",
    ]);
  });

  it("warns about saturated tanh units", () => {
    const health = assessLayer({
      position: 1,
      name: "dense",
      activation: "tanh",
      activations: acts([[1, -1, 0.999]]),
    });
    expect(health.saturatedShare).toBe(1);
    expect(health.warnings[0]).toMatch(/^Layer 1: 100 % of units are saturated/);
  });

  it("reports the update to weight ratio and warns when it is large", () => {
    const health = assessLayer({
      position: 3,
      name: "d",
      weightNorm: 2,
      updateNorm: 0.5,
      gradNorm: 1,
    });
    expect(health.updateRatio).toBe(0.25);
    expect(health.warnings).toEqual([
      "Layer 3: one step changes the weights by 25 % of their size; lower the learning rate.",
    ]);
  });

  it("warns about exploding, vanishing and non-finite gradients", () => {
    expect(assessLayer({ position: 1, name: "d", gradNorm: 1e4 }).warnings[0]).toMatch(
      /far too large/,
    );
    expect(assessLayer({ position: 1, name: "d", gradNorm: 0, weightNorm: 1 }).warnings[0]).toMatch(
      /gradient has vanished/,
    );
    expect(assessLayer({ position: 1, name: "d", gradNorm: Number.NaN }).warnings[0]).toMatch(
      /no longer finite/,
    );
  });

  it("finds nothing wrong with a healthy layer and leaves unmeasured values null", () => {
    const health = assessLayer({
      position: 1,
      name: "d",
      activation: "relu",
      activations: acts([
        [1, 0],
        [0, 1],
      ]),
      gradNorm: 0.3,
      weightNorm: 3,
      updateNorm: 0.003,
    });
    expect(health).toEqual({
      position: 1,
      name: "d",
      deadShare: 0,
      saturatedShare: null,
      gradNorm: 0.3,
      updateRatio: 0.001,
      warnings: [],
    });
  });

  it("leaves the vanished gradient of dead units to the dead-units warning", () => {
    const health = assessLayer({
      position: 2,
      name: "d",
      activation: "relu",
      activations: acts([[0, 0]]),
      gradNorm: 0,
      weightNorm: 1,
    });
    expect(health.warnings).toEqual([
      "Layer 2: 100 % of units are dead; lower the learning rate or use leakyRelu.",
    ]);
  });
});

describe("l2Norm", () => {
  it("takes the norm of several arrays together", () => {
    expect(l2Norm([3], new Float32Array([4]))).toBe(5);
  });
});
