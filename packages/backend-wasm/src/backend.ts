import { BYTES_PER_ELEMENT, OPTIONAL_KERNELS, REQUIRED_KERNELS } from "@myelin/backend";
import type {
  Backend,
  BackendCapabilities,
  BackendMemory,
  DataId,
  DType,
  DTypeArrays,
  KernelArgs,
  KernelCapability,
  KernelId,
  KernelTable,
  TensorInfo,
  TypedArray,
} from "@myelin/backend";
import { WASM_KERNELS } from "./kernels/index.js";
import type { WasmDataId, WasmKernel } from "./kernels/kernel.js";
import { WasmRuntime } from "./runtime.js";
import type { WasmVariant } from "./wasm-module.js";

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Threads for large matmuls and convolutions, the calling thread included
   * (default 1). More than one needs SharedArrayBuffer: Node, or a
   * cross-origin isolated page; otherwise the backend runs on one thread.
   */
  threads?: number;
  /** Use the SIMD128 build when the engine validates it (default true). */
  simd?: boolean;
}

/** The Wasm backend, with what it found at start-up. */
export interface WasmBackend extends Backend {
  /** The compiled build in use. */
  readonly variant: WasmVariant;
  /** Why fewer threads run than were asked for; undefined when all started. */
  readonly threadNote: string | undefined;
  /** Terminates the worker threads; the backend must not be used afterwards. */
  shutdown(): void;
}

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/**
 * Live storage. `alloc` promises zeros, but most outputs are overwritten at
 * once, so a reused block is zeroed only when something would see its old
 * contents: a read, a kernel that takes it as an input, or a kernel that does
 * not write all of its outputs.
 */
interface LiveId extends WasmDataId {
  unzeroed: boolean;
}

function ownId(dataId: DataId, action: string): WasmDataId {
  if (dataId.backend !== "wasm") {
    throw new Error(
      `wasm backend: cannot ${action} storage of the "${dataId.backend}" backend; ` +
        "only the backend that allocated a tensor can use its storage.",
    );
  }
  return dataId as WasmDataId;
}

/** A view of `size` elements of `dtype` at byte address `ptr` (64-byte aligned). */
function viewOf(buffer: ArrayBufferLike, dtype: DType, ptr: number, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(buffer, ptr, size);
    case "float64":
      return new Float64Array(buffer, ptr, size);
    case "int32":
      return new Int32Array(buffer, ptr, size);
    default:
      return new Uint8Array(buffer, ptr, size);
  }
}

