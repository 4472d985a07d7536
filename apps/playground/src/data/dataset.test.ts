import { describe, expect, it } from "vitest";
import { gatherRows, splitDataset, standardizeColumns } from "./dataset.js";
import { generateToy } from "./toy.js";

describe("splitDataset", () => {
  it("puts every row in exactly one part, with the asked train share", () => {
    const data = splitDataset(generateToy("circle", { samples: 200, noise: 0, seed: 1 }), 0.7, 1);
    expect(data.train.length).toBe(140);
    expect(data.test.length).toBe(60);
    const all = [...data.train, ...data.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("keeps both classes on both sides", () => {
    const data = splitDataset(generateToy("xor", { samples: 20, noise: 0, seed: 2 }), 0.8, 3);
    const classes = (rows: Int32Array) => new Set([...rows].map((i) => data.y[i]));
    expect(classes(data.train).size).toBe(2);
    expect(classes(data.test).size).toBe(2);
  });

  it("standardises with the training rows only when the raw set asks for it", () => {
    const raw = {
      ...generateToy("surface", { samples: 100, noise: 0, seed: 4 }),
      standardize: true,
    };
    const data = splitDataset(raw, 0.5, 1);
    const train = gatherRows(data.x, 2, data.train);
    const mean = train.filter((_, k) => k % 2 === 0).reduce((s, v) => s + v, 0) / data.train.length;
    expect(mean).toBeCloseTo(0, 5);
    expect("standardize" in data).toBe(false);
    expect(data.scaler?.kind).toBe("standard");
  });
});

describe("standardizeColumns", () => {
  it("gives each column mean 0 and deviation 1 over the rows, and leaves constants at 0", () => {
    const data = new Float32Array([1, 5, 3, 5, 5, 5]);
    const { values, stats } = standardizeColumns(data, 2, [0, 1, 2]);
    expect(stats).toEqual({
      kind: "standard",
      version: 1,
      mean: [3, 5],
      scale: [expect.closeTo(Math.sqrt(8 / 3), 6), 1],
    });
    expect([...values]).toEqual([
      expect.closeTo(-Math.sqrt(1.5), 5),
      0,
      0,
      0,
      expect.closeTo(Math.sqrt(1.5), 5),
      0,
    ]);
  });
});
