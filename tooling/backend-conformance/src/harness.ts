import {
  type Backend,
  type DataId,
  type DType,
  type KernelAttrs,
  type KernelFn,
  type KernelId,
  makeTypedArray,
  type TensorInfo,
  type TypedArray,
} from "@myelin/backend";

/** A tensor on the host: values in the dtype's typed array, row-major. */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: TypedArray;
}

/**
 * An output to allocate (zeroed, or holding `initial`), or `{ alias }` to
 * write into the storage of input `alias`.
 */
export type OutputSpec =
  | { readonly shape: readonly number[]; readonly dtype: DType; readonly initial?: TypedArray }
  | { readonly alias: number };

/** Number of elements in a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A host tensor holding `values` converted to the dtype's storage (rounded to float32, etc.). */
export function host(
  shape: readonly number[],
  dtype: DType,
  values: ArrayLike<number>,
): HostTensor {
  const stored = makeTypedArray(dtype, sizeOf(shape));
  if (values.length !== stored.length) {
    throw new Error(
      `host: shape [${shape.join(", ")}] holds ${stored.length} values, got ${values.length}.`,
    );
  }
  for (let i = 0; i < stored.length; i++) {
    stored[i] = dtype === "bool" ? (values[i] !== 0 ? 1 : 0) : values[i]!;
  }
  return { shape, dtype, values: stored };
}

/** Thrown when a backend lacks a kernel the suite was asked to check. */
export class MissingKernelError extends Error {
  constructor(backend: string, kernel: KernelId) {
    super(
      `Backend "${backend}" has no ${kernel} kernel. Implement it, or list it in the ` +
        `conformance setup's knownGaps with the reason (for example "composed by the core").`,
    );
    this.name = "MissingKernelError";
  }
}

/**
 * Runs one kernel the way the tensor core does: inputs written to the
 * backend, outputs allocated zeroed (or aliased to an input's storage),
 * then every output read back as a copy and all storage freed.
 */
export function runKernel<K extends KernelId>(
  backend: Backend,
  kernel: K,
  inputs: readonly HostTensor[],
  outputs: readonly OutputSpec[],
  attrs: KernelAttrs[K],
): TypedArray[] {
  const fn = backend.kernels[kernel] as KernelFn<K> | undefined;
  if (fn === undefined) {
    throw new MissingKernelError(backend.name, kernel);
  }
  const owned: DataId[] = [];
  const inputInfos = inputs.map((t): TensorInfo => {
    const dataId = backend.write(t.values, t.dtype);
    owned.push(dataId);
    return { dataId, shape: t.shape, dtype: t.dtype, size: sizeOf(t.shape) };
  });
  const outputInfos = outputs.map((spec): TensorInfo => {
    if ("alias" in spec) {
      return inputInfos[spec.alias]!;
    }
    const size = sizeOf(spec.shape);
    const dataId =
      spec.initial === undefined
        ? backend.alloc(size, spec.dtype)
        : backend.write(spec.initial, spec.dtype);
    owned.push(dataId);
    return { dataId, shape: spec.shape, dtype: spec.dtype, size };
  });
  try {
    fn({ inputs: inputInfos, outputs: outputInfos, attrs });
    return outputInfos.map((info) => backend.read(info.dataId, info.dtype, info.size).slice());
  } finally {
    owned.forEach((dataId) => backend.free(dataId));
  }
}

/** Accepted error, relative to max(1, |expected|), for each dtype. */
export interface Tolerances {
  float32: number;
  float64: number;
}

/** True when actual matches expected within tolerance; NaN matches NaN, infinities must agree. */
export function close(actual: number, expected: number, tolerance: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) {
    return Number.isNaN(expected) && Number.isNaN(actual);
  }
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) {
    return actual === expected;
  }
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

/**
 * Throws, naming the first mismatching element, unless `actual` matches
 * `expected` (int32 and bool exactly, floats within the dtype's tolerance).
 */
export function expectValues(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  dtype: DType,
  tolerances: Tolerances,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: expected ${expected.length} values, got ${actual.length}.`);
  }
  const tolerance =
    dtype === "float32" ? tolerances.float32 : dtype === "float64" ? tolerances.float64 : 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    // Round the reference to float32 as storing it would (overflow included).
    const e = dtype === "float32" ? Math.fround(expected[i]!) : expected[i]!;
    if (!close(a, e, tolerance)) {
      const shown = Array.from(actual).slice(0, 12).join(", ");
      throw new Error(
        `${label}: element ${i} is ${a}, expected ${e} (${dtype}, tolerance ${tolerance}). ` +
          `Output starts [${shown}${actual.length > 12 ? ", ..." : ""}].`,
      );
    }
  }
}
