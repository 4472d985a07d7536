import { type DType, REDUCE_OPS, type ReduceOp } from "@myelin/backend";
import fc from "fast-check";
import { expect, it } from "vitest";

import type { SuiteContext } from "../context.js";
import { host, sizeOf } from "../harness.js";
import { ravel, unravel } from "../indexing.js";
import { wrapInt32 } from "../reference-math.js";
import { Rng, seedArb, shapeArb } from "../random.js";

const FLOATS = ["float32", "float64"] as const;

/** A shape with a sorted, non-empty subset of its axes. */
const shapeAndAxesArb = shapeArb(1, 4, 4).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axes: fc.subarray(
      shape.map((_, d) => d),
      { minLength: 1 },
    ),
  }),
);

function reduceDTypes(op: ReduceOp): readonly DType[] {
  return op === "any" || op === "all" ? ["bool", "float32", "int32"] : [...FLOATS, "int32"];
}

function reduceInputs(op: ReduceOp, dtype: DType, rng: Rng, n: number): number[] {
  if (op === "any" || op === "all") {
    return rng.ints(n, 0, 1).map((v) => (rng.next() < 0.7 ? 1 : v));
  }
  if (dtype === "int32") {
    return op === "prod" ? rng.ints(n, -3, 3) : rng.ints(n, -1000, 1000);
  }
  return op === "prod" ? rng.uniforms(n, 0.5, 1.5) : rng.uniforms(n, -5, 5);
}

/** The reduction, element by element in flat order; int32 sums and products wrap. */
function referenceReduce(
  op: ReduceOp,
  dtype: DType,
  x: ArrayLike<number>,
  shape: readonly number[],
  axes: readonly number[],
): number[] {
  const reduced = new Set(axes);
  const outShape = shape.filter((_, d) => !reduced.has(d));
  const groups: number[][] = Array.from({ length: sizeOf(outShape) }, () => []);
  for (let i = 0; i < x.length; i++) {
    const kept = unravel(i, shape).filter((_, d) => !reduced.has(d));
    groups[ravel(kept, outShape)]!.push(x[i]!);
  }
  return groups.map((values) => {
    switch (op) {
      case "sum":
        return dtype === "int32"
          ? wrapInt32(values.reduce((a, v) => a + BigInt(v), 0n))
          : values.reduce((a, v) => a + v, 0);
      case "prod":
        return dtype === "int32"
          ? wrapInt32(values.reduce((a, v) => a * BigInt(v), 1n))
          : values.reduce((a, v) => a * v, 1);
      case "max":
        return values.some(Number.isNaN) ? NaN : Math.max(...values);
      case "min":
        return values.some(Number.isNaN) ? NaN : Math.min(...values);
      case "any":
        return values.some((v) => v !== 0) ? 1 : 0;
      case "all":
        return values.every((v) => v !== 0) ? 1 : 0;
    }
  });
}

function referenceSoftmaxRow(row: number[], log: boolean): number[] {
  const max = Math.max(...row);
  const sum = row.reduce((a, v) => a + Math.exp(v - max), 0);
  return row.map((v) => (log ? v - max - Math.log(sum) : Math.exp(v - max) / sum));
}

