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
  const live = new WeakSet<JsDataId>();
  // Buffers dropped without free() leave the count once they are collected.
  const collected =
    typeof FinalizationRegistry === "undefined"
      ? undefined
      : new FinalizationRegistry<number>((held) => {
          buffers--;
          bytes -= held;
        });

  function track(values: TypedArray): JsDataId {
    const dataId: JsDataId = { backend: "js", values };
    live.add(dataId);
    buffers++;
    bytes += values.byteLength;
    collected?.register(dataId, values.byteLength, dataId);
    return dataId;
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
      const owned = dataId as JsDataId;
      if (!live.delete(owned)) {
        return;
      }
      collected?.unregister(owned);
      buffers--;
      bytes -= owned.values.byteLength;
      owned.values = EMPTY[dtypeOf(owned.values)];
    },
    memory(): BackendMemory {
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
