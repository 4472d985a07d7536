/**
 * The reference pure-JavaScript backend of Myelin: tensors are typed arrays,
 * every kernel of the contract runs natively, and matMul (with the
 * convolutions built on it) uses a packed, register-tiled product.
 */
export { createJsBackend } from "./backend.js";
export type { AnyJsKernel, JsKernel } from "./kernel.js";
export { JS_KERNELS } from "./kernels/index.js";
export { type JsDataId, jsValues } from "./storage.js";
