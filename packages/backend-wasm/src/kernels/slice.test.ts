import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { host, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { sizeOf, slice } from "../../test/naive.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/** One axis of a slice: its input extent, begin, step (negative too) and output extent. */
const axisArb = fc
  .record({ extent: fc.integer({ min: 1, max: 9 }), step: fc.constantFrom(1, 1, 2, 3, -1, -2) })
  .chain(({ extent, step }) =>
    fc.integer({ min: 0, max: extent - 1 }).chain((begin) => {
      const room =
        step > 0 ? Math.floor((extent - 1 - begin) / step) + 1 : Math.floor(begin / -step) + 1;
      return fc.integer({ min: 0, max: room }).map((size) => ({ extent, begin, step, size }));
    }),
  );

describe("Slice", () => {
  const backend = useBackend();

  it("copies strided boxes, reversed ones included, of every dtype", () => {
    fc.assert(
      fc.property(
        fc.array(axisArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...DTYPES),
        seedArb,
        (axes, dtype, seed) => {
          const shape = axes.map((a) => a.extent);
          const outShape = axes.map((a) => a.size);
          const begin = axes.map((a) => a.begin);
          const strides = axes.map((a) => a.step);
          const x = host(
            shape,
            dtype,
            new Rng(seed).ints(sizeOf(shape), dtype === "bool" ? 0 : -99, 99),
          );
          const [y] = run(backend(), "Slice", [x], [{ shape: outShape, dtype }], {
            begin,
            strides,
          });
          expect(Array.from(y!)).toEqual(slice(x.values, shape, begin, strides, outShape));
        },
      ),
      { numRuns: 80 },
    );
  });
});
