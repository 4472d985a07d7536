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
import { scatterAdd, sizeOf } from "../../test/naive.js";

describe("ScatterAdd", () => {
  const backend = useBackend();

  it("adds float32 slices at repeated int32 indices along any axis", () => {
    const caseArb = fc
      .array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          axis: fc.integer({ min: 0, max: shape.length - 1 }),
          count: fc.integer({ min: 0, max: 12 }),
          seed: seedArb,
        }),
      );
    fc.assert(
      fc.property(caseArb, ({ shape, axis, count, seed }) => {
        const rng = new Rng(seed);
        const indices = host([count], "int32", rng.ints(count, 0, shape[axis]! - 1));
        const updateShape = shape.map((d, i) => (i === axis ? count : d));
        const updates = randomTensor(rng, updateShape);
        const [y] = run(
          backend(),
          "ScatterAdd",
          [updates, indices],
          [{ shape, dtype: "float32" }],
          { axis },
        );
        expectClose(
          `scatterAdd [${shape}] axis ${axis}`,
          y!,
          scatterAdd(updates.values, indices.values, shape, axis),
        );
        expect(y!.length).toBe(sizeOf(shape));
      }),
      { numRuns: 60 },
    );
  });

  it("skips indices out of range, so no neighbouring memory is written", () => {
    const updates = host([3, 2], "float32", [1, 2, 3, 4, 5, 6]);
    const indices = host([3], "int32", [1, 7, -1]);
    const [y] = run(
      backend(),
      "ScatterAdd",
      [updates, indices],
      [{ shape: [2, 2], dtype: "float32" }],
      { axis: 0 },
    );
    expect(Array.from(y!)).toEqual([0, 0, 1, 2]);
  });
});
