import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { host, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { concat, sizeOf } from "../../test/naive.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

describe("Concat", () => {
  const backend = useBackend();

  it("joins inputs of every dtype along any axis, empty inputs included", () => {
    const caseArb = fc
      .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          axis: fc.integer({ min: 0, max: shape.length - 1 }),
          extents: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
          dtype: fc.constantFrom(...DTYPES),
          seed: seedArb,
        }),
      );
    fc.assert(
      fc.property(caseArb, ({ shape, axis, extents, dtype, seed }) => {
        const rng = new Rng(seed);
        const shapes = extents.map((e) => shape.map((d, i) => (i === axis ? e : d)));
        const xs = shapes.map((s) =>
          host(s, dtype, rng.ints(sizeOf(s), dtype === "bool" ? 0 : -99, 99)),
        );
        const outShape = shape.map((d, i) => (i === axis ? extents.reduce((a, b) => a + b, 0) : d));
        const [y] = run(backend(), "Concat", xs, [{ shape: outShape, dtype }], { axis });
        expect(Array.from(y!)).toEqual(
          concat(
            xs.map((x) => x.values),
            shapes,
            axis,
          ),
        );
      }),
      { numRuns: 60 },
    );
  });
});
