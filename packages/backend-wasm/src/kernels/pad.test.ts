import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { host, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { pad, sizeOf } from "../../test/naive.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

describe("Pad", () => {
  const backend = useBackend();

  it("pads every dtype with a constant on both sides of each axis", () => {
    const axisArb = fc.tuple(
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(axisArb, { minLength: 0, maxLength: 4 }),
        fc.constantFrom(...DTYPES),
        fc.constantFrom(0, 1, -2.5, 7),
        seedArb,
        (axes, dtype, value, seed) => {
          const shape = axes.map((a) => a[0]);
          const paddings = axes.map((a) => [a[1], a[2]] as const);
          const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
          const x = host(
            shape,
            dtype,
            new Rng(seed).ints(sizeOf(shape), dtype === "bool" ? 0 : -99, 99),
          );
          const [y] = run(backend(), "Pad", [x], [{ shape: outShape, dtype }], { paddings, value });
          const expected = host(outShape, dtype, pad(x.values, shape, paddings, value)).values;
          expect(Array.from(y!)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 80 },
    );
  });
});
