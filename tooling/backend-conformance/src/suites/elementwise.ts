import {
  type BinaryOp,
  COMPARISON_OPS,
  type DType,
  UNARY_OPS,
  type UnaryOp,
} from "@myelin/backend";
import fc from "fast-check";
import { expect, it } from "vitest";

import type { SuiteContext } from "../context.js";
import { host, sizeOf } from "../harness.js";
import { broadcastFlat, broadcastShape, unravel } from "../indexing.js";
import {
  floorDivInt,
  floorMod,
  referenceErf,
  roundHalfEven,
  wrapInt32,
} from "../reference-math.js";
import { broadcastableArb, broadcastPairArb, Rng, seedArb, shapeArb } from "../random.js";

const FLOATS = ["float32", "float64"] as const;
const ALL_DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

const UNARY_REFERENCE: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => Math.max(x, 0),
  step: (x) => (x > 0 ? 1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  erf: referenceErf,
  softplus: (x) => Math.log(1 + Math.exp(x)),
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
  logicalNot: (x) => (x === 0 ? 1 : 0),
};

const BOOL_UNARY = new Set<UnaryOp>(["isNaN", "isFinite", "logicalNot"]);

// Int32 unary ops whose results must wrap like two's complement.
const INT_UNARY: Partial<Record<UnaryOp, (x: number) => number>> = {
  neg: (x) => wrapInt32(-BigInt(x)),
  abs: (x) => wrapInt32(BigInt(Math.abs(x))),
  sign: UNARY_REFERENCE.sign,
  square: (x) => wrapInt32(BigInt(x) * BigInt(x)),
  relu: UNARY_REFERENCE.relu,
  step: UNARY_REFERENCE.step,
  logicalNot: UNARY_REFERENCE.logicalNot,
};

/** Inputs inside each op's domain, with halves for round and specials for the predicates. */
function unaryInputs(op: UnaryOp, rng: Rng, n: number): number[] {
  switch (op) {
    case "log":
    case "sqrt":
    case "rsqrt":
      return rng.uniforms(n, 0.01, 10);
    case "log1p":
      return rng.uniforms(n, -0.99, 10);
    case "reciprocal":
      return rng.uniforms(n, 0.1, 5).map((v) => (rng.next() < 0.5 ? -v : v));
    case "round":
    case "floor":
    case "ceil":
      return rng.uniforms(n, -10, 10).map((v) => (rng.next() < 0.5 ? Math.round(v * 2) / 2 : v));
    case "erf":
      return rng.uniforms(n, -6, 6);
    case "sigmoid":
    case "softplus":
    case "tanh":
      return rng.uniforms(n, -20, 20);
    case "isNaN":
    case "isFinite":
    case "logicalNot": {
      const specials = [NaN, Infinity, -Infinity, 0, -0, 1];
      return rng.uniforms(n, -3, 3).map((v) => (rng.next() < 0.5 ? specials[rng.int(0, 5)]! : v));
    }
    default:
      return rng.uniforms(n, -5, 5);
  }
}

const ARITHMETIC: readonly BinaryOp[] = [
  "add",
  "sub",
  "mul",
  "div",
  "pow",
  "maximum",
  "minimum",
  "squaredDifference",
  "floorDiv",
  "mod",
  "atan2",
];
const LOGICAL = new Set<BinaryOp>(["logicalAnd", "logicalOr"]);

const FLOAT_BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  squaredDifference: (a, b) => (a - b) * (a - b),
  floorDiv: (a, b) => Math.floor(a / b),
  mod: floorMod,
  atan2: Math.atan2,
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

// Int32 ops: exact integer arithmetic wrapped to 32 bits; division floors.
const INT_BINARY: Partial<Record<BinaryOp, (a: number, b: number) => number>> = {
  add: (a, b) => wrapInt32(BigInt(a) + BigInt(b)),
  sub: (a, b) => wrapInt32(BigInt(a) - BigInt(b)),
  mul: (a, b) => wrapInt32(BigInt(a) * BigInt(b)),
  div: floorDivInt,
  floorDiv: floorDivInt,
  mod: floorMod,
  maximum: Math.max,
  minimum: Math.min,
  squaredDifference: (a, b) => wrapInt32((BigInt(a) - BigInt(b)) ** 2n),
  equal: FLOAT_BINARY.equal,
  notEqual: FLOAT_BINARY.notEqual,
  less: FLOAT_BINARY.less,
  lessEqual: FLOAT_BINARY.lessEqual,
  greater: FLOAT_BINARY.greater,
  greaterEqual: FLOAT_BINARY.greaterEqual,
};

