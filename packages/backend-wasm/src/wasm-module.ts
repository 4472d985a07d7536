import { SCALAR_WASM, SIMD_THREADS_WASM, SIMD_WASM } from "../build/kernels.js";

/** Which compiled build of the kernels runs. */
export type WasmVariant = "simd" | "scalar" | "simd-threads";

/** The functions the kernel module exports (see assembly/index.ts). */
export interface KernelExports {
  heapBase(): number;
  matmulScratchBytes(): number;
  matmul(
    a: number,
    b: number,
    c: number,
    k: number,
    lda: number,
    ldb: number,
    ldc: number,
    transA: number,
    transB: number,
    accumulate: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    scratch: number,
  ): void;
  unary(op: number, x: number, y: number, n: number): void;
  binary(op: number, a: number, b: number, y: number, n: number, mode: number): void;
  binaryBroadcast(op: number, a: number, b: number, y: number, params: number): void;
  reduce(op: number, x: number, y: number, outer: number, red: number, inner: number): void;
  argReduce(isMin: number, x: number, y: number, outer: number, red: number, inner: number): void;
  softmax(x: number, y: number, rows: number, cols: number, logOutput: number): void;
  stridedCopy(src: number, dst: number, elementBytes: number, params: number): void;
  fill(dst: number, elementBytes: number, n: number, bits: number, value64: number): void;
  gather(
    x: number,
    indices: number,
    y: number,
    elementBytes: number,
    outer: number,
    axisLen: number,
    nIdx: number,
    inner: number,
  ): void;
  scatterAdd(
    updates: number,
    indices: number,
    y: number,
    outer: number,
    axisLen: number,
    nIdx: number,
    inner: number,
  ): void;
  where(cond: number, a: number, b: number, y: number, elementBytes: number, params: number): void;
  cast(x: number, y: number, n: number, from: number, to: number): void;
  im2col(x: number, cols: number, geometry: number, first: number, count: number): void;
  col2im(cols: number, dx: number, geometry: number, first: number, count: number): void;
  addRun(dst: number, src: number, n: number): void;
  pool2d(x: number, y: number, geometry: number, isMax: number): void;
  pool2dBackprop(x: number, dy: number, dx: number, geometry: number, isMax: number): void;
  optimizerStep(
    rule: number,
    w: number,
    g: number,
    s1: number,
    s2: number,
    n: number,
    lr: number,
    h0: number,
    h1: number,
    h2: number,
    h3: number,
    h4: number,
    h5: number,
  ): void;
}

/** Names of the exports a worker thread may be asked to run. */
export const WORKER_FUNCTIONS = ["matmul", "im2col", "col2im"] as const;
export type WorkerFunction = (typeof WORKER_FUNCTIONS)[number];

/** Largest heap of the shared-memory build, in 64 KiB pages (1 GiB). */
export const MAX_SHARED_PAGES = 16384;

/** Largest heap of the single-threaded builds, in 64 KiB pages (4 GiB). */
export const MAX_PAGES = 65536;

// (module (func (result v128) i32.const 0 i8x16.splat))
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b,
]);

/** True when this engine validates Wasm SIMD128. */
export function detectSimd(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

/**
 * True when shared Wasm memory can be made here: SharedArrayBuffer exists and,
 * in a browser, the page is cross-origin isolated.
 */
export function detectSharedMemory(): boolean {
  if (typeof SharedArrayBuffer === "undefined") {
    return false;
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) {
    return false;
  }
  try {
    const probe = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return probe.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) {
    bytes[i] = text.charCodeAt(i);
  }
  return bytes;
}

const compiled = new Map<WasmVariant, Promise<WebAssembly.Module>>();

/** Compiles a variant once per process; later calls share the module. */
export function compileVariant(variant: WasmVariant): Promise<WebAssembly.Module> {
  let module = compiled.get(variant);
  if (module === undefined) {
    const base64 =
      variant === "simd" ? SIMD_WASM : variant === "scalar" ? SCALAR_WASM : SIMD_THREADS_WASM;
    module = WebAssembly.compile(decode(base64));
    compiled.set(variant, module);
  }
  return module;
}

/** Imports every instance gets: the memory and an abort hook the kernels never call. */
export function kernelImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      memory,
      abort: () => {
        throw new Error("wasm backend: a kernel aborted; this is a bug in @myelin/backend-wasm.");
      },
    },
  };
}

/** Instantiates a compiled variant on `memory`. */
export async function instantiate(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, kernelImports(memory));
  return instance.exports as unknown as KernelExports;
}
