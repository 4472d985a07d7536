import { createRequire } from "node:module";
import path from "node:path";
import { tfjsSubject } from "./tfjs-common.js";

/**
 * TensorFlow.js on its WebAssembly backend (XNNPACK, SIMD). In Node it runs on
 * one thread: the threaded build cannot start workers there.
 */
export const tfjsWasm = tfjsSubject({
  id: "tfjs-wasm",
  library: "@tensorflow/tfjs 4.22.0 + @tensorflow/tfjs-backend-wasm 4.22.0, SIMD, 1 thread",
  backend: "wasm",
  async activate(tf) {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // In Node the .wasm files are read from disk, so the prefix is a directory path.
    const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(path.dirname(entry) + path.sep);
    await tf.setBackend("wasm");
  },
});
