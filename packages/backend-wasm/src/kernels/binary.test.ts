import { BINARY_OPS, COMPARISON_OPS } from "@myelin/backend";
import type { BinaryOp, DType } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  broadcastableArb,
  expectClose,
  host,
  Rng,
  run,
  seedArb,
  useBackend,
} from "../../test/harness.js";
import { broadcastMap, sizeOf } from "../../test/naive.js";

const REFERENCE: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  squaredDifference: (a, b) => (a - b) ** 2,
  floorDiv: (a, b) => Math.floor(a / b),
  mod: (a, b) => a - Math.floor(a / b) * b,
  atan2: Math.atan2,
  equal: (a, b) => +(a === b),
  notEqual: (a, b) => +(a !== b),
  less: (a, b) => +(a < b),
  lessEqual: (a, b) => +(a <= b),
  greater: (a, b) => +(a > b),
  greaterEqual: (a, b) => +(a >= b),
  logicalAnd: (a, b) => +(a !== 0 && b !== 0),
  logicalOr: (a, b) => +(a !== 0 || b !== 0),
};

/** Operands that keep each op well conditioned in float32. */
function operands(op: BinaryOp, rng: Rng, n: number, side: "a" | "b"): number[] {
  switch (op) {
    case "div":
    case "floorDiv":
    case "mod":
      // Halves keep floor(a / b) away from rounding boundaries.
      return side === "a"
        ? rng.ints(n, -20, 20).map((v) => v / 2)
        : rng.ints(n, 1, 8).map((v) => (rng.next() < 0.5 ? -v : v) / 2);
    case "pow":
      return side === "a" ? rng.uniforms(n, 0.1, 3) : rng.uniforms(n, -3, 3);
    case "logicalAnd":
    case "logicalOr":
      return rng.ints(n, -1, 1);
    default:
      return COMPARISON_OPS.has(op) ? rng.ints(n, -2, 2).map((v) => v / 2) : rng.uniforms(n, -3, 3);
  }
}

const shapesArb = fc
  .array(fc.integer({ min: 1, max: 9 }), { minLength: 0, maxLength: 4 })
  .chain((shape) => fc.tuple(fc.constant(shape), broadcastableArb(shape), broadcastableArb(shape)));

describe("Binary", () => {
  const backend = useBackend();

  const check = (op: BinaryOp, dtype: DType, shapes: number[][], seed: number) => {
    const [yShape, aShape, bShape] = shapes as [number[], number[], number[]];
    const rng = new Rng(seed);
    const a = host(aShape, dtype, operands(op, rng, sizeOf(aShape), "a"));
    const b = host(bShape, dtype, operands(op, rng, sizeOf(bShape), "b"));
    const outDType: DType = COMPARISON_OPS.has(op) ? "bool" : dtype;
    const [y] = run(backend(), "Binary", [a, b], [{ shape: yShape, dtype: outDType }], { op });
    const expected = broadcastMap(a.values, aShape, b.values, bShape, yShape, REFERENCE[op]);
    expectClose(`${op} [${aShape}] with [${bShape}]`, y!, expected, outDType);
  };

  for (const op of BINARY_OPS) {
    it(`computes ${op} on float32 with any broadcast`, () => {
      fc.assert(
        fc.property(shapesArb, seedArb, (shapes, seed) => check(op, "float32", shapes, seed)),
        { numRuns: 20 },
      );
    });
  }

  it("runs the logical ops on bool", () => {
    for (const op of ["logicalAnd", "logicalOr"] as const) {
      fc.assert(
        fc.property(shapesArb, seedArb, (shapes, seed) => check(op, "bool", shapes, seed)),
        {
          numRuns: 20,
        },
      );
    }
  });

  it("covers the same-shape, scalar and row fast paths past the vector width", () => {
    const rng = new Rng(7);
    for (const n of [1, 3, 4, 15, 16, 17, 37]) {
      for (const op of ["add", "div", "maximum", "less", "equal"] as const) {
        check(
          op,
          "float32",
          [
            [5, n],
            [5, n],
            [5, n],
          ],
          rng.ints(1, 0, 1e6)[0]!,
        );
        check(op, "float32", [[5, n], [], [5, n]], rng.ints(1, 0, 1e6)[0]!);
        check(op, "float32", [[5, n], [5, n], [1]], rng.ints(1, 0, 1e6)[0]!);
        check(op, "float32", [[5, n], [5, n], [n]], rng.ints(1, 0, 1e6)[0]!);
        check(
          op,
          "float32",
          [
            [5, n],
            [5, 1],
            [1, n],
          ],
          rng.ints(1, 0, 1e6)[0]!,
        );
      }
    }
  });

  it("tiles short broadcast rows on either side, over several tiles", () => {
    const rng = new Rng(11);
    const seed = () => rng.ints(1, 0, 1e6)[0]!;
    // 700 rows of 3 need three tiles of the 2048-element row copy; 9 x 63 fits one.
    for (const [rows, width] of [
      [700, 3],
      [9, 63],
      [300, 8],
    ] as const) {
      for (const op of ["add", "sub", "div", "greater"] as const) {
        check(op, "float32", [[rows, width], [rows, width], [width]], seed());
        check(op, "float32", [[rows, width], [width], [rows, width]], seed());
        check(op, "float32", [[2, rows, width], [2, rows, width], [1, 1, width]], seed());
      }
      check("logicalAnd", "bool", [[rows, width], [width], [rows, width]], seed());
      check("logicalOr", "bool", [[rows, width], [rows, width], [width]], seed());
    }
  });

  it("propagates NaN through maximum and minimum and keeps NaN unequal to itself", () => {
    const a = host([3], "float32", [NaN, 1, 2]);
    const b = host([3], "float32", [0, NaN, 2]);
    const out = [{ shape: [3], dtype: "float32" as const }];
    expect(Array.from(run(backend(), "Binary", [a, b], out, { op: "maximum" })[0]!)).toEqual([
      NaN,
      NaN,
      2,
    ]);
    const bool = [{ shape: [3], dtype: "bool" as const }];
    expect(Array.from(run(backend(), "Binary", [a, b], bool, { op: "equal" })[0]!)).toEqual([
      0, 0, 1,
    ]);
  });

  it("declines int32 and float64 operands so the engine falls back", () => {
    const info = (dtype: DType) => ({ dataId: { backend: "wasm" }, shape: [2], dtype, size: 2 });
    const supports = backend().supports!;
    expect(supports("Binary", [info("float32"), info("float32")], { op: "add" })).toBe(true);
    expect(supports("Binary", [info("int32"), info("int32")], { op: "add" })).toBe(false);
    expect(supports("Binary", [info("float64"), info("float64")], { op: "mul" })).toBe(false);
    expect(supports("Binary", [info("bool"), info("bool")], { op: "logicalAnd" })).toBe(true);
    expect(supports("Binary", [info("bool"), info("bool")], { op: "equal" })).toBe(false);
  });
});
