import {
  type Backend,
  type DataId,
  type DType,
  type KernelArgs,
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

/** One call that a backend declined through `supports()`. */
export interface DeclinedCall {
  readonly kernel: KernelId;
  readonly inputs: readonly TensorInfo[];
  readonly attrs: unknown;
}

/** How {@link runKernel} treats calls that the backend declines through `supports()`. */
export interface FallbackOptions {
  /**
   * Runs declined calls, as the engine's fallback backend does. Without it a
   * declined call throws.
   */
  readonly fallback?: Backend;
  /** Calls the backend must run itself: declining one of them throws. */
  readonly mustSupport?: (call: DeclinedCall) => boolean;
  /** Sees every declined call (after the checks above). */
  readonly onDecline?: (call: DeclinedCall) => void;
}

/** One line naming a call: kernel, input dtypes and attributes. */
export function describeCall(call: DeclinedCall): string {
  const dtypes = call.inputs.map((t) => t.dtype).join(", ");
  return `${call.kernel}(${dtypes}) ${JSON.stringify(call.attrs)}`;
}

/**
 * Runs a call on the fallback backend the way the engine does: the inputs and
 * the outputs' current values (outputs may alias inputs) are copied across,
 * the kernel runs there, and its outputs are copied back into the primary
 * backend's storage through the primary's own Copy kernel.
 */
function runOnFallback<K extends KernelId>(
  primary: Backend,
  fallback: Backend,
  kernel: K,
  args: KernelArgs<K>,
): void {
  const fn = fallback.kernels[kernel] as KernelFn<K> | undefined;
  if (fn === undefined) {
    throw new MissingKernelError(fallback.name, kernel);
  }
  const copies = new Map<DataId, DataId>();
  const moved = (t: TensorInfo): TensorInfo => {
    let id = copies.get(t.dataId);
    if (id === undefined) {
      id = fallback.write(primary.read(t.dataId, t.dtype, t.size), t.dtype);
      copies.set(t.dataId, id);
    }
    return { ...t, dataId: id };
  };
  const inputs = args.inputs.map(moved);
  const outputs = args.outputs.map(moved);
  try {
    fn({ inputs, outputs, attrs: args.attrs });
    args.outputs.forEach((out, i) => {
      const values = fallback.read(outputs[i]!.dataId, out.dtype, out.size);
      const staged = primary.write(values, out.dtype);
      try {
        const copy = primary.kernels.Copy!;
        copy({ inputs: [{ ...out, dataId: staged }], outputs: [out], attrs: {} });
      } finally {
        primary.free(staged);
      }
    });
  } finally {
    copies.forEach((id) => fallback.free(id));
  }
}

/**
 * Runs one kernel the way the tensor core does: inputs written to the
 * backend, outputs allocated zeroed (or aliased to an input's storage),
 * then every output read back as a copy and all storage freed. A call the
 * backend declines through `supports()` runs on `options.fallback`, as the
 * engine would run it.
 *
 * @throws MissingKernelError when the backend lacks the kernel.
 * @throws Error when the backend declines the call and there is no fallback,
 *   or when `options.mustSupport` says it must not decline it.
 */
export function runKernel<K extends KernelId>(
  backend: Backend,
  kernel: K,
  inputs: readonly HostTensor[],
  outputs: readonly OutputSpec[],
  attrs: KernelAttrs[K],
  options: FallbackOptions = {},
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
    const args: KernelArgs<K> = { inputs: inputInfos, outputs: outputInfos, attrs };
    if (backend.supports === undefined || backend.supports(kernel, inputInfos, attrs)) {
      fn(args);
    } else {
      declined(backend, { kernel, inputs: inputInfos, attrs }, options);
      runOnFallback(backend, options.fallback!, kernel, args);
    }
    return outputInfos.map((info) => backend.read(info.dataId, info.dtype, info.size).slice());
  } finally {
    owned.forEach((dataId) => backend.free(dataId));
  }
}

function declined(backend: Backend, call: DeclinedCall, options: FallbackOptions): void {
  if (options.mustSupport?.(call) === true) {
    throw new Error(
      `Backend "${backend.name}" declined ${describeCall(call)} through supports(), but ` +
        "calls like this must run natively. Fix supports() or the kernel, or narrow mustSupport.",
    );
  }
  if (options.fallback === undefined) {
    throw new Error(
      `Backend "${backend.name}" declined ${describeCall(call)} through supports(), and ` +
        "the conformance setup names no fallback backend to run it. Pass fallback (the engine " +
        "uses the JS backend).",
    );
  }
  options.onDecline?.(call);
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
