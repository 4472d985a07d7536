import { createJsBackend } from "@myelin/backend-js";
import { describeBackendConformance } from "@myelin/backend-conformance";
import { describe, expect, it } from "vitest";
import { withFallback } from "../test/harness.js";
import type { FallbackLog } from "../test/harness.js";
import { createWasmBackend } from "./index.js";
import type { WasmBackendOptions } from "./index.js";

// The suite drives kernels directly, so calls that the Wasm kernels decline
// through supports() (float64, int32, some bool inputs) run on the JS backend,
// as the engine would run them. The log records each of those calls.
const fallbacks: FallbackLog = { calls: [] };

const BUILDS: [string, WasmBackendOptions][] = [
  ["simd build", {}],
  ["scalar build", { simd: false }],
  ["threads build", { threads: 2 }],
];

for (const [build, options] of BUILDS) {
  describe(build, () => {
    describeBackendConformance("wasm", async () => {
      const wasm = await createWasmBackend(options);
      return withFallback(wasm, createJsBackend(), fallbacks);
    });
  });
}

describe("wasm backend fallbacks", () => {
  it("run only calls with an input that is not float32", () => {
    const floatOnly = fallbacks.calls.filter((call) => /^\w+\((float32(, )?)+\) /.test(call));
    expect(floatOnly).toEqual([]);
    expect(fallbacks.calls.length).toBeGreaterThan(0);
  });
});
