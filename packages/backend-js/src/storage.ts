import type { DataId, TensorInfo, TypedArray } from "@myelin/backend";

/** Storage handle of the JS backend: a typed array held by reference. */
export interface JsDataId extends DataId {
  readonly backend: "js";
  /** The live values; replaced by an empty array when the buffer is freed. */
  values: TypedArray;
}

/**
 * The live typed array behind a tensor held by the JS backend (no copy).
 *
 * @throws TypeError when the tensor's storage belongs to another backend.
 * @example
 * const backend = createJsBackend();
 * const x = { dataId: backend.write(new Float32Array([1, 2]), "float32"),
 *   shape: [2], dtype: "float32", size: 2 } as const;
 * jsValues(x); // Float32Array [1, 2]
 */
export function jsValues(info: TensorInfo): TypedArray {
  const dataId = info.dataId as Partial<JsDataId>;
  if (dataId.backend !== "js" || dataId.values === undefined) {
    throw new TypeError(
      `jsValues: expected storage made by the "js" backend, found storage of backend ` +
        `"${info.dataId.backend}". Read it through its own backend's read(), or move the ` +
        `tensor to the js backend first.`,
    );
  }
  return dataId.values;
}