/** Operand values: divisors kept away from zero, quotients away from integer boundaries. */
function binaryInputs(op: BinaryOp, dtype: DType, rng: Rng, n: number, side: "a" | "b"): number[] {
  if (dtype === "bool" || LOGICAL.has(op)) {
    return rng.ints(n, -1, 2).map((v) => (dtype === "bool" ? (v === 0 ? 0 : 1) : v));
  }
  const divides = op === "div" || op === "floorDiv" || op === "mod";
  if (dtype === "int32") {
    if (divides && side === "b") {
      return rng.ints(n, 1, 9).map((v) => (rng.next() < 0.5 ? -v : v));
    }
    const big = [2147483647, -2147483648, 65536, -46341];
    return rng.ints(n, -1000, 1000).map((v) => (rng.next() < 0.15 ? big[rng.int(0, 3)]! : v));
  }
  if (op === "floorDiv" || op === "mod") {
    const halves = rng.ints(n, side === "b" ? 1 : -20, 20).map((v) => v / 2);
    return side === "b" ? halves.map((v) => (rng.next() < 0.5 ? -v : v)) : halves;
  }
  if (op === "div" && side === "b") {
    return rng.uniforms(n, 0.5, 3).map((v) => (rng.next() < 0.5 ? -v : v));
  }
  if (op === "pow") {
    return side === "a" ? rng.uniforms(n, 0.1, 3) : rng.uniforms(n, -3, 3);
  }
  if (COMPARISON_OPS.has(op)) {
    return rng.ints(n, -2, 2).map((v) => v / 2);
  }
  return rng.uniforms(n, -3, 3);
}

function binaryDTypes(op: BinaryOp): readonly DType[] {
  if (LOGICAL.has(op)) {
    return ["bool", "float32"];
  }
  const dtypes: DType[] = [...FLOATS];
  if (INT_BINARY[op] !== undefined) {
    dtypes.push("int32");
  }
  if (op === "equal" || op === "notEqual") {
    dtypes.push("bool");
  }
  return dtypes;
}

