import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { it } from "vitest";

import type { SuiteContext } from "../context.js";
import { host, sizeOf } from "../harness.js";
import { ravel, unravel } from "../indexing.js";
import { permutationArb, Rng, seedArb, shapeArb } from "../random.js";

const ALL_DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];
const dtypeArb = fc.constantFrom(...ALL_DTYPES);

function randomValues(dtype: DType, rng: Rng, n: number): number[] {
  if (dtype === "bool") {
    return rng.ints(n, 0, 1);
  }
  return dtype === "int32" ? rng.ints(n, -1000, 1000) : rng.uniforms(n, -10, 10);
}

/** The shape of axis `axis` of x replaced by `middle`: [...before, ...middle, ...after]. */
function replaceAxis(shape: readonly number[], axis: number, middle: readonly number[]): number[] {
  return [...shape.slice(0, axis), ...middle, ...shape.slice(axis + 1)];
}

/** One axis of a slice: its begin, step (possibly negative) and how many elements it takes. */
const sliceAxisArb = (dim: number) =>
  fc
    .record({
      begin: fc.integer({ min: 0, max: dim - 1 }),
      step: fc.constantFrom(1, 1, 2, 3, -1, -2),
    })
    .chain(({ begin, step }) => {
      const room = step > 0 ? Math.floor((dim - 1 - begin) / step) : Math.floor(begin / -step);
      return fc.integer({ min: 1, max: room + 1 }).map((size) => ({ begin, step, size }));
    });