/** Reduce, ArgReduce, Softmax and LogSoftmax. */
export function describeReductions(ctx: SuiteContext): void {
  ctx.kernel("Reduce", () => {
    for (const op of REDUCE_OPS) {
      const arb = fc.record({
        layout: shapeAndAxesArb,
        dtype: fc.constantFrom(...reduceDTypes(op)),
        seed: seedArb,
      });
      ctx.property(`reduces any sorted subset of axes with ${op}`, arb, (c) => {
        const { shape, axes } = c.layout;
        const rng = new Rng(c.seed);
        const x = host(shape, c.dtype, reduceInputs(op, c.dtype, rng, sizeOf(shape)));
        const outShape = shape.filter((_, d) => !axes.includes(d));
        const outDType: DType = op === "any" || op === "all" ? "bool" : c.dtype;
        const [y] = ctx.run("Reduce", [x], [{ shape: outShape, dtype: outDType }], { op, axes });
        const expected = referenceReduce(op, c.dtype, x.values, shape, axes);
        ctx.check(`${op} ${c.dtype} [${shape.join(", ")}] axes [${axes}]`, y!, expected, outDType);
      });
    }

    it("propagates NaN through max and min whichever axes are reduced", () => {
      const shape = [3, 4, 2];
      for (const dtype of FLOATS) {
        for (const axes of [[2], [0], [1], [0, 2], [0, 1, 2]]) {
          for (const op of ["max", "min"] as const) {
            const values = Array.from({ length: 24 }, (_, i) => (i % 5) - 2);
            values[0] = NaN;
            values[13] = NaN;
            const x = host(shape, dtype, values);
            const outShape = shape.filter((_, d) => !axes.includes(d));
            const [y] = ctx.run("Reduce", [x], [{ shape: outShape, dtype }], { op, axes });
            const expected = referenceReduce(op, dtype, x.values, shape, axes);
            ctx.check(`${op} ${dtype} axes [${axes}]`, y!, expected, dtype);
          }
        }
      }
    });

    it("wraps int32 sums and products", () => {
      const values = [46341, 46341, -46341, 46341, 7, 2147483647];
      for (const op of ["sum", "prod"] as const) {
        const x = host([6], "int32", values);
        const [y] = ctx.run("Reduce", [x], [{ shape: [], dtype: "int32" }], { op, axes: [0] });
        expect(Array.from(y!)).toEqual(referenceReduce(op, "int32", values, [6], [0]));
      }
    });

    it("sums the leading axis of a tall matrix, as a bias gradient does", () => {
      const rng = new Rng(7);
      const x = host([300, 7], "float32", rng.uniforms(2100, -1, 1));
      const [y] = ctx.run("Reduce", [x], [{ shape: [7], dtype: "float32" }], {
        op: "sum",
        axes: [0],
      });
      const expected = referenceReduce("sum", "float32", x.values, [300, 7], [0]);
      ctx.check("sum axis 0", y!, expected, "float32");
    });
  });

  ctx.kernel("ArgReduce", () => {
    const arb = shapeArb(1, 3, 5).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        axis: fc.integer({ min: 0, max: shape.length - 1 }),
        op: fc.constantFrom("argmax" as const, "argmin" as const),
        dtype: fc.constantFrom<DType>(...FLOATS, "int32"),
        seed: seedArb,
      }),
    );
    ctx.property("finds the first extreme index along an axis", arb, (c) => {
      const rng = new Rng(c.seed);
      const x = host(c.shape, c.dtype, rng.ints(sizeOf(c.shape), -3, 3));
      const outShape = c.shape.filter((_, d) => d !== c.axis);
      const [y] = ctx.run("ArgReduce", [x], [{ shape: outShape, dtype: "int32" }], {
        op: c.op,
        axis: c.axis,
      });
      const expected = Array.from({ length: sizeOf(outShape) }, (_, o) => {
        const index = unravel(o, outShape);
        let best = 0;
        for (let i = 1; i < c.shape[c.axis]!; i++) {
          const at = (j: number) =>
            x.values[ravel([...index.slice(0, c.axis), j, ...index.slice(c.axis)], c.shape)]!;
          if (c.op === "argmax" ? at(i) > at(best) : at(i) < at(best)) {
            best = i;
          }
        }
        return best;
      });
      ctx.check(`${c.op} ${c.dtype} axis ${c.axis}`, y!, expected, "int32");
    });
  });

  for (const [kernel, log] of [
    ["Softmax", false],
    ["LogSoftmax", true],
  ] as const) {
    ctx.kernel(kernel, () => {
      const arb = fc.record({
        shape: shapeArb(1, 3, 6),
        dtype: fc.constantFrom(...FLOATS),
        seed: seedArb,
      });
      ctx.property("matches a max-shifted reference along the last axis", arb, (c) => {
        const rng = new Rng(c.seed);
        const n = c.shape[c.shape.length - 1]!;
        const shift = rng.uniform(-1000, 1000);
        const values = rng.uniforms(sizeOf(c.shape), -10, 10).map((v) => v + shift);
        const x = host(c.shape, c.dtype, values);
        const [y] = ctx.run(kernel, [x], [{ shape: c.shape, dtype: c.dtype }], {});
        const expected: number[] = [];
        for (let start = 0; start < x.values.length; start += n) {
          const row = Array.from(x.values.subarray(start, start + n));
          expected.push(...referenceSoftmaxRow(row, log));
        }
        ctx.check(`${kernel} ${c.dtype} [${c.shape.join(", ")}]`, y!, expected, c.dtype);
      });

      it("gives exactly ln 2 for two equal float32 logits of 1e8", () => {
        const x = host([1, 2], "float32", [1e8, 1e8]);
        const [y] = ctx.run(kernel, [x], [{ shape: [1, 2], dtype: "float32" }], {});
        const expected = log ? Math.fround(-Math.LN2) : 0.5;
        expect(Array.from(y!)).toEqual([expected, expected]);
      });

      it("stays finite for finite logits near the float32 limit", () => {
        const x = host([2, 3], "float32", [1e38, -1e38, 0, -1e30, -1e30, -1e30]);
        const [y] = ctx.run(kernel, [x], [{ shape: [2, 3], dtype: "float32" }], {});
        expect(Array.from(y!).every(Number.isFinite)).toBe(true);
        const expected = [0, 1].flatMap((r) =>
          referenceSoftmaxRow(Array.from(x.values.subarray(r * 3, r * 3 + 3)), log),
        );
        ctx.check(`${kernel} extremes`, y!, expected, "float32");
      });
    });
  }
}
