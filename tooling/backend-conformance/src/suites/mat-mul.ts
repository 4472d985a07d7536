import type { DType } from "@myelin/backend";
import fc from "fast-check";
import { it } from "vitest";

import type { SuiteContext } from "../context.js";
import { host, type HostTensor, sizeOf } from "../harness.js";
import { broadcastFlat, broadcastShape, unravel } from "../indexing.js";
import { broadcastableArb, Rng, seedArb, shapeArb } from "../random.js";

interface MatMulCase {
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  aBatch: number[];
  bBatch: number[];
  dtype: DType;
  seed: number;
}

/** a [...aBatch, m, k] (or [..., k, m] transposed) and b likewise, with random values. */
function operands(c: MatMulCase): [HostTensor, HostTensor] {
  const rng = new Rng(c.seed);
  const aShape = [...c.aBatch, ...(c.transposeA ? [c.k, c.m] : [c.m, c.k])];
  const bShape = [...c.bBatch, ...(c.transposeB ? [c.n, c.k] : [c.k, c.n])];
  return [
    host(aShape, c.dtype, rng.uniforms(sizeOf(aShape), -1, 1)),
    host(bShape, c.dtype, rng.uniforms(sizeOf(bShape), -1, 1)),
  ];
}

/** The product by its definition: y[t, i, j] = sum over p of a[t, i, p] b[t, p, j]. */
function referenceMatMul(c: MatMulCase, a: HostTensor, b: HostTensor): number[] {
  const batch = broadcastShape(c.aBatch, c.bBatch);
  const y: number[] = [];
  for (let t = 0; t < sizeOf(batch); t++) {
    const index = unravel(t, batch);
    const aBase = broadcastFlat(index, c.aBatch) * c.m * c.k;
    const bBase = broadcastFlat(index, c.bBatch) * c.k * c.n;
    for (let i = 0; i < c.m; i++) {
      for (let j = 0; j < c.n; j++) {
        let sum = 0;
        for (let p = 0; p < c.k; p++) {
          const av = a.values[aBase + (c.transposeA ? p * c.m + i : i * c.k + p)]!;
          const bv = b.values[bBase + (c.transposeB ? j * c.k + p : p * c.n + j)]!;
          sum += av * bv;
        }
        y.push(sum);
      }
    }
  }
  return y;
}

function checkMatMul(ctx: SuiteContext, c: MatMulCase): void {
  const [a, b] = operands(c);
  const shape = [...broadcastShape(c.aBatch, c.bBatch), c.m, c.n];
  const attrs = { transposeA: c.transposeA, transposeB: c.transposeB };
  const [y] = ctx.run("MatMul", [a, b], [{ shape, dtype: c.dtype }], attrs);
  const label =
    `matMul ${c.dtype} [${a.shape.join(", ")}] x [${b.shape.join(", ")}]` +
    ` transposeA=${c.transposeA} transposeB=${c.transposeB}`;
  ctx.check(label, y!, referenceMatMul(c, a, b), c.dtype);
}

/** MatMul. */
export function describeMatMul(ctx: SuiteContext): void {
  ctx.kernel("MatMul", () => {
    const dim = fc.integer({ min: 1, max: 40 });
    const batchArb = shapeArb(0, 2, 3).chain((batch) =>
      fc.tuple(broadcastableArb(batch), broadcastableArb(batch)),
    );
    const arb = fc
      .record({
        m: dim,
        n: dim,
        k: dim,
        transposeA: fc.boolean(),
        transposeB: fc.boolean(),
        batches: batchArb,
        dtype: fc.constantFrom<DType>("float32", "float64"),
        seed: seedArb,
      })
      .map(({ batches, ...rest }): MatMulCase => {
        return { ...rest, aBatch: batches[0], bBatch: batches[1] };
      });
    ctx.property("multiplies with every transpose combination and broadcast batch axes", arb, (c) =>
      checkMatMul(ctx, c),
    );

    it("multiplies operands larger than typical cache blocks", () => {
      const base = { aBatch: [2], bBatch: [], dtype: "float32" as const, seed: 11 };
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          checkMatMul(ctx, { ...base, m: 70, n: 45, k: 300, transposeA, transposeB });
        }
      }
      const plain = { transposeA: false, transposeB: false };
      checkMatMul(ctx, { ...base, ...plain, aBatch: [], m: 130, n: 67, k: 9 });
    });

    it("multiplies matrix-vector and vector-matrix shapes", () => {
      const base = { aBatch: [], bBatch: [], dtype: "float64" as const, seed: 5 };
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          checkMatMul(ctx, { ...base, m: 33, n: 1, k: 500, transposeA, transposeB });
          checkMatMul(ctx, { ...base, m: 1, n: 57, k: 500, transposeA, transposeB });
        }
      }
    });
  });
}
