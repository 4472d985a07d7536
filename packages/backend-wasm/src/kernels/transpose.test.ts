import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { host, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { sizeOf, transpose } from "../../test/naive.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

const permutationArb = (rank: number) =>
  fc
    .array(fc.nat(), { minLength: rank, maxLength: rank })
    .map((keys) =>
      keys.map((key, axis) => ({ key, axis })).sort((p, q) => p.key - q.key || p.axis - q.axis),
    )
    .map((entries) => entries.map((e) => e.axis));

const caseArb = fc
  .array(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 5 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      perm: permutationArb(shape.length),
      dtype: fc.constantFrom(...DTYPES),
      seed: seedArb,
    }),
  );

describe("Transpose", () => {
  const backend = useBackend();

  it("permutes axes of every dtype", () => {
    fc.assert(
      fc.property(caseArb, ({ shape, perm, dtype, seed }) => {
        const x = host(
          shape,
          dtype,
          new Rng(seed).ints(sizeOf(shape), dtype === "bool" ? 0 : -99, 99),
        );
        const outShape = perm.map((d) => shape[d]!);
        const [y] = run(backend(), "Transpose", [x], [{ shape: outShape, dtype }], { perm });
        expect(Array.from(y!)).toEqual(transpose(x.values, shape, perm));
      }),
      { numRuns: 80 },
    );
  });

  it("swaps the last two axes of large matrices in tiles", () => {
    for (const [rows, cols] of [
      [37, 53],
      [64, 16],
      [1, 100],
    ] as const) {
      const shape = [2, rows, cols];
      const x = host(shape, "float32", new Rng(rows).ints(sizeOf(shape), -1000, 1000));
      const [y] = run(backend(), "Transpose", [x], [{ shape: [2, cols, rows], dtype: "float32" }], {
        perm: [0, 2, 1],
      });
      expect(Array.from(y!)).toEqual(transpose(x.values, shape, [0, 2, 1]));
    }
  });
});
