import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadcastStrides, collapse, sizeOf, stridesOf } from "./index.js";

/** Offsets of every index of `shape`, row-major, read with `strides`: the naive walk. */
function walk(shape: readonly number[], strides: readonly number[]): number[] {
  const offsets: number[] = [];
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < sizeOf(shape); i++) {
    offsets.push(index.reduce((sum, k, d) => sum + k * strides[d]!, 0));
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]!++;
      if (index[d]! < shape[d]!) {
        break;
      }
      index[d] = 0;
    }
  }
  return offsets;
}

const shapes = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 5 });

/** A shape and an operand shape that broadcasts to it (axes dropped from the left or set to 1). */
const broadcastPairs = shapes.chain((outShape) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: outShape.length }),
      fc.array(fc.boolean(), { minLength: outShape.length, maxLength: outShape.length }),
    )
    .map(([dropped, ones]) => ({
      outShape,
      shape: outShape.slice(dropped).map((d, i) => (ones[i + dropped] ? 1 : d)),
    })),
);

describe("sizeOf", () => {
  it("multiplies the extents, giving 1 for a scalar and 0 for an empty axis", () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([3, 0, 2])).toBe(0);
  });
});

describe("stridesOf", () => {
  it("gives row-major strides with a unit last axis", () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([])).toEqual([]);
  });

  it("walks a contiguous tensor's offsets in order", () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const offsets = walk(shape, stridesOf(shape));
        expect(offsets).toEqual(offsets.map((_, i) => i));
      }),
    );
  });
});

describe("broadcastStrides", () => {
  it("gives stride 0 to missing and size-1 axes", () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([], [2, 2])).toEqual([0, 0]);
    expect(broadcastStrides([2, 3], [2, 3])).toEqual([3, 1]);
  });

  it("reads the element NumPy broadcasting picks at every output index", () => {
    fc.assert(
      fc.property(broadcastPairs, ({ shape, outShape }) => {
        const offset = outShape.length - shape.length;
        const own = stridesOf(shape);
        // The operand's element for an output index: each axis clamped to 0 where it has size 1.
        const expected = Array.from({ length: sizeOf(outShape) }, (_, i) => {
          let rest = i;
          let at = 0;
          for (let d = outShape.length - 1; d >= 0; d--) {
            const k = rest % outShape[d]!;
            rest = (rest - k) / outShape[d]!;
            if (d >= offset && shape[d - offset] !== 1) {
              at += k * own[d - offset]!;
            }
          }
          return at;
        });
        expect(walk(outShape, broadcastStrides(shape, outShape))).toEqual(expected);
      }),
    );
  });
});

describe("collapse", () => {
  it("merges the axes that every operand walks contiguously", () => {
    expect(collapse([2, 3, 4], [[12, 4, 1], [0, 0, 1]])).toEqual({
      shape: [6, 4],
      strides: [
        [4, 1],
        [0, 1],
      ],
    });
  });

  it("drops size-1 axes", () => {
    expect(collapse([1, 3, 1, 2], [[6, 2, 2, 1]])).toEqual({ shape: [6], strides: [[1]] });
  });

  it("keeps one axis of extent 1 and stride 0 when every extent is 1", () => {
    expect(collapse([1, 1], [[1, 1], [0, 0]])).toEqual({ shape: [1], strides: [[0], [0]] });
    expect(collapse([], [[]])).toEqual({ shape: [1], strides: [[0]] });
  });

  it("keeps apart axes that one operand walks out of order", () => {
    // A transposed read of a [2, 3] matrix.
    expect(collapse([3, 2], [[1, 3], [2, 1]])).toEqual({
      shape: [3, 2],
      strides: [
        [1, 3],
        [2, 1],
      ],
    });
  });

  it("leaves every operand reading the same offsets in the same order", () => {
    fc.assert(
      fc.property(
        broadcastPairs,
        fc.array(fc.boolean(), { maxLength: 5 }),
        ({ shape, outShape }, flips) => {
          // A broadcast operand, the contiguous output, and a read that steps
          // by 2 along some axes (a strided slice), which blocks some merges.
          const stepped = stridesOf(outShape).map((s, d) => (flips[d] ? s * 2 : s));
          const operands = [broadcastStrides(shape, outShape), stridesOf(outShape), stepped];
          const plan = collapse(outShape, operands);
          expect(sizeOf(plan.shape)).toBe(sizeOf(outShape));
          plan.strides.forEach((strides, o) => {
            expect(walk(plan.shape, strides)).toEqual(walk(outShape, operands[o]!));
          });
        },
      ),
    );
  });
});
