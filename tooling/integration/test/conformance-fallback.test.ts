import type { Backend, DType, KernelId, TensorInfo } from "@myelin/backend";
import { createJsBackend } from "@myelin/backend-js";
import {
  type DeclinedCall,
  describeBackendConformance,
  host,
  isFloat32Call,
  runKernel,
} from "@myelin/backend-conformance";
import { describe, expect, it } from "vitest";

type Declines = (kernel: KernelId, inputs: readonly TensorInfo[]) => boolean;

/** A JS backend that declines, through supports(), the calls `declines` picks. */
function picky(declines: Declines): Backend {
  const js = createJsBackend();
  return { ...js, supports: (kernel, inputs) => !declines(kernel, inputs) };
}

const declinesFloat64: Declines = (_kernel, inputs) => inputs.some((t) => t.dtype === "float64");

describe("runKernel with a backend that declines calls", () => {
  const x = host([3], "float64", [1, -2, 3]);
  const out = [{ shape: [3], dtype: "float64" as const }];

  it("runs a declined call on the fallback and returns its results", () => {
    const seen: DeclinedCall[] = [];
    const options = { fallback: createJsBackend(), onDecline: (c: DeclinedCall) => seen.push(c) };
    const [y] = runKernel(picky(declinesFloat64), "Unary", [x], out, { op: "neg" }, options);
    expect(Array.from(y!)).toEqual([-1, 2, -3]);
    expect(seen.map((call) => call.kernel)).toEqual(["Unary"]);
  });

  it("fails a declined call when no fallback is given", () => {
    const run = () => runKernel(picky(declinesFloat64), "Unary", [x], out, { op: "neg" });
    expect(run).toThrow(/declined Unary\(float64\) .* names no fallback backend/);
  });

  it("fails when the backend declines a call that mustSupport names", () => {
    const a = host([1, 2], "float32", [1, 2]);
    const b = host([2, 1], "float32", [3, 4]);
    const options = { fallback: createJsBackend(), mustSupport: isFloat32Call };
    const attrs = { transposeA: false, transposeB: false };
    const product = [{ shape: [1, 1], dtype: "float32" as const }];
    const backend = picky((kernel) => kernel === "MatMul");
    const run = () => runKernel(backend, "MatMul", [a, b], product, attrs, options);
    expect(run).toThrow(/declined MatMul\(float32, float32\) .* must run natively/);
  });

  it("updates aliased outputs in place when an optimizer step falls back", () => {
    const w = host([2], "float64", [1, 2]);
    const g = host([2], "float64", [10, 20]);
    const attrs = { rule: "sgd" as const, learningRate: 0.1, params: {} };
    const options = { fallback: createJsBackend() };
    const backend = picky(declinesFloat64);
    const [updated] = runKernel(backend, "OptimizerStep", [w, g], [{ alias: 0 }], attrs, options);
    expect(Array.from(updated!)).toEqual([0, 0]);
  });
});

describe("isFloat32Call", () => {
  const call = (kernel: KernelId, dtypes: DType[]) => ({
    kernel,
    inputs: dtypes.map((dtype) => ({ dataId: { backend: "js" }, shape: [1], dtype, size: 1 })),
  });

  it("accepts int32 indices of Gather and a bool condition of Where, nothing else", () => {
    expect(isFloat32Call(call("Gather", ["float32", "int32"]))).toBe(true);
    expect(isFloat32Call(call("Where", ["bool", "float32", "float32"]))).toBe(true);
    expect(isFloat32Call(call("Binary", ["float32", "int32"]))).toBe(false);
    expect(isFloat32Call(call("Gather", ["int32", "int32"]))).toBe(false);
  });
});

// The whole suite passes on a backend that declines every float64 call,
// because those calls run on the fallback, as the engine runs them.
const declined: DeclinedCall[] = [];
describe("a JS backend that declines float64", () => {
  describeBackendConformance("js", () => picky(declinesFloat64), {
    fallback: createJsBackend,
    mustSupport: isFloat32Call,
    onDecline: (call) => declined.push(call),
  });
});

describe("the conformance suite on a declining backend", () => {
  it("sent its float64 calls to the fallback", () => {
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.every((call) => call.inputs.some((t) => t.dtype === "float64"))).toBe(true);
  });
});
