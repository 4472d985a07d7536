import type { Backend, DType, KernelAttrs, KernelId, TypedArray } from "@myelin/backend";
import fc from "fast-check";
import { describe, it } from "vitest";

import {
  expectValues,
  type FallbackOptions,
  type HostTensor,
  type OutputSpec,
  runKernel,
  type Tolerances,
} from "./harness.js";

/** What every kernel suite gets: the backend under test and the checks bound to it. */
export interface SuiteContext {
  /** The backend under test; available inside tests (it is created in beforeAll). */
  backend(): Backend;
  readonly tolerances: Tolerances;
  /** Kernels the backend declared missing, with the reasons. */
  readonly knownGaps: Readonly<Record<string, string>>;
  /** Registers the tests of one kernel, or an `it.todo` when it is a known gap. */
  kernel(id: KernelId, body: () => void): void;
  /**
   * Runs a kernel on the backend under test and returns copies of its outputs;
   * a call the backend declines runs on the fallback, as the engine does.
   */
  run<K extends KernelId>(
    kernel: K,
    inputs: readonly HostTensor[],
    outputs: readonly OutputSpec[],
    attrs: KernelAttrs[K],
  ): TypedArray[];
  /** Throws unless actual matches expected within the dtype's tolerance. */
  check(label: string, actual: ArrayLike<number>, expected: ArrayLike<number>, dtype: DType): void;
  /** Registers a fast-check property as a test, with the suite's run count. */
  property<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void): void;
}

/** Options the suite entry point turns into a {@link SuiteContext}. */
export interface ContextOptions {
  backend: () => Backend;
  /** How calls the backend declines through `supports()` run. */
  fallback: () => FallbackOptions;
  knownGaps: Readonly<Record<string, string>>;
  tolerances: Tolerances;
  numRuns: number;
}

/** Builds the context every kernel suite registers its tests through. */
export function makeContext(options: ContextOptions): SuiteContext {
  const { backend, fallback, knownGaps, tolerances, numRuns } = options;
  return {
    backend,
    tolerances,
    knownGaps,
    kernel(id, body) {
      const gap = knownGaps[id];
      if (gap !== undefined) {
        describe(id, () => {
          it.todo(`${id} is a known gap: ${gap}`);
        });
        return;
      }
      describe(id, body);
    },
    run(kernel, inputs, outputs, attrs) {
      return runKernel(backend(), kernel, inputs, outputs, attrs, fallback());
    },
    check(label, actual, expected, dtype) {
      expectValues(label, actual, expected, dtype, tolerances);
    },
    property(name, arbitrary, predicate) {
      it(name, () => {
        fc.assert(fc.property(arbitrary, predicate), { numRuns });
      });
    },
  };
}
