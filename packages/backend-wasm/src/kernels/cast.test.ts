import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { host, Rng, run, seedArb, useBackend } from "../../test/harness.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

function source(dtype: DType, rng: Rng, n: number): number[] {
  if (dtype === "bool") {
    return rng.ints(n, 0, 1);
  }
  if (dtype === "int32") {
    return rng.ints(n, -(2 ** 31), 2 ** 31 - 1);
  }
  const specials = [0, -0, 0.5, -0.5, -2.7, 2.7, 3e9, -3e9, NaN, Infinity];
  return rng
    .uniforms(n, -1e3, 1e3)
    .map((v) => (rng.next() < 0.3 ? specials[rng.ints(1, 0, 9)[0]!]! : v));
}

describe("Cast", () => {
  const backend = useBackend();

  it("converts between every pair of dtypes as typed arrays do", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 37 }),
        fc.constantFrom(...DTYPES),
        fc.constantFrom(...DTYPES),
        seedArb,
        (n, from, to, seed) => {
          const x = host([n], from, source(from, new Rng(seed), n));
          const [y] = run(backend(), "Cast", [x], [{ shape: [n], dtype: to }], {});
          // Float to int32 truncates toward zero, then wraps like Int32Array; to bool is v != 0.
          const convert = (v: number) =>
            to === "bool" ? +(v !== 0) : to === "int32" ? Math.trunc(v) : v;
          const expected = host([n], to, Array.from(x.values, convert)).values;
          expect(Array.from(y!)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("Copy", () => {
  const backend = useBackend();

  it("copies every dtype into a new shape of the same size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }),
        fc.constantFrom(...DTYPES),
        seedArb,
        (shape, dtype, seed) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const x = host(shape, dtype, source(dtype, new Rng(seed), n));
          const [y] = run(backend(), "Copy", [x], [{ shape: [n], dtype }], {});
          expect(Array.from(y!)).toEqual(Array.from(x.values));
        },
      ),
      { numRuns: 60 },
    );
  });
});
