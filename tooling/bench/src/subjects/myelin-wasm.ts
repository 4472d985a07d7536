import type { Backend } from "@myelin/backend";
import {
  exportsCheck,
  kernelSubject,
  myelinSubject,
  opSubject,
  type BackendSubjectOptions,
} from "./myelin-common.js";
import type { Subject } from "./types.js";

/** Worker threads a Wasm configuration runs with. */
export type WasmThreads = 1 | 2;

const suffix = (threads: WasmThreads) => (threads === 1 ? "" : `-${threads}t`);

/** Myelin's Keras-style models on the WebAssembly backend. */
export function myelinWasm(threads: WasmThreads): Subject {
  return myelinSubject({
    id: `myelin-wasm${suffix(threads)}`,
    library: `myelin (workspace source), setup({ backend: "wasm", threads: ${threads} })`,
    setup: { backend: "wasm", threads },
  });
}

function wasm(threads: WasmThreads, id: string, library: string): BackendSubjectOptions {
  return {
    id,
    library,
    async create() {
      const module: unknown = await import("@myelin/backend-wasm");
      const ready = exportsCheck("@myelin/backend-wasm", module, ["createWasmBackend"]);
      if (ready !== true) {
        return ready;
      }
      const factory = module as {
        createWasmBackend(options: { threads: number }): Backend | Promise<Backend>;
      };
      return factory.createWasmBackend({ threads });
    },
    check(backend) {
      const reported = backend.capabilities().threads;
      return reported === threads
        ? true
        : `createWasmBackend({ threads: ${threads} }) reports ${reported} thread(s)`;
    },
  };
}

/** The public matMul op of the tensor core on the WebAssembly backend. */
export function myelinWasmOp(threads: WasmThreads): Subject {
  const id = `myelin-wasm${suffix(threads)}-op`;
  const library = `@myelin/tensor-core matMul on createWasmBackend({ threads: ${threads} })`;
  return opSubject(wasm(threads, id, library));
}

/** The WebAssembly backend's MatMul kernel, called directly. */
export function myelinWasmKernel(threads: WasmThreads): Subject {
  const id = `myelin-wasm${suffix(threads)}-kernel`;
  const library = `@myelin/backend-wasm createWasmBackend({ threads: ${threads} }), MatMul kernel`;
  return kernelSubject(wasm(threads, id, library));
}
