import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  broadcastableArb,
  expectClose,
  host,
  randomTensor,
  Rng,
  run,
  seedArb,
  useBackend,
} from "../../test/harness.js";
import { matMul } from "../../test/naive.js";

/** Stored operand shapes for op(A) [m, k] and op(B) [k, n]. */
function operandShapes(m: number, n: number, k: number, transposeA: boolean, transposeB: boolean) {
  return {
    a: transposeA ? [k, m] : [m, k],
    b: transposeB ? [n, k] : [k, n],
  };
}

describe("MatMul", () => {
  const backend = useBackend();

  const check = (
    aShape: number[],
    bShape: number[],
    transposeA: boolean,
    transposeB: boolean,
    seed: number,
  ) => {
    const rng = new Rng(seed);
    const a = randomTensor(rng, aShape);
    const b = randomTensor(rng, bShape);
    const expected = matMul(a.values, aShape, b.values, bShape, transposeA, transposeB);
    const [y] = run(backend(), "MatMul", [a, b], [{ shape: expected.shape, dtype: "float32" }], {
      transposeA,
      transposeB,
    });
    const label = `[${aShape}] x [${bShape}] tA=${transposeA} tB=${transposeB}`;
    expectClose(label, y!, expected.values, "float32", 1e-5);
  };

  it("multiplies any sizes, edge tiles included, with every transpose", () => {
    const sizes = fc.integer({ min: 1, max: 40 });
    fc.assert(
      fc.property(
        sizes,
        sizes,
        sizes,
        fc.boolean(),
        fc.boolean(),
        seedArb,
        (m, n, k, tA, tB, seed) => {
          const { a, b } = operandShapes(m, n, k, tA, tB);
          check(a, b, tA, tB, seed);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("broadcasts batch axes", () => {
    const batchArb = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 });
    const caseArb = batchArb.chain((batch) =>
      fc.record({
        aBatch: broadcastableArb(batch),
        bBatch: broadcastableArb(batch),
        m: fc.integer({ min: 1, max: 9 }),
        n: fc.integer({ min: 1, max: 11 }),
        k: fc.integer({ min: 1, max: 9 }),
        tA: fc.boolean(),
        tB: fc.boolean(),
        seed: seedArb,
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ aBatch, bBatch, m, n, k, tA, tB, seed }) => {
        const { a, b } = operandShapes(m, n, k, tA, tB);
        check([...aBatch, ...a], [...bBatch, ...b], tA, tB, seed);
      }),
      { numRuns: 60 },
    );
  });

  it("crosses the K and N blocking boundaries", () => {
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const { a, b } = operandShapes(37, 530, 300, tA, tB);
      check(a, b, tA, tB, 11);
    }
  });

  it("stacks batches that share B into one product", () => {
    check([3, 13, 21], [21, 17], false, false, 5);
    check([2, 3, 13, 21], [17, 21], false, true, 6);
  });

  it("writes zeros when the inner size is 0", () => {
    const a = host([3, 0], "float32", []);
    const b = host([0, 2], "float32", []);
    const [y] = run(backend(), "MatMul", [a, b], [{ shape: [3, 2], dtype: "float32" }], {
      transposeA: false,
      transposeB: false,
    });
    expect(Array.from(y!)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
