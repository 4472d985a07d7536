import {
  type Backend,
  type BackendEntry,
  type DType,
  type KernelAttrs,
  type KernelFn,
  type KernelId,
  type TensorInfo,
  REQUIRED_KERNELS,
} from "@myelin/backend";
import { MyelinError, NotImplementedError } from "./errors.js";
import { warnOnce } from "./logger.js";
import { sizeOf } from "./shape.js";
import { makeTensor, Storage, type Tensor, type Variable } from "./tensor.js";

/** Output a kernel will produce: the op works it out before dispatch. */
export interface OutputSpec {
  shape: readonly number[];
  dtype: DType;
}

const entries = new Map<string, BackendEntry>();
const instances = new Map<string, Backend>();
let current: Backend | null = null;
let fallbackName = "js";
const fallbacksUsed = new Map<string, Set<KernelId>>();

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}

function unknownBackend(name: string): MyelinError {
  const known = [...entries.keys()];
  const closest = known.sort((p, q) => editDistance(name, p) - editDistance(name, q))[0];
  const listed = known.length > 0 ? known.map((k) => `"${k}"`).join(", ") : "none";
  return new MyelinError("unknown_backend", `Unknown backend "${name}"; registered: ${listed}.`, {
    hint:
      closest !== undefined && editDistance(name, closest) <= 3
        ? `Did you mean "${closest}"?`
        : "Register it first with registerBackend(), or call setup() from the myelin package.",
  });
}

/**
 * Makes a backend available by name. Registering is always explicit; the
 * highest priority backend is used when none was chosen with setBackend.
 */
export function registerBackend(
  name: string,
  create: () => Backend | Promise<Backend>,
  options: { priority?: number; replace?: boolean } = {},
): void {
  if (entries.has(name) && !options.replace) {
    throw new MyelinError("duplicate_backend", `A backend named "${name}" is already registered.`, {
      hint: "Pass { replace: true } to replace it.",
    });
  }
  entries.set(name, { name, priority: options.priority ?? 0, create });
  if (options.replace) {
    instances.delete(name);
  }
}

/** Names of registered backends, highest priority first. */
export function listBackends(): string[] {
  return [...entries.values()].sort((a, b) => b.priority - a.priority).map((e) => e.name);
}

/** Creates (once) and returns a registered backend. */
export async function initBackend(name: string): Promise<Backend> {
  const ready = instances.get(name);
  if (ready) {
    return ready;
  }
  const entry = entries.get(name);
  if (!entry) {
    throw unknownBackend(name);
  }
  const backend = await entry.create();
  await backend.ready?.();
  instances.set(name, backend);
  return backend;
}

function initBackendSync(name: string): Backend {
  const ready = instances.get(name);
  if (ready) {
    return ready;
  }
  const entry = entries.get(name);
  if (!entry) {
    throw unknownBackend(name);
  }
  const made = entry.create();
  if (made instanceof Promise) {
    throw new MyelinError(
      "backend_not_ready",
      `Backend "${name}" initialises asynchronously and has not been initialised yet.`,
      { hint: `Call \`await setBackend("${name}")\` before using tensors.` },
    );
  }
  instances.set(name, made);
  return made;
}

/** Selects the backend new tensors and ops use. Waits for its setup. */
export async function setBackend(name: string): Promise<Backend> {
  current = await initBackend(name);
  return current;
}

/** The current backend, initialising the highest priority one when none was chosen. */
export function getBackend(): Backend {
  if (current !== null) {
    return current;
  }
  const first = listBackends()[0];
  if (first === undefined) {
    throw new MyelinError("no_backend", "No backend is registered.", {
      hint:
        "Call setup() from the myelin package, or registerBackend('js', createJsBackend) " +
        "from @myelin/backend-js.",
    });
  }
  current = initBackendSync(first);
  return current;
}

/** Chooses the backend that runs kernels the current backend lacks (default "js"). */
export function setFallbackBackend(name: string): void {
  fallbackName = name;
}

/** Kernels that ran on the fallback backend so far, per backend. */
export function fallbackReport(): Record<string, KernelId[]> {
  const report: Record<string, KernelId[]> = {};
  for (const [backend, kernels] of fallbacksUsed) {
    report[backend] = [...kernels].sort();
  }
  return report;
}

/** True when the current backend runs `kernel` itself. */
export function hasKernel(kernel: KernelId): boolean {
  return getBackend().kernels[kernel] !== undefined;
}

function moveToBackend(tensor: Tensor, backend: Backend): void {
  const source = tensor.storage.backend;
  const values = source.read(tensor.storage.dataId, tensor.dtype, tensor.size);
  tensor.swapStorage(new Storage(backend, backend.write(values, tensor.dtype)));
}