/** Transpose, Slice, Concat, Gather, ScatterAdd and Pad. */
export function describeLayout(ctx: SuiteContext): void {
  ctx.kernel("Transpose", () => {
    const arb = shapeArb(1, 5, 4).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        perm: permutationArb(shape.length),
        dtype: dtypeArb,
        seed: seedArb,
      }),
    );
    const check = (shape: number[], perm: number[], dtype: DType, seed: number) => {
      const x = host(shape, dtype, randomValues(dtype, new Rng(seed), sizeOf(shape)));
      const yShape = perm.map((axis) => shape[axis]!);
      const [y] = ctx.run("Transpose", [x], [{ shape: yShape, dtype }], { perm });
      const expected = Array.from({ length: sizeOf(yShape) }, (_, i) => {
        const yIndex = unravel(i, yShape);
        const xIndex = new Array<number>(shape.length);
        perm.forEach((axis, d) => {
          xIndex[axis] = yIndex[d]!;
        });
        return x.values[ravel(xIndex, shape)]!;
      });
      ctx.check(`transpose ${dtype} [${shape.join(", ")}] perm [${perm}]`, y!, expected, dtype);
    };
    ctx.property("permutes axes like the reference", arb, (c) => {
      check(c.shape, c.perm, c.dtype, c.seed);
    });

    it("transposes matrices and batches of matrices larger than one tile", () => {
      check([67, 45], [1, 0], "float32", 1);
      check([3, 33, 40], [0, 2, 1], "float64", 2);
      check([5, 37, 2, 3], [2, 1, 3, 0], "int32", 3);
    });
  });

  ctx.kernel("Slice", () => {
    const arb = shapeArb(0, 4, 6).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        axes: fc.tuple(...shape.map(sliceAxisArb)),
        dtype: dtypeArb,
        seed: seedArb,
      }),
    );
    ctx.property("takes strided boxes, forwards and backwards", arb, (c) => {
      const x = host(c.shape, c.dtype, randomValues(c.dtype, new Rng(c.seed), sizeOf(c.shape)));
      const begin = c.axes.map((a) => a.begin);
      const strides = c.axes.map((a) => a.step);
      const yShape = c.axes.map((a) => a.size);
      const [y] = ctx.run("Slice", [x], [{ shape: yShape, dtype: c.dtype }], { begin, strides });
      const expected = Array.from({ length: sizeOf(yShape) }, (_, i) => {
        const index = unravel(i, yShape).map((j, d) => begin[d]! + j * strides[d]!);
        return x.values[ravel(index, c.shape)]!;
      });
      const label = `slice [${c.shape.join(", ")}] begin [${begin}] strides [${strides}]`;
      ctx.check(label, y!, expected, c.dtype);
    });
  });

  ctx.kernel("Concat", () => {
    const arb = shapeArb(1, 4, 4).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        axis: fc.integer({ min: 0, max: shape.length - 1 }),
        sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        dtype: dtypeArb,
        seed: seedArb,
      }),
    );
    ctx.property("joins inputs along an axis", arb, (c) => {
      const rng = new Rng(c.seed);
      const xs = c.sizes.map((size) => {
        const shape = replaceAxis(c.shape, c.axis, [size]);
        return host(shape, c.dtype, randomValues(c.dtype, rng, sizeOf(shape)));
      });
      const total = c.sizes.reduce((a, b) => a + b, 0);
      const yShape = replaceAxis(c.shape, c.axis, [total]);
      const [y] = ctx.run("Concat", xs, [{ shape: yShape, dtype: c.dtype }], { axis: c.axis });
      const expected = Array.from({ length: sizeOf(yShape) }, (_, i) => {
        const index = unravel(i, yShape);
        let along = index[c.axis]!;
        let which = 0;
        while (along >= c.sizes[which]!) {
          along -= c.sizes[which]!;
          which++;
        }
        index[c.axis] = along;
        return xs[which]!.values[ravel(index, xs[which]!.shape)]!;
      });
      ctx.check(`concat ${c.dtype} axis ${c.axis} sizes [${c.sizes}]`, y!, expected, c.dtype);
    });
  });

  const gatherArb = shapeArb(1, 3, 5).chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      axis: fc.integer({ min: 0, max: shape.length - 1 }),
      indexShape: shapeArb(0, 2, 4),
      dtype: dtypeArb,
      seed: seedArb,
    }),
  );

  ctx.kernel("Gather", () => {
    ctx.property("picks slices along an axis by index, repeats included", gatherArb, (c) => {
      const rng = new Rng(c.seed);
      const x = host(c.shape, c.dtype, randomValues(c.dtype, rng, sizeOf(c.shape)));
      const dim = c.shape[c.axis]!;
      const indices = host(c.indexShape, "int32", rng.ints(sizeOf(c.indexShape), 0, dim - 1));
      const yShape = replaceAxis(c.shape, c.axis, c.indexShape);
      const [y] = ctx.run("Gather", [x, indices], [{ shape: yShape, dtype: c.dtype }], {
        axis: c.axis,
      });
      const rank = c.indexShape.length;
      const expected = Array.from({ length: sizeOf(yShape) }, (_, i) => {
        const index = unravel(i, yShape);
        const picked = indices.values[ravel(index.slice(c.axis, c.axis + rank), c.indexShape)]!;
        const xIndex = [...index.slice(0, c.axis), picked, ...index.slice(c.axis + rank)];
        return x.values[ravel(xIndex, c.shape)]!;
      });
      ctx.check(`gather ${c.dtype} axis ${c.axis}`, y!, expected, c.dtype);
    });
  });

  ctx.kernel("ScatterAdd", () => {
    const arb = gatherArb.chain((c) =>
      fc.constantFrom("float32" as const, "float64" as const).map((dtype) => ({ ...c, dtype })),
    );
    ctx.property("adds slices back at their indices, summing repeats", arb, (c) => {
      const rng = new Rng(c.seed);
      const dim = c.shape[c.axis]!;
      const indices = host(c.indexShape, "int32", rng.ints(sizeOf(c.indexShape), 0, dim - 1));
      const uShape = replaceAxis(c.shape, c.axis, c.indexShape);
      const updates = host(uShape, c.dtype, rng.uniforms(sizeOf(uShape), -5, 5));
      const [y] = ctx.run("ScatterAdd", [updates, indices], [{ shape: c.shape, dtype: c.dtype }], {
        axis: c.axis,
      });
      const expected = new Array<number>(sizeOf(c.shape)).fill(0);
      const rank = c.indexShape.length;
      for (let i = 0; i < updates.values.length; i++) {
        const index = unravel(i, uShape);
        const picked = indices.values[ravel(index.slice(c.axis, c.axis + rank), c.indexShape)]!;
        const yIndex = [...index.slice(0, c.axis), picked, ...index.slice(c.axis + rank)];
        const at = ravel(yIndex, c.shape);
        expected[at] = expected[at]! + updates.values[i]!;
      }
      ctx.check(`scatterAdd ${c.dtype} axis ${c.axis}`, y!, expected, c.dtype);
    });
  });

  ctx.kernel("Pad", () => {
    const arb = shapeArb(0, 4, 4).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        paddings: fc.tuple(
          ...shape.map(() => fc.tuple(fc.nat(2), fc.nat(2))),
        ),
        value: fc.constantFrom(0, 1, -2.5),
        dtype: dtypeArb,
        seed: seedArb,
      }),
    );
    ctx.property("surrounds x with the pad value", arb, (c) => {
      const x = host(c.shape, c.dtype, randomValues(c.dtype, new Rng(c.seed), sizeOf(c.shape)));
      // Pad values the dtype holds exactly: integers for int32, 0 or 1 for bool.
      const isFloat = c.dtype === "float32" || c.dtype === "float64";
      const integer = c.dtype === "int32" ? Math.trunc(c.value) : Math.min(Math.abs(c.value), 1);
      const value = isFloat ? c.value : integer;
      const yShape = c.shape.map((d, i) => d + c.paddings[i]![0] + c.paddings[i]![1]);
      const [y] = ctx.run("Pad", [x], [{ shape: yShape, dtype: c.dtype }], {
        paddings: c.paddings,
        value,
      });
      const padValue = host([1], c.dtype, [value]).values[0]!;
      const expected = Array.from({ length: sizeOf(yShape) }, (_, i) => {
        const index = unravel(i, yShape).map((j, d) => j - c.paddings[d]![0]);
        const inside = index.every((j, d) => j >= 0 && j < c.shape[d]!);
        return inside ? x.values[ravel(index, c.shape)]! : padValue;
      });
      ctx.check(`pad ${c.dtype} [${c.shape.join(", ")}]`, y!, expected, c.dtype);
    });
  });
}
