import { describe, expect, it } from "vitest";
import {
  createRandom,
  makeClassificationSet,
  makeMatrix,
  makeSequenceSet,
  makeTutorialSet,
} from "./data.js";

describe("createRandom", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
  });

  it("draws different sequences for different seeds", () => {
    expect(createRandom(1)()).not.toBe(createRandom(2)());
  });

  it("stays inside [0, 1) with a mean near one half", () => {
    const random = createRandom(3);
    const draws = Array.from({ length: 20_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });
});

describe("makeMatrix", () => {
  it("fills n x n entries from [-1, 1)", () => {
    const m = makeMatrix(16, 5);
    expect(m).toHaveLength(256);
    expect(m.every((v) => v >= -1 && v < 1)).toBe(true);
  });
});

describe("makeClassificationSet", () => {
  const set = makeClassificationSet({ count: 2000, inputShape: [784], classes: 10, seed: 9 });

  it("one-hot encodes each sample's label", () => {
    for (let s = 0; s < 50; s++) {
      const row = Array.from(set.y.subarray(s * 10, s * 10 + 10));
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      expect(row[set.labels[s]!]).toBe(1);
    }
  });

  it("keeps every class populated, none above a fifth of the samples", () => {
    const counts = new Array<number>(10).fill(0);
    set.labels.forEach((label) => counts[label]!++);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThan(400);
  });

  it("is identical for the same seed", () => {
    const again = makeClassificationSet({ count: 2000, inputShape: [784], classes: 10, seed: 9 });
    expect(again.labels).toEqual(set.labels);
  });
});

describe("makeSequenceSet", () => {
  it("targets 0.1 x the sum over time of feature 0", () => {
    const set = makeSequenceSet({ count: 3, timeSteps: 20, features: 8, seed: 4 });
    let sum = 0;
    for (let t = 0; t < 20; t++) {
      sum += set.x[(1 * 20 + t) * 8]!;
    }
    expect(set.y[1]).toBeCloseTo(0.1 * sum, 5);
  });
});

describe("makeTutorialSet", () => {
  it("pairs x = 1..10 with y = 2x - 1", () => {
    const { x, y } = makeTutorialSet();
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(y)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
  });
});