function runOnFallback<K extends KernelId>(
  backend: Backend,
  kernel: K,
  inputs: readonly Tensor[],
  outputs: readonly TensorInfo[],
  attrs: KernelAttrs[K],
): void {
  if (backend.name === fallbackName) {
    throw new NotImplementedError(kernel, backend.name);
  }
  const reference = initBackendSync(fallbackName);
  const fn = reference.kernels[kernel] as KernelFn<K> | undefined;
  if (!fn) {
    throw new NotImplementedError(kernel, backend.name, `Backend "${fallbackName}" lacks it too.`);
  }
  let used = fallbacksUsed.get(backend.name);
  if (!used) {
    used = new Set();
    fallbacksUsed.set(backend.name, used);
  }
  if (!used.has(kernel)) {
    used.add(kernel);
    warnOnce(
      `fallback:${backend.name}:${kernel}`,
      `Backend "${backend.name}" has no native ${kernel} for this call; running it on ` +
        `"${fallbackName}" (copies data both ways).`,
    );
  }
  const copied = inputs.map((t) => ({
    ...t.info,
    dataId: reference.write(backend.read(t.storage.dataId, t.dtype, t.size), t.dtype),
  }));
  // Outputs start as copies of their current values, so kernels that update in
  // place (OptimizerStep) see the same data whichever buffer they read.
  const results = outputs.map((o) => ({
    ...o,
    dataId: reference.write(backend.read(o.dataId, o.dtype, o.size), o.dtype),
  }));
  fn({ inputs: copied, outputs: results, attrs });
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i]!;
    const values = reference.read(results[i]!.dataId, out.dtype, out.size);
    const fresh = backend.write(values, out.dtype);
    copyInto(backend, fresh, out);
  }
  copied.forEach((c) => reference.free(c.dataId));
  results.forEach((r) => reference.free(r.dataId));
}

function copyInto(backend: Backend, from: TensorInfo["dataId"], to: TensorInfo): void {
  const copy = backend.kernels.Copy;
  if (copy) {
    copy({ inputs: [{ ...to, dataId: from }], outputs: [to], attrs: {} });
  } else {
    const values = backend.read(to.dataId, to.dtype, to.size);
    values.set(backend.read(from, to.dtype, to.size));
  }
  backend.free(from);
}

function dispatch<K extends KernelId>(
  backend: Backend,
  kernel: K,
  inputs: readonly Tensor[],
  outputs: readonly TensorInfo[],
  attrs: KernelAttrs[K],
): void {
  // Plain loops: this runs for every op, and the array helpers allocate closures.
  const infos: TensorInfo[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    if (input.isDisposed) {
      input.assertAlive(`pass to ${kernel} a`);
    }
    if (input.storage.backend !== backend) {
      moveToBackend(input, backend);
    }
    infos.push(input.info);
  }
  const fn = backend.kernels[kernel] as KernelFn<K> | undefined;
  const accepted = backend.supports === undefined || backend.supports(kernel, infos, attrs);
  if (fn !== undefined && accepted) {
    fn({ inputs: infos, outputs, attrs });
    return;
  }
  runOnFallback(backend, kernel, inputs, outputs, attrs);
}

/**
 * Runs a kernel on the current backend into freshly allocated outputs. The
 * caller (an op) has already validated everything.
 */
export function runKernel<K extends KernelId>(
  kernel: K,
  inputs: readonly Tensor[],
  outputs: readonly OutputSpec[],
  attrs: KernelAttrs[K],
): Tensor[] {
  const backend = getBackend();
  const made: Tensor[] = [];
  const infos: TensorInfo[] = [];
  for (let i = 0; i < outputs.length; i++) {
    const spec = outputs[i]!;
    const size = sizeOf(spec.shape);
    const dataId = backend.alloc(size, spec.dtype);
    const tensor = makeTensor(backend, dataId, spec.shape, spec.dtype, size);
    made.push(tensor);
    infos.push(tensor.info);
  }
  dispatch(backend, kernel, inputs, infos, attrs);
  return made;
}

/** Runs a kernel that writes into existing tensors (variables), in place. */
export function runKernelInPlace<K extends KernelId>(
  kernel: K,
  inputs: readonly Tensor[],
  outputs: readonly Variable[],
  attrs: KernelAttrs[K],
): void {
  const backend = getBackend();
  for (const out of outputs) {
    if (out.storage.backend !== backend) {
      moveToBackend(out, backend);
    }
  }
  const infos: TensorInfo[] = [];
  for (const out of outputs) {
    infos.push(out.info);
  }
  dispatch(backend, kernel, inputs, infos, attrs);
}

/** Copies host values into a new tensor on the current backend. */
export function fromValues(
  values: Float32Array | Float64Array | Int32Array | Uint8Array,
  shape: readonly number[],
  dtype: DType,
): Tensor {
  const backend = getBackend();
  return makeTensor(backend, backend.write(values as never, dtype), shape, dtype, sizeOf(shape));
}

/** Live memory per initialised backend. */
export function memory(): {
  backends: Record<string, ReturnType<Backend["memory"]>>;
  fallbacks: Record<string, KernelId[]>;
} {
  const backends: Record<string, ReturnType<Backend["memory"]>> = {};
  for (const [name, backend] of instances) {
    backends[name] = backend.memory();
  }
  return { backends, fallbacks: fallbackReport() };
}

/** The kernels every backend must have, for capability reports. */
export const requiredKernels = REQUIRED_KERNELS;
