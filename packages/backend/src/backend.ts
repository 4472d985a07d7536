import type { DataId, DType, DTypeArrays, KernelId, KernelTable, TensorInfo } from "./kernels.js";

/** Live storage held by one backend. */
export interface BackendMemory {
  /** Number of live buffers. */
  buffers: number;
  /** Bytes held by live buffers. */
  bytes: number;
  /** Backend-specific extras (for example the Wasm heap size). */
  [extra: string]: number;
}

/** How a backend covers one kernel, as reported by {@link Backend.capabilities}. */
export interface KernelCapability {
  kernel: KernelId;
  /** native: the backend's own code; composed: built from other kernels; fallback: runs on the JS backend. */
  status: "native" | "composed" | "fallback";
  note?: string;
}

/** A machine-readable description of a backend. */
export interface BackendCapabilities {
  backend: string;
  dtypes: readonly DType[];
  /** True when tensors hold memory that the garbage collector cannot see. */
  explicitMemory: boolean;
  /** Worker threads in use (1 when single-threaded). */
  threads: number;
  simd: boolean;
  kernels: readonly KernelCapability[];
}

/**
 * A compute backend. Storage is opaque: only the backend that wrote a
 * {@link DataId} can read or free it.
 */
export interface Backend {
  readonly name: string;
  /** Kernels this backend implements; see `REQUIRED_KERNELS` and `OPTIONAL_KERNELS`. */
  readonly kernels: KernelTable;
  /** True when storage must be freed explicitly (for example Wasm linear memory). */
  readonly explicitMemory: boolean;

  /**
   * Optional. Lets a backend decline one call of a kernel it has (for example a
   * dtype it does not compute natively); the engine then runs that call on the
   * reference backend. Must be cheap: it runs on every dispatch.
   */
  supports?(kernel: KernelId, inputs: readonly TensorInfo[], attrs: unknown): boolean;

  /** Allocates zeroed storage for `size` elements of `dtype`. */
  alloc(size: number, dtype: DType): DataId;
  /** Allocates storage holding a copy of `values`. */
  write<D extends DType>(values: DTypeArrays[D], dtype: D): DataId;
  /**
   * Returns the values. The array may be a live view (JS backend); callers
   * that keep it or mutate it must copy.
   */
  read<D extends DType>(dataId: DataId, dtype: D, size: number): DTypeArrays[D];
  /** Frees storage. Freeing twice is a no-op. */
  free(dataId: DataId): void;
  memory(): BackendMemory;
  capabilities(): BackendCapabilities;
  /** Optional one-time asynchronous setup (compiling Wasm, starting workers). */
  ready?(): Promise<void>;
  /** Releases every resource (workers, memory). */
  shutdown?(): void;
}

/** A registered backend factory, chosen by priority when none is set. */
export interface BackendEntry {
  name: string;
  priority: number;
  create: () => Backend | Promise<Backend>;
}
