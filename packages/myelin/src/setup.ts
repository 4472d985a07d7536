import { registerActivations } from "@myelin/activations";
import { createJsBackend } from "@myelin/backend-js";
import { registerLayers } from "@myelin/layers";
import { registerLosses } from "@myelin/losses";
import { registerModelPlugins } from "@myelin/model";
import { registerOptimizers } from "@myelin/optimizers";
import { defaultRegistry, type Registry } from "@myelin/registry";
import {
  listBackends,
  MyelinError,
  registerBackend,
  setBackend,
  setSeed,
  ValueError,
} from "@myelin/tensor-core";

/** Options of {@link setup}. */
export interface SetupOptions {
  /** The backend to compute on (default "js"). */
  backend?: "js" | "wasm";
  /** Worker threads of the Wasm backend, the calling thread included (default 1). */
  threads?: number;
  /** The registry to fill with the built-ins (default the process-wide one). */
  registry?: Registry;
  /** Seeds the global generator, so weight initialization and shuffling repeat. */
  seed?: number;
}

/** What {@link setup} chose. */
export interface SetupResult {
  backend: "js" | "wasm";
  registry: Registry;
}

const filled = new WeakSet<Registry>();

/** Registers every built-in once per registry (each package's register throws on repeats). */
function registerBuiltins(registry: Registry): void {
  if (filled.has(registry)) {
    return;
  }
  if (!registry.has("activation", "relu")) {
    registerActivations(registry);
  }
  if (!registry.has("loss", "meanSquaredError")) {
    registerLosses(registry);
  }
  if (!registry.has("optimizer", "sgd")) {
    registerOptimizers(registry);
  }
  registerLayers(registry);
  registerModelPlugins(registry);
  filled.add(registry);
}

/**
 * Makes Myelin ready: registers the JavaScript backend (and the Wasm backend
 * when asked), selects the backend, registers every built-in layer,
 * activation, loss, optimizer, initializer, metric and callback in the
 * registry, and optionally seeds the global generator. Importing `myelin`
 * registers nothing; this call does. Calling it again is safe.
 *
 * @throws ValueError for an unknown backend or a bad thread count.
 * @example
 * import { setup, sequential, layers } from "myelin";
 * await setup({ seed: 42 });
 * const model = sequential([layers.dense({ units: 1, inputShape: [1] })]);
 */
export async function setup(options: SetupOptions = {}): Promise<SetupResult> {
  const backend = options.backend ?? "js";
  if (backend !== "js" && backend !== "wasm") {
    throw new ValueError("setup", `backend is ${JSON.stringify(backend)}`, 'Use "js" or "wasm".');
  }
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ValueError("setup", `threads is ${threads}`, "Pass a positive integer.");
  }
  if (!listBackends().includes("js")) {
    registerBackend("js", createJsBackend, { priority: 1 });
  }
  if (backend === "wasm") {
    await useWasm(threads);
  } else {
    await setBackend("js");
  }
  const registry = options.registry ?? defaultRegistry;
  registerBuiltins(registry);
  if (options.seed !== undefined) {
    setSeed(options.seed);
  }
  return { backend, registry };
}

async function useWasm(threads: number): Promise<void> {
  // Loaded on demand, so JS-only users never compile the Wasm module.
  const { createWasmBackend } = await import("@myelin/backend-wasm");
  if (!listBackends().includes("wasm")) {
    registerBackend("wasm", () => createWasmBackend({ threads }));
  }
  try {
    await setBackend("wasm");
  } catch (error) {
    throw new MyelinError("backend_failed", "setup: the Wasm backend could not start.", {
      hint: 'Use setup({ backend: "js" }), or check that this runtime supports WebAssembly.',
      cause: error,
    });
  }
}
