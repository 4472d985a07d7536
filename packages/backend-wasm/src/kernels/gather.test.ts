import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { host, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { gather, sizeOf } from "../../test/naive.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

describe("Gather", () => {
  const backend = useBackend();

  it("picks slices of every dtype along any axis by int32 index", () => {
    const caseArb = fc
      .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          axis: fc.integer({ min: 0, max: shape.length - 1 }),
          indexShape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 2 }),
          dtype: fc.constantFrom(...DTYPES),
          seed: seedArb,
        }),
      );
    fc.assert(
      fc.property(caseArb, ({ shape, axis, indexShape, dtype, seed }) => {
        const rng = new Rng(seed);
        const x = host(shape, dtype, rng.ints(sizeOf(shape), dtype === "bool" ? 0 : -99, 99));
        const indices = host(
          indexShape,
          "int32",
          rng.ints(sizeOf(indexShape), 0, shape[axis]! - 1),
        );
        const outShape = [...shape.slice(0, axis), ...indexShape, ...shape.slice(axis + 1)];
        const [y] = run(backend(), "Gather", [x, indices], [{ shape: outShape, dtype }], { axis });
        expect(Array.from(y!)).toEqual(gather(x.values, shape, indices.values, axis));
      }),
      { numRuns: 60 },
    );
  });

  it("gives zeros for indices out of range instead of reading other memory", () => {
    const x = host([3, 2], "float32", [1, 2, 3, 4, 5, 6]);
    const indices = host([4], "int32", [2, -1, 3, 0]);
    const [y] = run(backend(), "Gather", [x, indices], [{ shape: [4, 2], dtype: "float32" }], {
      axis: 0,
    });
    expect(Array.from(y!)).toEqual([5, 6, 0, 0, 0, 0, 1, 2]);
  });
});
