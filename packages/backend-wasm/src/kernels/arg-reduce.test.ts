import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { host, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { argReduce } from "../../test/naive.js";

const caseArb = fc
  .array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      axis: fc.integer({ min: 0, max: shape.length - 1 }),
      seed: seedArb,
    }),
  );

describe("ArgReduce", () => {
  const backend = useBackend();

  it("finds the first max and min along any axis, ties included", () => {
    fc.assert(
      fc.property(caseArb, ({ shape, axis, seed }) => {
        // Few distinct values, so ties are common.
        const rng = new Rng(seed);
        const x = host(
          shape,
          "float32",
          rng.ints(
            shape.reduce((a, b) => a * b, 1),
            -3,
            3,
          ),
        );
        const outShape = shape.filter((_, d) => d !== axis);
        for (const op of ["argmax", "argmin"] as const) {
          const [y] = run(backend(), "ArgReduce", [x], [{ shape: outShape, dtype: "int32" }], {
            op,
            axis,
          });
          expect(Array.from(y!)).toEqual(argReduce(x.values, shape, axis, op === "argmin"));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("picks the first NaN over every number", () => {
    const x = host([2, 4], "float32", [1, NaN, 5, NaN, 3, 2, 1, 0]);
    const out = [{ shape: [2], dtype: "int32" as const }];
    expect(
      Array.from(run(backend(), "ArgReduce", [x], out, { op: "argmax", axis: 1 })[0]!),
    ).toEqual([1, 0]);
    const columns = host([4, 4], "float32", [1, 1, 1, 1, NaN, 2, 0, 1, 3, NaN, 0, 1, 0, 0, 0, 1]);
    const [y] = run(backend(), "ArgReduce", [columns], [{ shape: [4], dtype: "int32" }], {
      op: "argmin",
      axis: 0,
    });
    expect(Array.from(y!)).toEqual([1, 2, 1, 0]);
  });
});