/** Unary, Binary, Where, Cast and Copy. */
export function describeElementwise(ctx: SuiteContext): void {
  ctx.kernel("Unary", () => {
    for (const op of UNARY_OPS) {
      const outDType = (d: DType): DType => (BOOL_UNARY.has(op) ? "bool" : d);
      const arb = fc.record({
        shape: shapeArb(0, 3, 5),
        dtype: fc.constantFrom(...FLOATS),
        seed: seedArb,
      });
      ctx.property(`computes ${op} like the reference in float32 and float64`, arb, (c) => {
        const rng = new Rng(c.seed);
        const x = host(c.shape, c.dtype, unaryInputs(op, rng, sizeOf(c.shape)));
        const [y] = ctx.run("Unary", [x], [{ shape: c.shape, dtype: outDType(c.dtype) }], { op });
        const expected = Array.from(x.values, UNARY_REFERENCE[op]);
        ctx.check(`${op} ${c.dtype} [${c.shape.join(", ")}]`, y!, expected, outDType(c.dtype));
      });
    }

    for (const [op, reference] of Object.entries(INT_UNARY) as [UnaryOp, (x: number) => number][]) {
      const arb = fc.record({ shape: shapeArb(0, 3, 5), seed: seedArb });
      ctx.property(`computes ${op} on int32, wrapping like two's complement`, arb, (c) => {
        const rng = new Rng(c.seed);
        const extremes = [2147483647, -2147483648, 46341, -65536];
        const values = rng
          .ints(sizeOf(c.shape), -1000, 1000)
          .map((v) => (rng.next() < 0.2 ? extremes[rng.int(0, 3)]! : v));
        const x = host(c.shape, "int32", values);
        const dtype: DType = BOOL_UNARY.has(op) ? "bool" : "int32";
        const [y] = ctx.run("Unary", [x], [{ shape: c.shape, dtype }], { op });
        ctx.check(`${op} int32`, y!, Array.from(x.values, reference), dtype);
      });
    }

    it("keeps sign(0) at 0, sends step(0) and step(NaN) to 0 and rounds halves to even", () => {
      const run = (op: UnaryOp, values: number[]) =>
        Array.from(
          ctx.run("Unary", [host([values.length], "float64", values)], [
            { shape: [values.length], dtype: "float64" },
          ], { op })[0]!,
        );
      expect(run("sign", [0, -3, 2, NaN]).map((v) => v + 0)).toEqual([0, -1, 1, NaN]);
      expect(run("step", [0, NaN, -1, 1e-300])).toEqual([0, 0, 0, 1]);
      const rounded = run("round", [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 3.5000001]);
      expect(rounded.map((v) => v + 0)).toEqual([0, 2, 2, 0, -2, -2, 2, 4]);
    });

    it("keeps sigmoid and softplus finite and accurate for large |x|", () => {
      for (const dtype of FLOATS) {
        const values = [-1000, -80, 80, 1000];
        const x = host([4], dtype, values);
        const [sig] = ctx.run("Unary", [x], [{ shape: [4], dtype }], { op: "sigmoid" });
        const [sp] = ctx.run("Unary", [x], [{ shape: [4], dtype }], { op: "softplus" });
        ctx.check(`sigmoid ${dtype}`, sig!, [0, Math.exp(-80), 1, 1], dtype);
        ctx.check(`softplus ${dtype}`, sp!, [0, Math.exp(-80), 80, 1000], dtype);
        expect(Array.from(sig!).every(Number.isFinite)).toBe(true);
        expect(Array.from(sp!).every(Number.isFinite)).toBe(true);
      }
    });

    it("computes erf to 1e-14 in float64, as finite-difference gradient checks need", () => {
      const xs = Array.from({ length: 241 }, (_, i) => -6 + i * 0.05).concat([1e-10, -3e-5, 0.5]);
      const [y] = ctx.run("Unary", [host([xs.length], "float64", xs)], [
        { shape: [xs.length], dtype: "float64" },
      ], { op: "erf" });
      const errors = xs.map((x, i) => Math.abs(y![i]! - referenceErf(x)));
      expect(Math.max(...errors)).toBeLessThanOrEqual(1e-14);
    });
  });

  ctx.kernel("Binary", () => {
    const ops = [...ARITHMETIC, ...COMPARISON_OPS];
    for (const op of ops) {
      const arb = fc.record({
        shapes: broadcastPairArb,
        dtype: fc.constantFrom(...binaryDTypes(op)),
        seed: seedArb,
      });
      ctx.property(`computes ${op} with broadcasting like the reference`, arb, (c) => {
        const [yShape, aShape, bShape] = c.shapes;
        const rng = new Rng(c.seed);
        const a = host(aShape, c.dtype, binaryInputs(op, c.dtype, rng, sizeOf(aShape), "a"));
        const b = host(bShape, c.dtype, binaryInputs(op, c.dtype, rng, sizeOf(bShape), "b"));
        const outDType: DType = COMPARISON_OPS.has(op) ? "bool" : c.dtype;
        const [y] = ctx.run("Binary", [a, b], [{ shape: yShape, dtype: outDType }], { op });
        const reference = c.dtype === "int32" ? INT_BINARY[op]! : FLOAT_BINARY[op];
        const expected = Array.from({ length: sizeOf(yShape) }, (_, i) => {
          const index = unravel(i, yShape);
          const av = a.values[broadcastFlat(index, aShape)]!;
          return reference(av, b.values[broadcastFlat(index, bShape)]!);
        });
        const label = `${op} ${c.dtype} [${aShape.join(", ")}] with [${bShape.join(", ")}]`;
        ctx.check(label, y!, expected, outDType);
      });
    }

    const binary = (op: BinaryOp, dtype: DType, a: number[], b: number[]) => {
      const outDType: DType = COMPARISON_OPS.has(op) ? "bool" : dtype;
      const inputs = [host([a.length], dtype, a), host([b.length], dtype, b)];
      const [y] = ctx.run("Binary", inputs, [{ shape: [a.length], dtype: outDType }], { op });
      return y!;
    };

    it("wraps int32 sums, differences and products", () => {
      const a = [2147483647, -2147483648, 65536, 2147483647, 123456789];
      const b = [1, -1, 65536, 2147483647, 987654321];
      for (const op of ["add", "sub", "mul"] as const) {
        const expected = a.map((v, i) => INT_BINARY[op]!(v, b[i]!));
        expect(Array.from(binary(op, "int32", a, b))).toEqual(expected);
      }
      expect(Array.from(binary("mul", "int32", [2147483647], [2147483647]))).toEqual([1]);
    });

    it("floors int32 division and gives mod the divisor's sign", () => {
      const a = [-7, 7, -7, 7, 6];
      const b = [2, -2, -2, 2, 3];
      expect(Array.from(binary("div", "int32", a, b))).toEqual([-4, -4, 3, 3, 2]);
      expect(Array.from(binary("floorDiv", "int32", a, b))).toEqual([-4, -4, 3, 3, 2]);
      expect(Array.from(binary("mod", "int32", a, b))).toEqual([1, -1, -1, 1, 0]);
      expect(Array.from(binary("mod", "float64", [-7.5, 7.5], [2, -2]))).toEqual([0.5, -0.5]);
    });

    it("propagates NaN through maximum and minimum", () => {
      for (const dtype of FLOATS) {
        const max = binary("maximum", dtype, [NaN, 1, 2], [0, NaN, 1]);
        const min = binary("minimum", dtype, [NaN, 1, 2], [0, NaN, 1]);
        expect(Array.from(max)).toEqual([NaN, NaN, 2]);
        expect(Array.from(min)).toEqual([NaN, NaN, 1]);
      }
    });

    it("writes comparisons as bool, with NaN unequal to itself", () => {
      const y = binary("equal", "float32", [NaN, 1, 2], [NaN, 1, 3]);
      expect(y).toBeInstanceOf(Uint8Array);
      expect(Array.from(y)).toEqual([0, 1, 0]);
      expect(Array.from(binary("notEqual", "float64", [NaN], [NaN]))).toEqual([1]);
    });
  });

  ctx.kernel("Where", () => {
    const arb = shapeArb(0, 4, 4)
      .chain((shape) =>
        fc.record({
          c: broadcastableArb(shape),
          a: broadcastableArb(shape),
          b: broadcastableArb(shape),
          dtype: fc.constantFrom(...ALL_DTYPES),
          seed: seedArb,
        }),
      )
      .map((c) => ({ ...c, shape: broadcastShape(broadcastShape(c.c, c.a), c.b) }));
    ctx.property("picks from a or b by a broadcast condition", arb, (c) => {
      const rng = new Rng(c.seed);
      const values = (shape: number[]) => rng.ints(sizeOf(shape), -50, 50);
      const cond = host(c.c, "bool", rng.ints(sizeOf(c.c), 0, 1));
      const a = host(c.a, c.dtype, values(c.a));
      const b = host(c.b, c.dtype, values(c.b));
      const [y] = ctx.run("Where", [cond, a, b], [{ shape: c.shape, dtype: c.dtype }], {});
      const expected = Array.from({ length: sizeOf(c.shape) }, (_, i) => {
        const index = unravel(i, c.shape);
        return cond.values[broadcastFlat(index, c.c)]
          ? a.values[broadcastFlat(index, c.a)]!
          : b.values[broadcastFlat(index, c.b)]!;
      });
      ctx.check(`where ${c.dtype}`, y!, expected, c.dtype);
    });
  });

  ctx.kernel("Cast", () => {
    const arb = fc.record({
      shape: shapeArb(0, 3, 5),
      from: fc.constantFrom(...ALL_DTYPES),
      to: fc.constantFrom(...ALL_DTYPES),
      seed: seedArb,
    });
    ctx.property("converts between all dtypes, truncating floats toward zero", arb, (c) => {
      const rng = new Rng(c.seed);
      const n = sizeOf(c.shape);
      const raw =
        c.from === "bool"
          ? rng.ints(n, 0, 1)
          : c.from === "int32"
            ? rng.ints(n, -1000, 1000)
            : rng.uniforms(n, -100, 100).map((v) => (rng.next() < 0.2 ? 0 : v));
      const x = host(c.shape, c.from, raw);
      const [y] = ctx.run("Cast", [x], [{ shape: c.shape, dtype: c.to }], {});
      const convert = (v: number) =>
        c.to === "bool" ? (v !== 0 ? 1 : 0) : c.to === "int32" ? Math.trunc(v) : v;
      const expected = host(c.shape, c.to, Array.from(x.values, convert)).values;
      ctx.check(`cast ${c.from} to ${c.to}`, y!, expected, c.to);
    });
  });

  ctx.kernel("Copy", () => {
    const arb = fc.record({
      shape: shapeArb(0, 3, 5),
      dtype: fc.constantFrom(...ALL_DTYPES),
      seed: seedArb,
    });
    ctx.property("copies values into a new shape of the same size", arb, (c) => {
      const rng = new Rng(c.seed);
      const n = sizeOf(c.shape);
      const x = host(c.shape, c.dtype, rng.ints(n, c.dtype === "bool" ? 0 : -9, 9));
      const [y] = ctx.run("Copy", [x], [{ shape: [n], dtype: c.dtype }], {});
      ctx.check(`copy ${c.dtype}`, y!, x.values, c.dtype);
    });

    it("converts to the output's dtype", () => {
      const x = host([3], "float64", [1.5, -2.25, 1e-40]);
      const [y] = ctx.run("Copy", [x], [{ shape: [3], dtype: "float32" }], {});
      expect(y).toBeInstanceOf(Float32Array);
      expect(Array.from(y!)).toEqual(Array.from(new Float32Array([1.5, -2.25, 1e-40])));
    });
  });
}
