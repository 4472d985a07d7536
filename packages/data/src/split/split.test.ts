import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catchDataError } from "../../test/catch-error.js";
import { createRng } from "../random/rng.js";
import { apportion } from "./apportion.js";
import { partitionIndices, shuffleIndices, trainTestSplit } from "./split.js";

function sorted(values: Int32Array): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function countLabels(labels: ArrayLike<number>, rows: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  rows.forEach((i) => counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1));
  return counts;
}

describe("shuffleIndices", () => {
  it("returns a permutation that depends only on the seed", () => {
    const a = shuffleIndices(50, 3);

    expect(sorted(a)).toEqual(range(50));
    expect(shuffleIndices(50, 3)).toEqual(a);
    expect(shuffleIndices(50, 4)).not.toEqual(a);
  });
});

describe("trainTestSplit", () => {
  it("uses every row exactly once and rounds the test size", () => {
    const { train, test } = trainTestSplit(101, { testFraction: 0.25, seed: 1 });

    expect(test.length).toBe(25);
    expect(train.length).toBe(76);
    expect(sorted(Int32Array.from([...train, ...test]))).toEqual(range(101));
  });

  it("is deterministic for a seed and changes with it", () => {
    const first = trainTestSplit(40, { testFraction: 0.3, seed: 9 });

    expect(trainTestSplit(40, { testFraction: 0.3, seed: 9 })).toEqual(first);
    expect(trainTestSplit(40, { testFraction: 0.3, seed: 10 }).test).not.toEqual(first.test);
  });

  it("keeps each class's test share within one row of exact when stratified", () => {
    const labels = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 200 });
    fc.assert(
      fc.property(
        labels,
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.nat(),
        (raw, fraction, seed) => {
          const stratify = Int32Array.from(raw);
          const n = stratify.length;
          const expectedTest = Math.floor(n * fraction + 0.5);
          fc.pre(expectedTest >= 1 && expectedTest < n);

          const { train, test } = trainTestSplit(n, { testFraction: fraction, seed, stratify });
          expect(sorted(Int32Array.from([...train, ...test]))).toEqual(range(n));
          expect(Math.abs(test.length - n * fraction)).toBeLessThanOrEqual(0.5 + 1e-9);

          const all = countLabels(stratify, Int32Array.from(range(n)));
          const inTest = countLabels(stratify, test);
          for (const [label, count] of all) {
            expect(Math.abs((inTest.get(label) ?? 0) - count * fraction)).toBeLessThan(1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects fractions outside (0, 1), an empty part and a wrong stratify length", () => {
    const zero = catchDataError(() => trainTestSplit(10, { testFraction: 0, seed: 0 }));
    const tiny = catchDataError(() => trainTestSplit(10, { testFraction: 0.01, seed: 0 }));
    const length = catchDataError(() =>
      trainTestSplit(10, { testFraction: 0.2, seed: 0, stratify: new Int32Array(9) }),
    );

    expect([zero.code, tiny.code, length.code]).toEqual([
      "invalid_option",
      "invalid_option",
      "invalid_option",
    ]);
    expect(zero.message).toMatchInlineSnapshot(
      `"testFraction must be in (0, 1), found 0. Pass a share of the rows such as 0.2."`,
    );
    expect(tiny.message).toMatchInlineSnapshot(
      `"testFraction 0.01 of 10 rows rounds to 0 rows. Use a larger fraction or more rows."`,
    );
    expect(length.message).toMatchInlineSnapshot(
      `"stratify has 9 labels for 10 rows. Pass one label per row, such as table.target.labels."`,
    );
  });
});

describe("partitionIndices", () => {
  it("splits three ways with every class within one row of exact in every part", () => {
    const labels = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 10, maxLength: 300 });
    fc.assert(
      fc.property(labels, fc.nat(), (raw, seed) => {
        const stratify = Int32Array.from(raw);
        const n = stratify.length;
        const fractions = [0.2, 0.15];
        const shares = [...fractions, 0.65];

        const parts = partitionIndices(n, {
          fractions,
          names: ["test", "validation"],
          seed,
          stratify,
        });
        expect(sorted(Int32Array.from(parts.flatMap((p) => Array.from(p))))).toEqual(range(n));

        const all = countLabels(stratify, Int32Array.from(range(n)));
        parts.forEach((part, j) => {
          expect(Math.abs(part.length - n * shares[j]!)).toBeLessThan(1);
          const inPart = countLabels(stratify, part);
          for (const [label, count] of all) {
            expect(Math.abs((inPart.get(label) ?? 0) - count * shares[j]!)).toBeLessThan(1);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe("apportion", () => {
  it("meets row totals exactly and part totals to the rounded share", () => {
    const counts = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 });
    const shares = fc
      .tuple(fc.integer({ min: 1, max: 98 }), fc.integer({ min: 1, max: 98 }))
      .filter(([a, b]) => a + b < 100)
      .map(([a, b]) => [a / 100, b / 100, (100 - a - b) / 100]);
    fc.assert(
      fc.property(counts, shares, fc.nat(), (classCounts, fractions, seed) => {
        const result = apportion(classCounts, fractions, createRng(seed));
        const total = classCounts.reduce((a, b) => a + b, 0);

        result.forEach((row, c) => {
          expect(row.reduce((a, b) => a + b, 0)).toBe(classCounts[c]);
          row.forEach((x, j) =>
            expect(Math.abs(x - classCounts[c]! * fractions[j]!)).toBeLessThan(1),
          );
        });
        fractions.forEach((f, j) => {
          const part = result.reduce((t, row) => t + row[j]!, 0);
          expect(Math.abs(part - total * f)).toBeLessThan(1);
        });
      }),
      { numRuns: 300 },
    );
  });
});
