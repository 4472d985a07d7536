export { createWasmBackend } from "./backend.js";
export type { WasmBackend, WasmBackendOptions } from "./backend.js";
export type { WasmDataId } from "./kernels/kernel.js";
export { detectSharedMemory, detectSimd } from "./wasm-module.js";
export type { WasmVariant } from "./wasm-module.js";
