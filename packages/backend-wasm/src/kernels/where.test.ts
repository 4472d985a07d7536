import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadcastableArb, host, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { broadcastFlat, sizeOf, unravel } from "../../test/naive.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

describe("Where", () => {
  const backend = useBackend();

  it("picks a or b of every dtype by a broadcast bool condition", () => {
    const caseArb = fc
      .array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 4 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          c: broadcastableArb(shape),
          a: broadcastableArb(shape),
          b: broadcastableArb(shape),
          dtype: fc.constantFrom(...DTYPES),
          seed: seedArb,
        }),
      );
    fc.assert(
      fc.property(caseArb, ({ shape, c, a, b, dtype, seed }) => {
        const rng = new Rng(seed);
        const values = (s: number[]) => rng.ints(sizeOf(s), dtype === "bool" ? 0 : -50, 50);
        const cond = host(c, "bool", rng.ints(sizeOf(c), 0, 1));
        const ta = host(a, dtype, values(a));
        const tb = host(b, dtype, values(b));
        const [y] = run(backend(), "Where", [cond, ta, tb], [{ shape, dtype }], {});
        const expected = Array.from({ length: sizeOf(shape) }, (_, i) => {
          const index = unravel(i, shape);
          return cond.values[broadcastFlat(index, c)]
            ? ta.values[broadcastFlat(index, a)]!
            : tb.values[broadcastFlat(index, b)]!;
        });
        expect(Array.from(y!)).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });
});
