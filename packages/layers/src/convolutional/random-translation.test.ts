import { tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { randomTranslation } from "./index.js";
import { checkLayerGradients, describeReport, randomTensor } from "./test-helpers.js";

/** Each image of the batch is 1..16 in reading order, times its index + 1. */
function images(batch: number) {
  return tensor(
    Array.from({ length: batch * 16 }, (_, i) => (Math.floor(i / 16) + 1) * ((i % 16) + 1)),
    [batch, 4, 4, 1],
  );
}

describe("randomTranslation", () => {
  it("is the identity at inference", () => {
    const x = images(3);
    expect(randomTranslation({ heightFactor: 0.5 }).apply(x)).toBe(x);
  });

  it("shifts each image by whole pixels within round(factor * size), filling with fillValue", () => {
    const layer = randomTranslation({
      heightFactor: 0.25,
      widthFactor: 0.5,
      fillValue: -1,
      seed: 4,
    });
    const x = images(40);
    const y = layer.apply(x, { training: true }).array() as number[][][][];
    const source = x.array() as number[][][][];
    const shifts = new Set<string>();
    y.forEach((image, b) => {
      // Find the shift that explains the output, and check every pixel against it.
      const found: [number, number][] = [];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const fits = image.every((row, r) =>
            row.every(([v], c) => {
              const [sr, sc] = [r - dy, c - dx];
              const inside = sr >= 0 && sr < 4 && sc >= 0 && sc < 4;
              return v === (inside ? source[b]![sr]![sc]![0] : -1);
            }),
          );
          if (fits) {
            found.push([dy, dx]);
          }
        }
      }
      expect(found.length).toBe(1);
      shifts.add(found[0]!.join(","));
    });
    expect(shifts.size).toBeGreaterThan(5);
  });

  it("passes gradients to the pixels it keeps", () => {
    const layer = randomTranslation({
      heightFactor: 0,
      widthFactor: [0.25, 0.25],
      dtype: "float64",
    });
    const report = checkLayerGradients(layer, [randomTensor([2, 3, 4, 2], 1, "float64")], {
      training: true,
    });
    expect(report.ok, describeReport(report)).toBe(true);
  });

  it("rejects factors outside [-1, 1] and other fill modes", () => {
    expect(() => randomTranslation({ heightFactor: 1.5, name: "t" })).toThrow(
      /t \(RandomTranslation\): heightFactor is 1.5/,
    );
    expect(() => randomTranslation({ heightFactor: 0.1, fillMode: "reflect" as never })).toThrow(
      /fillMode/,
    );
  });
});
