import * as my from "myelin";
import { registerPlaygroundLayers } from "../model/sine-layer.js";
import type { BackendChoice } from "./protocol.js";

/** The backend training runs on, and why it differs from the one asked for. */
export interface Runtime {
  backend: string;
  threads: number;
  note?: string;
  registry: my.Registry;
}

/**
 * Sets Myelin up on the Wasm backend (with threads when the page is
 * cross-origin isolated), or on the JS backend when asked for or when
 * WebAssembly fails to start, then registers the playground's own layer.
 */
export async function startRuntime(choice: BackendChoice, threads: number): Promise<Runtime> {
  let note: string | undefined;
  let result: my.SetupResult;
  if (choice === "js") {
    note = "Training on the JS backend, as the address asks (?backend=js).";
    result = await my.setup({ backend: "js" });
  } else {
    try {
      result = await my.setup({ backend: "wasm", threads });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      note = `WebAssembly did not start (${reason}); training on the JS backend instead.`;
      result = await my.setup({ backend: "js" });
    }
  }
  registerPlaygroundLayers(result.registry);
  // The Wasm backend says why it runs fewer threads than asked (no SharedArrayBuffer).
  const threadNote = (my.getBackend() as { threadNote?: string }).threadNote;
  const running = result.backend === "wasm" && threadNote === undefined ? threads : 1;
  return {
    backend: result.backend,
    threads: running,
    note: note ?? threadNote,
    registry: result.registry,
  };
}
