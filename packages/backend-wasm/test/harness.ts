// Shared helpers of the backend-wasm tests: backends created once per file and
// random values.
import type { Backend, DType, KernelAttrs, KernelId, TypedArray } from "@myelin/backend";
import { expectValues, host, runKernel } from "@myelin/backend-conformance";
import type { HostTensor } from "@myelin/backend-conformance";
import fc from "fast-check";
import { afterAll, beforeAll } from "vitest";
import { createWasmBackend } from "../src/index.js";
import type { WasmBackend, WasmBackendOptions } from "../src/index.js";

export { host };
export type { HostTensor };

/** Float32 tolerance of the property tests, relative to max(1, |expected|). */
export const TOLERANCE = 2e-5;

/** A backend for one test file, shut down after it. */
export function useBackend(options: WasmBackendOptions = {}): () => WasmBackend {
  let backend: WasmBackend | undefined;
  beforeAll(async () => {
    backend = await createWasmBackend(options);
  });
  afterAll(() => {
    backend?.shutdown();
  });
  return () => {
    if (backend === undefined) {
      throw new Error("the wasm backend was not created; see the beforeAll error");
    }
    return backend;
  };
}

/** Runs one kernel: inputs written, outputs allocated, results read back, storage freed. */
export function run<K extends KernelId>(
  backend: Backend,
  kernel: K,
  inputs: readonly HostTensor[],
  outputs: readonly ({ shape: readonly number[]; dtype: DType } | { alias: number })[],
  attrs: KernelAttrs[K],
): TypedArray[] {
  return runKernel(backend, kernel, inputs, outputs, attrs);
}

/** Throws unless the values agree within float32 tolerance (exactly for int32 and bool). */
export function expectClose(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  dtype: DType = "float32",
  tolerance = TOLERANCE,
): void {
  expectValues(label, actual, expected, dtype, { float32: tolerance, float64: tolerance });
}

/** A small deterministic generator (mulberry32) for tensor values. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniforms(n: number, lo = -1, hi = 1): number[] {
    return Array.from({ length: n }, () => lo + (hi - lo) * this.next());
  }

  ints(n: number, lo: number, hi: number): number[] {
    return Array.from({ length: n }, () => lo + Math.floor(this.next() * (hi - lo + 1)));
  }
}

export const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

/** A float32 host tensor of uniform values in [lo, hi). */
export function randomTensor(rng: Rng, shape: readonly number[], lo = -1, hi = 1): HostTensor {
  return host(
    shape,
    "float32",
    rng.uniforms(
      shape.reduce((a, b) => a * b, 1),
      lo,
      hi,
    ),
  );
}

/** Shapes that broadcast to `shape`: a suffix of it with some axes set to 1. */
export function broadcastableArb(shape: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: shape.length }),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
    )
    .map(([drop, ones]) => shape.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
}
