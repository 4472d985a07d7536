import { Generator } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { randomArray, randomValues } from "./index.js";

describe("randomArray", () => {
  it("draws one uniform value per element from tensor-core's Generator", () => {
    const generator = new Generator(11);
    const expected = Array.from({ length: 5 }, () => 2 + 3 * generator.uniform());
    expect(Array.from(randomArray(5, 11, 2, 5))).toEqual(expected);
  });

  it("gives the same values for the same seed and others for another seed", () => {
    expect(randomArray(16, 3)).toEqual(randomArray(16, 3));
    expect(randomArray(16, 3)).not.toEqual(randomArray(16, 4));
  });

  it("stays in [-1, 1) by default and in [low, high) when given", () => {
    const byDefault = randomArray(500, 1);
    expect(Math.min(...byDefault)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...byDefault)).toBeLessThan(1);
    const given = randomArray(500, 1, 10, 12);
    expect(Math.min(...given)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...given)).toBeLessThan(12);
  });

  it("keeps every value at least gap away from each kink", () => {
    for (let seed = 0; seed < 5; seed++) {
      const values = randomArray(400, seed, -1, 1, [0, 0.5], 0.2);
      const nearest = Math.min(...Array.from(values, (v) => Math.min(Math.abs(v), Math.abs(v - 0.5))));
      expect(nearest).toBeGreaterThanOrEqual(0.2);
    }
  });

  it("keeps the values of a kink-free draw when the kinks are far from the range", () => {
    expect(randomArray(32, 9, 0, 1, [5])).toEqual(randomArray(32, 9, 0, 1));
  });

  it("throws naming the range, gap and kinks when the kinks leave no room", () => {
    expect(() => randomArray(1, 0, 0, 1, [0.5], 1)).toThrowErrorMatchingInlineSnapshot(
      `[Error: randomArray: 1000 draws in [0, 1) all fell within 1 of the kinks [0.5]; widen the range or shrink the gap.]`,
    );
  });
});

describe("randomValues", () => {
  it("returns a float64 tensor of the shape holding randomArray's values", () => {
    const x = randomValues([2, 3], 5, -3, 3, [0]);
    expect(x.dtype).toBe("float64");
    expect(x.shape).toEqual([2, 3]);
    expect(Array.from(x.data())).toEqual(Array.from(randomArray(6, 5, -3, 3, [0])));
  });

  it("makes a scalar from an empty shape", () => {
    const x = randomValues([], 2);
    expect(x.shape).toEqual([]);
    expect(x.item()).toBe(randomArray(1, 2)[0]);
  });
});
