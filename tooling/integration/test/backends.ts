// Registers both backends once per test file; tests switch with setBackend.
import { createJsBackend } from "@myelin/backend-js";
import { createWasmBackend } from "@myelin/backend-wasm";
import { listBackends, registerBackend } from "@myelin/tensor-core";

/** Registers "js" and "wasm" (one thread) unless already there. */
export function registerBothBackends(): void {
  if (!listBackends().includes("js")) {
    registerBackend("js", createJsBackend, { priority: 1 });
  }
  if (!listBackends().includes("wasm")) {
    registerBackend("wasm", () => createWasmBackend({ threads: 1 }));
  }
}