/**
 * Creates the WebAssembly backend: float32 kernels in SIMD128 AssemblyScript,
 * tensors in Wasm linear memory (free them explicitly), optional worker threads.
 *
 * @param options - `threads` (default 1) and `simd` (default true).
 * @returns a ready backend named "wasm".
 * @throws RangeError when `threads` is not a positive integer.
 * @example
 * ```ts
 * import { createWasmBackend } from "@myelin/backend-wasm";
 *
 * const backend = await createWasmBackend({ threads: 2 });
 * const x = backend.write(new Float32Array([1, -2, 3]), "float32");
 * const y = backend.alloc(3, "float32");
 * const info = (dataId: typeof x) => ({ dataId, shape: [3], dtype: "float32" as const, size: 3 });
 * backend.kernels.Unary!({ inputs: [info(x)], outputs: [info(y)], attrs: { op: "relu" } });
 * backend.read(y, "float32", 3); // Float32Array [1, 0, 3]
 * backend.free(x);
 * backend.free(y);
 * backend.shutdown?.();
 * ```
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(
      `createWasmBackend: threads must be a positive integer; it was ${String(threads)}. ` +
        "Use 1 for no workers, or for example navigator.hardwareConcurrency.",
    );
  }
  const runtime = await WasmRuntime.create({ threads, simd: options.simd ?? true });

  const zeroNow = (id: LiveId): void => {
    id.unzeroed = false;
    runtime.u8().fill(0, id.ptr, id.ptr + id.bytes);
  };

  const kernels: Record<string, unknown> = {};
  const definitions = new Map<KernelId, WasmKernel<KernelId>>();
  for (const kernel of WASM_KERNELS) {
    const run = kernel.setup(runtime);
    const writesAll = kernel.writesAllOutputs === true;
    kernels[kernel.id] = (args: KernelArgs<KernelId>) => {
      for (let i = 0; i < args.inputs.length; i++) {
        const id = args.inputs[i]!.dataId as LiveId;
        if (id.unzeroed) {
          zeroNow(id);
        }
      }
      for (let i = 0; i < args.outputs.length; i++) {
        const id = args.outputs[i]!.dataId as LiveId;
        if (id.unzeroed) {
          if (writesAll) {
            id.unzeroed = false;
          } else {
            zeroNow(id);
          }
        }
      }
      run(args);
    };
    definitions.set(kernel.id, kernel);
  }

  const live = new Map<number, LiveId>();
  let liveBytes = 0;

  const allocate = (size: number, dtype: DType, unzeroed: boolean): LiveId => {
    const bytes = size * BYTES_PER_ELEMENT[dtype];
    const id: LiveId = { backend: "wasm", ptr: runtime.heap.alloc(bytes), bytes, unzeroed };
    live.set(id.ptr, id);
    liveBytes += bytes;
    return id;
  };

  const liveId = (dataId: DataId, action: string): LiveId => {
    const id = ownId(dataId, action) as LiveId;
    if (live.get(id.ptr) !== id) {
      throw new Error(
        `wasm backend: cannot ${action} a tensor whose storage was already freed ` +
          "(disposed). Keep the tensor alive until you are done with it.",
      );
    }
    return id;
  };

  const capabilityOf = (kernel: KernelId): KernelCapability => {
    const definition = definitions.get(kernel);
    if (definition === undefined) {
      return { kernel, status: "fallback", note: "no Wasm kernel; runs on the JS backend" };
    }
    const declines = definition.supports !== undefined;
    const rest = declines ? "; other dtypes run on the JS backend" : "";
    return { kernel, status: "native", note: definition.note + rest };
  };

  return {
    name: "wasm",
    kernels: kernels as KernelTable,
    explicitMemory: true,
    variant: runtime.variant,
    threadNote: runtime.threadNote,

    supports(kernel: KernelId, inputs: readonly TensorInfo[], attrs: unknown): boolean {
      const definition = definitions.get(kernel);
      if (definition === undefined) {
        return false;
      }
      return definition.supports?.(inputs, attrs as never) ?? true;
    },

    alloc(size: number, dtype: DType): DataId {
      // Reused blocks hold old data: zeroed before anything can see it (see LiveId).
      return allocate(size, dtype, size > 0);
    },

    write<D extends DType>(values: DTypeArrays[D], dtype: D): DataId {
      const id = allocate(values.length, dtype, false);
      // A view of memory in the values' own type: reading `values.buffer` would
      // move a small typed array off the V8 heap, which costs more than the copy.
      switch (dtype) {
        case "float32":
          runtime.f32().set(values as Float32Array, id.ptr >> 2);
          break;
        case "float64":
          runtime.f64().set(values as Float64Array, id.ptr >> 3);
          break;
        case "int32":
          runtime.i32().set(values as Int32Array, id.ptr >> 2);
          break;
        default:
          runtime.u8().set(values as Uint8Array, id.ptr);
      }
      return id;
    },

    read<D extends DType>(dataId: DataId, dtype: D, size: number): DTypeArrays[D] {
      const id = liveId(dataId, "read");
      if (id.unzeroed) {
        zeroNow(id);
      }
      const view = viewOf(runtime.memory.buffer, dtype, id.ptr, size);
      return view.slice() as DTypeArrays[D];
    },

    free(dataId: DataId): void {
      const id = ownId(dataId, "free");
      if (live.get(id.ptr) !== id) {
        return;
      }
      live.delete(id.ptr);
      liveBytes -= id.bytes;
      runtime.heap.release(id.ptr);
    },

    memory(): BackendMemory {
      const stats = runtime.heap.stats();
      return {
        buffers: live.size,
        bytes: liveBytes,
        heapBytes: runtime.heapBytes,
        reservedBytes: stats.reservedBytes,
        freeBytes: stats.freeBytes,
      };
    },

    capabilities(): BackendCapabilities {
      return {
        backend: "wasm",
        dtypes: DTYPES,
        explicitMemory: true,
        threads: runtime.threads,
        simd: runtime.simd,
        kernels: [...REQUIRED_KERNELS, ...OPTIONAL_KERNELS].map(capabilityOf),
      };
    },

    shutdown(): void {
      runtime.shutdown();
    },
  };
}
