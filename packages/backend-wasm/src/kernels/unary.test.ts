import { UNARY_OPS } from "@myelin/backend";
import type { UnaryOp } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, host, Rng, run, seedArb, useBackend } from "../../test/harness.js";

const erfRef = (x: number): number => {
  // Maclaurin series for |x| < 3, continued fraction of erfc beyond.
  if (Number.isNaN(x)) {
    return x;
  }
  const a = Math.abs(x);
  if (a >= 3) {
    let f = 0;
    for (let n = 60; n >= 1; n--) {
      f = n / 2 / (a + f);
    }
    return Math.sign(x) * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f));
  }
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-18; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
};

const REFERENCE: Record<UnaryOp, (x: number) => number> = {
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
  round: (x) => {
    const f = Math.floor(x);
    const d = x - f;
    return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  },
  erf: erfRef,
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
  logicalNot: (x) => (x === 0 ? 1 : 0),
};

const PREDICATES = new Set<UnaryOp>(["isNaN", "isFinite", "logicalNot"]);

function domain(op: UnaryOp): [number, number] {
  switch (op) {
    case "log":
    case "sqrt":
    case "rsqrt":
      return [1e-3, 50];
    case "log1p":
      return [-0.999, 50];
    case "exp":
    case "expm1":
      return [-20, 20];
    default:
      return [-8, 8];
  }
}

/** Largest relative error of a float32 unary op against float64 on a dense grid. */
function maxRelativeError(
  backend: ReturnType<ReturnType<typeof useBackend>>,
  op: UnaryOp,
  xs: number[],
): number {
  const x = host([xs.length], "float32", xs);
  const [y] = run(backend, "Unary", [x], [{ shape: [xs.length], dtype: "float32" }], { op });
  let worst = 0;
  x.values.forEach((v, i) => {
    const expected = REFERENCE[op](v);
    const error = Math.abs(y![i]! - expected) / Math.max(Math.abs(expected), 1e-30);
    worst = Math.max(worst, error);
  });
  return worst;
}

function grid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

describe("Unary", () => {
  const backend = useBackend();

  for (const op of UNARY_OPS) {
    it(`computes ${op} like the float64 reference on any length`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 70 }), seedArb, (n, seed) => {
          const rng = new Rng(seed);
          const [lo, hi] = domain(op);
          const specials = [0, -0, NaN, Infinity, -Infinity, 2.5, -0.5];
          const values = rng
            .uniforms(n, lo, hi)
            .map((v) =>
              PREDICATES.has(op) && rng.next() < 0.4 ? specials[rng.ints(1, 0, 6)[0]!]! : v,
            );
          const x = host([n], "float32", values);
          const dtype = PREDICATES.has(op) ? "bool" : "float32";
          const [y] = run(backend(), "Unary", [x], [{ shape: [n], dtype }], { op });
          const expected = Array.from(x.values, REFERENCE[op]);
          expectClose(`${op} of ${n} values`, y!, expected, dtype);
        }),
        { numRuns: 15 },
      );
    });
  }

  it("negates bool with logicalNot", () => {
    const x = host([5], "bool", [1, 0, 1, 1, 0]);
    const [y] = run(backend(), "Unary", [x], [{ shape: [5], dtype: "bool" }], { op: "logicalNot" });
    expect(Array.from(y!)).toEqual([0, 1, 0, 0, 1]);
  });

  it("keeps exp, log, tanh and sigmoid within a few float32 ulps", () => {
    expect(maxRelativeError(backend(), "exp", grid(-87, 88, 20001))).toBeLessThan(4e-7);
    expect(maxRelativeError(backend(), "log", grid(1e-6, 1e4, 20001))).toBeLessThan(4e-7);
    expect(maxRelativeError(backend(), "tanh", grid(-10, 10, 20001))).toBeLessThan(6e-7);
    expect(maxRelativeError(backend(), "sigmoid", grid(-30, 30, 20001))).toBeLessThan(1e-6);
  });

  it("keeps erf, expm1 and log1p accurate near zero and in the tails", () => {
    expect(maxRelativeError(backend(), "erf", grid(-5, 5, 20000))).toBeLessThan(6e-7);
    expect(maxRelativeError(backend(), "expm1", grid(-1e-3, 1e-3, 2000))).toBeLessThan(3e-7);
    expect(maxRelativeError(backend(), "expm1", grid(-20, 20, 20001))).toBeLessThan(6e-7);
    expect(maxRelativeError(backend(), "log1p", grid(-1e-3, 1e-3, 2000))).toBeLessThan(3e-7);
    expect(maxRelativeError(backend(), "log1p", grid(-0.99, 100, 20001))).toBeLessThan(6e-7);
  });

  it("handles exp and log at the ends of the float32 range", () => {
    const xs = [89, -104, Infinity, -Infinity, NaN, 88.7, -87.3, -100];
    const x = host([xs.length], "float32", xs);
    const [e] = run(backend(), "Unary", [x], [{ shape: [xs.length], dtype: "float32" }], {
      op: "exp",
    });
    expect(Array.from(e!.slice(0, 5))).toEqual([Infinity, 0, Infinity, 0, NaN]);
    const near = [88.7, -87.3].map((v) => Math.exp(Math.fround(v)));
    const relative = Array.from(e!.slice(5, 7), (v, i) => Math.abs(v / near[i]! - 1));
    expect(Math.max(...relative)).toBeLessThan(1e-6);
    // A subnormal result is exact to within its spacing, 2^-149.
    expect(Math.abs(e![7]! - Math.exp(-100))).toBeLessThanOrEqual(2 ** -149);

    const ls = [0, -0, -1, Infinity, NaN, 1e-40, 3.4e38];
    const l = host([ls.length], "float32", ls);
    const [y] = run(backend(), "Unary", [l], [{ shape: [ls.length], dtype: "float32" }], {
      op: "log",
    });
    expect(Array.from(y!.slice(0, 5))).toEqual([-Infinity, -Infinity, NaN, Infinity, NaN]);
    expectClose("log of a subnormal and of the max", y!.slice(5), [
      Math.log(Math.fround(1e-40)),
      Math.log(Math.fround(3.4e38)),
    ]);
  });
});
