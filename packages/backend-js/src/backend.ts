import {
  type Backend,
  type BackendCapabilities,
  type BackendMemory,
  type DataId,
  type DType,
  type DTypeArrays,
  type KernelTable,
  makeTypedArray,
  type TypedArray,
} from "@myelin/backend";

import { JS_KERNELS } from "./kernels/index.js";
import type { JsDataId } from "./storage.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

function kernelTable(): KernelTable {
  const table: Record<string, unknown> = {};
  for (const kernel of JS_KERNELS) {
    table[kernel.id] = kernel.run;
  }
  return table as KernelTable;
}

/**
 * Creates the reference JS backend: tensors are typed arrays the garbage
 * collector owns, and every kernel of the contract runs natively.
 *
 * @example
 * import { registerBackend } from "@myelin/tensor-core";
 * registerBackend("js", createJsBackend, { priority: 1 });
 *
 * // Or drive a kernel directly:
 * const js = createJsBackend();
 * const a = js.write(new Float32Array([1, 2, 3, 4]), "float32");
 * const y = js.alloc(4, "float32");
 * const info = (dataId: typeof a) =>
 *   ({ dataId, shape: [2, 2], dtype: "float32", size: 4 }) as const;
 * js.kernels.MatMul?.({
 *   inputs: [info(a), info(a)],
 *   outputs: [info(y)],
 *   attrs: { transposeA: false, transposeB: false },
 * });
 * js.read(y, "float32", 4); // Float32Array [7, 10, 15, 22]
 */
export function createJsBackend(): Backend {
  let buffers = 0;
  let bytes = 0;
  // Identifies this instance's handles, so freeing another instance's is a no-op.
  const owner = {};
  // Buffers dropped without free() leave the count once they are collected.
  // Registering with a FinalizationRegistry costs microseconds, far more than
  // a small kernel, and most buffers are freed by a scope right after use. So
  // new buffers wait in a nursery; those still live when it fills move to a
  // survivor list, and only those still live when it fills again are
  // registered. memory() registers every live one, so its count then drops
  // as the collector takes them.
  const collected =
    typeof FinalizationRegistry === "undefined"
      ? undefined
      : new FinalizationRegistry<number>((held) => {
          buffers--;
          bytes -= held;
        });
  let nursery: JsBuffer[] = [];
  let survivors: JsBuffer[] = [];
  let nurseryBytes = 0;

  function register(buffer: JsBuffer): void {
    if (buffer.state === YOUNG) {
      buffer.state = REGISTERED;
      collected!.register(buffer, buffer.values.byteLength, buffer);
    }
  }

  function promote(): void {
    survivors.forEach(register);
    survivors = nursery.filter((buffer) => buffer.state === YOUNG);
    nursery = [];
    nurseryBytes = 0;
  }

  function registerAll(): void {
    promote();
    promote();
  }

  function track(values: TypedArray): JsDataId {
    const buffer = new JsBuffer(values, owner);
    buffers++;
    bytes += values.byteLength;
    if (collected === undefined) {
      return buffer;
    }
    if (values.byteLength >= NURSERY_BYTES) {
      register(buffer);
      return buffer;
    }
    nursery.push(buffer);
    nurseryBytes += values.byteLength;
    if (nursery.length >= NURSERY_BUFFERS || nurseryBytes >= NURSERY_BYTES) {
      promote();
    }
    return buffer;
  }

  return {
    name: "js",
    kernels: kernelTable(),
    explicitMemory: false,
    alloc(size: number, dtype: DType): DataId {
      return track(makeTypedArray(dtype, size));
    },
    write<D extends DType>(values: DTypeArrays[D], dtype: D): DataId {
      const copy = makeTypedArray(dtype, values.length);
      copy.set(values);
      return track(copy);
    },
    read<D extends DType>(dataId: DataId, _dtype: D, _size: number): DTypeArrays[D] {
      return (dataId as JsDataId).values as DTypeArrays[D];
    },
    free(dataId: DataId): void {
      const owned = dataId as Partial<JsBuffer>;
      if (owned.owner !== owner || owned.state === FREED) {
        return;
      }
      const buffer = owned as JsBuffer;
      if (buffer.state === REGISTERED) {
        collected!.unregister(buffer);
      }
      buffer.state = FREED;
      buffers--;
      bytes -= buffer.values.byteLength;
      buffer.values = EMPTY[dtypeOf(buffer.values)];
    },
    memory(): BackendMemory {
      if (collected !== undefined) {
        registerAll();
      }
      return { buffers, bytes };
    },
    capabilities(): BackendCapabilities {
      return {
        backend: "js",
        dtypes: DTYPES,
        explicitMemory: false,
        threads: 1,
        simd: false,
        kernels: JS_KERNELS.map((kernel) => ({ kernel: kernel.id, status: "native" })),
      };
    },
  };
}

const YOUNG = 0;
const REGISTERED = 1;
const FREED = 2;
/** Nursery limits: few enough buffers and bytes that holding them briefly costs little. */
const NURSERY_BUFFERS = 1024;
const NURSERY_BYTES = 1 << 22;

/** A buffer of one backend instance, identified by `owner` (an object private to it). */
class JsBuffer implements JsDataId {
  readonly backend = "js";
  state: typeof YOUNG | typeof REGISTERED | typeof FREED = YOUNG;
  constructor(
    public values: TypedArray,
    readonly owner: object,
  ) {}
}

// What a freed handle holds, so a stale read sees no values rather than old ones.
const EMPTY: Readonly<Record<DType, TypedArray>> = {
  float32: new Float32Array(0),
  float64: new Float64Array(0),
  int32: new Int32Array(0),
  bool: new Uint8Array(0),
};

function dtypeOf(values: TypedArray): DType {
  if (values instanceof Float32Array) {
    return "float32";
  }
  if (values instanceof Float64Array) {
    return "float64";
  }
  return values instanceof Int32Array ? "int32" : "bool";
}
