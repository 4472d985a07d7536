import type { ReduceOp } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectClose,
  host,
  randomTensor,
  Rng,
  run,
  seedArb,
  useBackend,
} from "../../test/harness.js";
import { reduce } from "../../test/naive.js";

const FLOAT_OPS: Record<string, [number, (acc: number, v: number) => number]> = {
  sum: [0, (acc, v) => acc + v],
  max: [-Infinity, (acc, v) => (v > acc || Number.isNaN(v) ? v : acc)],
  min: [Infinity, (acc, v) => (v < acc || Number.isNaN(v) ? v : acc)],
  prod: [1, (acc, v) => acc * v],
};

/** A shape (axes up to 19, so vector bodies and tails both run) and a sorted axis subset. */
const caseArb = fc
  .array(fc.integer({ min: 1, max: 19 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      axes: fc
        .subarray(
          shape.map((_, d) => d),
          { minLength: 1 },
        )
        .map((axes) => [...axes].sort((a, b) => a - b)),
      seed: seedArb,
    }),
  );

describe("Reduce", () => {
  const backend = useBackend();

  for (const op of Object.keys(FLOAT_OPS) as ReduceOp[]) {
    it(`computes ${op} of float32 over any set of axes`, () => {
      fc.assert(
        fc.property(caseArb, ({ shape, axes, seed }) => {
          // Values near 1 keep long products finite.
          const x =
            op === "prod"
              ? randomTensor(new Rng(seed), shape, 0.9, 1.1)
              : randomTensor(new Rng(seed), shape);
          const [init, combine] = FLOAT_OPS[op]!;
          const expected = reduce(x.values, shape, axes, init, combine);
          const [y] = run(backend(), "Reduce", [x], [{ shape: expected.shape, dtype: "float32" }], {
            op,
            axes,
          });
          expectClose(`${op} of [${shape}] over [${axes}]`, y!, expected.values, "float32", 1e-4);
        }),
        { numRuns: 30 },
      );
    });
  }

  it("computes any and all of bool and of float32 (nonzero and NaN are true)", () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom("bool" as const, "float32" as const), (c, dtype) => {
        const rng = new Rng(c.seed);
        const n = c.shape.reduce((a, b) => a * b, 1);
        const choices = dtype === "bool" ? [0, 1] : [0, 0, 1, -0.5, NaN];
        const values = rng.ints(n, 0, choices.length - 1).map((i) => choices[i]!);
        const x = host(c.shape, dtype, values);
        for (const op of ["any", "all"] as const) {
          const truth = (v: number) => v !== 0;
          const combine = (acc: number, v: number) =>
            op === "any" ? +(acc !== 0 || truth(v)) : +(acc !== 0 && truth(v));
          const expected = reduce(x.values, c.shape, c.axes, op === "any" ? 0 : 1, combine);
          const out = [{ shape: expected.shape, dtype: "bool" as const }];
          const [y] = run(backend(), "Reduce", [x], out, { op, axes: c.axes });
          expectClose(`${op} of ${dtype} over [${c.axes}]`, y!, expected.values, "bool");
        }
      }),
      { numRuns: 30 },
    );
  });

  it("sums long rows and long columns to float32 accuracy", () => {
    const n = 200_003;
    const value = Math.fround(0.1);
    const x = host([n], "float32", new Array<number>(n).fill(0.1));
    const [row] = run(backend(), "Reduce", [x], [{ shape: [], dtype: "float32" }], {
      op: "sum",
      axes: [0],
    });
    expect(Math.abs(row![0]! / (n * value) - 1)).toBeLessThan(1e-5);
    const wide = host([20_000, 9], "float32", new Array<number>(180_000).fill(0.1));
    const [sums] = run(backend(), "Reduce", [wide], [{ shape: [9], dtype: "float32" }], {
      op: "sum",
      axes: [0],
    });
    for (const v of sums!) {
      expect(Math.abs(v / (20_000 * value) - 1)).toBeLessThan(1e-5);
    }
  });

  it("lets NaN win max", () => {
    const withNaN = host([2, 5], "float32", [1, 2, NaN, 4, 5, 6, 7, 8, 9, 10]);
    const [max] = run(backend(), "Reduce", [withNaN], [{ shape: [2], dtype: "float32" }], {
      op: "max",
      axes: [1],
    });
    expect(Array.from(max!)).toEqual([NaN, 10]);
  });

  it("gives the identity of an empty reduction", () => {
    const x = host([3, 0], "float32", []);
    for (const [op, identity] of [
      ["sum", 0],
      ["prod", 1],
      ["max", -Infinity],
      ["min", Infinity],
    ] as const) {
      const [y] = run(backend(), "Reduce", [x], [{ shape: [3], dtype: "float32" }], {
        op,
        axes: [1],
      });
      expect(Array.from(y!)).toEqual([identity, identity, identity]);
    }
  });
});
