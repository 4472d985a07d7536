import {
  type Backend,
  type KernelId,
  type TensorInfo,
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
import { type DeclinedCall, describeCall, type FallbackOptions } from "./harness.js";

export {
  close,
  type DeclinedCall,
  describeCall,
  expectValues,
  type FallbackOptions,
  host,
  type HostTensor,
  runKernel,
} from "./harness.js";

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
  /**
   * The backend that runs calls the backend under test declines through
   * `supports()`, as the engine's fallback does (the engine uses the JS
   * backend). Without it, a declined call fails its test.
   */
  fallback?: () => Backend | Promise<Backend>;
  /**
   * Calls the backend must never decline, for example those on float32 data
   * (`isFloat32Call`). Declining one fails the test that made it, and a
   * closing test lists them all.
   */
  mustSupport?: (call: DeclinedCall) => boolean;
  /** Sees every call the backend declined and the fallback ran. */
  onDecline?: (call: DeclinedCall) => void;
}

/**
 * True when a call computes on float32 data: every input is float32, except
 * the int32 indices of Gather and ScatterAdd and the bool condition of Where.
 * A backend that claims float32 should decline none of these.
 *
 * @example
 * describeBackendConformance("wasm", createWasmBackend, {
 *   fallback: createJsBackend,
 *   mustSupport: isFloat32Call,
 * });
 */
export function isFloat32Call(call: {
  readonly kernel: KernelId;
  readonly inputs: readonly TensorInfo[];
}): boolean {
  return call.inputs.every((t, i) => {
    if ((call.kernel === "Gather" || call.kernel === "ScatterAdd") && i === 1) {
      return t.dtype === "int32";
    }
    if (call.kernel === "Where" && i === 0) {
      return t.dtype === "bool";
    }
    return t.dtype === "float32";
  });
}

/**
 * Registers the conformance suite of the backend contract: vitest `describe`
 * blocks that run every kernel on random shapes (fast-check, seed printed on
 * failure) and on edge cases, against naive reference implementations.
 *
 * @example
 * // src/conformance.test.ts of a backend package
 * import { createJsBackend } from "@myelin/backend-js";
 * import { describeBackendConformance, isFloat32Call } from "@myelin/backend-conformance";
 * import { createWasmBackend } from "./index.js";
 *
 * describeBackendConformance("wasm", createWasmBackend, {
 *   knownGaps: { Pool2DBackprop: "composed by the core until the Wasm kernel lands" },
 *   fallback: createJsBackend, // runs what supports() declines, as the engine does
 *   mustSupport: isFloat32Call,
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
    let fallback: Backend | undefined;
    const mustRunNatively: string[] = [];
    beforeAll(async () => {
      backend = await makeBackend();
      await backend.ready?.();
      if (options.fallback !== undefined) {
        fallback = await options.fallback();
        await fallback.ready?.();
      }
    });
    afterAll(() => {
      backend?.shutdown?.();
      fallback?.shutdown?.();
    });
    const mustSupport = options.mustSupport;
    const fallbackOptions: FallbackOptions = {
      mustSupport:
        mustSupport === undefined
          ? undefined
          : (call) => {
              const must = mustSupport(call);
              if (must) {
                mustRunNatively.push(describeCall(call));
              }
              return must;
            },
      onDecline: options.onDecline,
    };

    const ctx = makeContext({
      backend: () => {
        if (backend === undefined) {
          throw new Error(`The "${name}" backend was not created; see the beforeAll error.`);
        }
        return backend;
      },
      fallback: () => ({ ...fallbackOptions, fallback }),
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

    if (mustSupport !== undefined) {
      it("declines through supports() no call that must run natively", () => {
        expect(mustRunNatively).toEqual([]);
      });
    }
  });
}
