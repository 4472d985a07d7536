import type { KernelFn, KernelId } from "@myelin/backend";

/**
 * A kernel of the JS backend: a plain object naming the kernel id it
 * implements and the function that fills the outputs.
 */
export interface JsKernel<K extends KernelId = KernelId> {
  readonly id: K;
  readonly backendName: "js";
  readonly run: KernelFn<K>;
}

/** Any one of the JS backend's kernels, keeping the link between id and attributes. */
export type AnyJsKernel = { [K in KernelId]: JsKernel<K> }[KernelId];
