import {
  type Backend,
  type KernelId,
  OPTIONAL_KERNELS,
  REQUIRED_KERNELS,
} from "@myelin/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makeContext } from "./context.js";
import { describeConvolutions } from "./suites/conv.js";
import { describeElementwise } from "./suites/elementwise.js";
import { describeLayout } from "./suites/layout.js";
import { describeMatMul } from "./suites/mat-mul.js";
import { describeOptimizerStep } from "./suites/optimizer-step.js";
import { describePooling } from "./suites/pool.js";
import { describeReductions } from "./suites/reduce.js";
import { describeStorage } from "./suites/storage.js";

export { close, expectValues, host, type HostTensor, runKernel } from "./harness.js";

/** Options of {@link describeBackendConformance}. */
export interface ConformanceOptions {
  /**
   * Kernels the backend does not provide yet, each with the reason. Their
   * tests are registered as `it.todo` naming the reason; any other missing
   * kernel fails.
   */
  knownGaps?: Partial<Record<KernelId, string>>;
  /**
   * Largest accepted error of float32 results, relative to max(1, |expected|)
   * (default 1e-4). Float64 results get 1e-5 of it (default 1e-9).
   */
  tolerance?: number;
  /** fast-check runs per property (default 40). */
  numRuns?: number;
}

/**
 * Registers the conformance suite of the backend contract: vitest `describe`
 * blocks that run every kernel on random shapes (fast-check, seed printed on
 * failure) and on edge cases, against naive reference implementations.
 *
 * @example
 * // src/conformance.test.ts of a backend package
 * import { describeBackendConformance } from "@myelin/backend-conformance";
 * import { createWasmBackend } from "./index.js";
 *
 * describeBackendConformance("wasm", createWasmBackend, {
 *   knownGaps: { Pool2DBackprop: "composed by the core until the Wasm kernel lands" },
 * });
 */
export function describeBackendConformance(
  name: string,
  makeBackend: () => Backend | Promise<Backend>,
  options: ConformanceOptions = {},
): void {
  const knownGaps: Readonly<Record<string, string>> = options.knownGaps ?? {};
  const tolerance = options.tolerance ?? 1e-4;

  describe(`${name} backend conformance`, () => {
    let backend: Backend | undefined;
    beforeAll(async () => {
      backend = await makeBackend();
      await backend.ready?.();
    });
    afterAll(() => {
      backend?.shutdown?.();
    });

    const ctx = makeContext({
      backend: () => {
        if (backend === undefined) {
          throw new Error(`The "${name}" backend was not created; see the beforeAll error.`);
        }
        return backend;
      },
      knownGaps,
      tolerances: { float32: tolerance, float64: tolerance * 1e-5 },
      numRuns: options.numRuns ?? 40,
    });

    it("lists only kernels of the contract in knownGaps", () => {
      const known = new Set<string>([...REQUIRED_KERNELS, ...OPTIONAL_KERNELS]);
      expect(Object.keys(knownGaps).filter((id) => !known.has(id))).toEqual([]);
    });

    describeStorage(ctx, name);
    describeElementwise(ctx);
    describeReductions(ctx);
    describeMatMul(ctx);
    describeLayout(ctx);
    describeConvolutions(ctx);
    describePooling(ctx);
    describeOptimizerStep(ctx);
  });
}
