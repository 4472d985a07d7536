// The Wasm kernel module. It owns no heap: the host allocates every buffer
// (tensors and scratch) in linear memory above heapBase() and passes
// addresses, so one module instance per thread can share one memory.

export { matmul, matmulScratchBytes } from "./matmul";
export { unary, binary, binaryBroadcast } from "./elementwise";
export { reduce, argReduce, softmax } from "./reduce";
export { stridedCopy, fill, gather, scatterAdd, where, cast } from "./movement";
export { im2col, col2im, addRun } from "./conv";
export { pool2d, pool2dBackprop } from "./pool";
export { optimizerStep } from "./optimizer";

/** First address past the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
