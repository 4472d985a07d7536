import { createJsBackend } from "@myelin/backend-js";
import {
  type DeclinedCall,
  describeBackendConformance,
  describeCall,
  isFloat32Call,
} from "@myelin/backend-conformance";
import { describe, expect, it } from "vitest";
import { createWasmBackend } from "./index.js";
import type { WasmBackendOptions } from "./index.js";

// Calls that the Wasm kernels decline through supports() (float64, int32, some
// bool inputs) run on the JS backend, as the engine runs them; no call on
// float32 data may be declined.
const declined: DeclinedCall[] = [];

const BUILDS: [string, WasmBackendOptions][] = [
  ["simd build", {}],
  ["scalar build", { simd: false }],
  ["threads build", { threads: 2 }],
];

for (const [build, options] of BUILDS) {
  describe(build, () => {
    describeBackendConformance("wasm", () => createWasmBackend(options), {
      fallback: createJsBackend,
      mustSupport: isFloat32Call,
      onDecline: (call) => declined.push(call),
    });
  });
}

describe("wasm backend fallbacks", () => {
  it("run the calls on other dtypes on the JS backend", () => {
    const dtypes = new Set(declined.flatMap((call) => call.inputs.map((t) => t.dtype)));
    expect(declined.length).toBeGreaterThan(0);
    expect([...dtypes].sort()).toEqual(["bool", "float64", "int32"]);
    expect(declined.filter(isFloat32Call).map(describeCall)).toEqual([]);
  });
});
