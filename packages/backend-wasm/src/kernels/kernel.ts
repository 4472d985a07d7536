import { BYTES_PER_ELEMENT } from "@myelin/backend";
import type { DataId, DType, KernelAttrs, KernelFn, KernelId, TensorInfo } from "@myelin/backend";
import type { WasmRuntime } from "../runtime.js";

/** Storage of one tensor in Wasm linear memory. */
export interface WasmDataId extends DataId {
  readonly backend: "wasm";
  /** Byte address of the first element. */
  readonly ptr: number;
  /** Bytes requested for the tensor (size x bytes per element). */
  readonly bytes: number;
}

/**
 * One kernel of the Wasm backend: `setup` binds the Wasm exports once per
 * backend and returns the function the engine calls.
 */
export interface WasmKernel<K extends KernelId> {
  readonly id: K;
  /** Capability note: what runs natively and what is declined. */
  readonly note: string;
  /** Which calls run natively; the engine runs the others on the JS backend. */
  supports?(inputs: readonly TensorInfo[], attrs: KernelAttrs[K]): boolean;
  /**
   * True when the kernel writes every element of every output (or zeroes them
   * itself), so the backend may skip zeroing freshly allocated outputs.
   */
  readonly writesAllOutputs?: boolean;
  setup(runtime: WasmRuntime): KernelFn<K>;
}

/** The byte address of a tensor's storage. */
export function ptr(info: TensorInfo): number {
  const id = info.dataId as Partial<WasmDataId>;
  if (id.backend !== "wasm" || id.ptr === undefined) {
    throw new Error(
      `wasm backend: a kernel received storage of the "${info.dataId.backend}" backend; ` +
        "the engine must copy tensors into the wasm backend before dispatching to it.",
    );
  }
  return id.ptr;
}

/** Bytes per element of a dtype. */
export function elementBytes(dtype: DType): number {
  return BYTES_PER_ELEMENT[dtype];
}

/** True when every input has the given dtype. */
export function allOf(inputs: readonly TensorInfo[], dtype: DType): boolean {
  return inputs.every((t) => t.dtype === dtype);
}
