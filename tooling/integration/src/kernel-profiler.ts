import type { Backend, KernelArgs, KernelFn, KernelId, TensorInfo } from "@myelin/backend";

/** Time and call count of one entry of a profile. */
export interface ProfileEntry {
  /** "wasm MatMul", "js alloc", ... or, in detailed profiles, the call's shapes too. */
  name: string;
  calls: number;
  ms: number;
}

/** What {@link KernelProfiler.report} returns. */
export interface ProfileReport {
  /** Kernels, storage calls and `supports`, slowest first. */
  entries: ProfileEntry[];
  /** Sum of every entry. */
  totalMs: number;
}

/** Backend methods the profiler times besides the kernels. */
const STORAGE_METHODS = ["alloc", "write", "read", "free", "supports"] as const;

type Timed = { calls: number; ms: number };

function shapeText(info: TensorInfo): string {
  return `[${info.shape.join(",")}]`;
}

function attrsText(kernel: KernelId, attrs: unknown): string {
  if (attrs === null || typeof attrs !== "object") {
    return "";
  }
  const a = attrs as Record<string, unknown>;
  if (kernel === "MatMul") {
    return `${a.transposeA ? "T" : "N"}${a.transposeB ? "T" : "N"}`;
  }
  if (typeof a.op === "string") {
    return a.op;
  }
  if (kernel === "Reduce" || kernel === "Transpose") {
    return JSON.stringify(a.axes ?? a.perm);
  }
  if (kernel === "OptimizerStep") {
    return String(a.rule);
  }
  return "";
}

/** One line naming a kernel call: its op, attributes and input shapes. */
export function describeCall(
  backend: string,
  kernel: KernelId,
  args: KernelArgs<KernelId>,
): string {
  const shapes = args.inputs.map(shapeText).join(" ");
  const attrs = attrsText(kernel, args.attrs);
  return `${backend} ${kernel}${attrs === "" ? "" : `(${attrs})`} ${shapes}`;
}

/**
 * Wraps every kernel and storage method of some backends with a timer, in
 * place, so the engine's own dispatch goes through the timers. Whatever a
 * step spends outside the entries is engine, autograd and model overhead.
 * Each timed call adds two `performance.now()` reads (well under a
 * microsecond), and `detail` adds a string per call: compare profiles made
 * with the same options.
 *
 * @example
 * const profiler = new KernelProfiler([getBackend()], { detail: true });
 * trainOneStep();
 * profiler.report().entries.slice(0, 5); // the slowest kernels
 * profiler.restore();
 */
export class KernelProfiler {
  private readonly timed = new Map<string, Timed>();
  private readonly undo: (() => void)[] = [];

  constructor(
    backends: readonly Backend[],
    private readonly options: { detail?: boolean } = {},
  ) {
    for (const backend of backends) {
      this.wrapKernels(backend);
      this.wrapStorage(backend);
    }
  }

  private entry(name: string): Timed {
    let found = this.timed.get(name);
    if (found === undefined) {
      found = { calls: 0, ms: 0 };
      this.timed.set(name, found);
    }
    return found;
  }

  private wrapKernels(backend: Backend): void {
    const table = backend.kernels as Record<string, KernelFn<KernelId> | undefined>;
    for (const id of Object.keys(table) as KernelId[]) {
      const original = table[id];
      if (original === undefined) {
        continue;
      }
      const plain = this.entry(`${backend.name} ${id}`);
      const detail = this.options.detail === true;
      table[id] = (args) => {
        const start = performance.now();
        original(args);
        const ms = performance.now() - start;
        const timed = detail ? this.entry(describeCall(backend.name, id, args)) : plain;
        timed.calls++;
        timed.ms += ms;
      };
      this.undo.push(() => {
        table[id] = original;
      });
    }
  }

  private wrapStorage(backend: Backend): void {
    type Method = (...args: unknown[]) => unknown;
    const methods = backend as unknown as Record<string, Method | undefined>;
    for (const method of STORAGE_METHODS) {
      const original = methods[method];
      if (original === undefined) {
        continue;
      }
      const timed = this.entry(`${backend.name} ${method}`);
      methods[method] = (...args: unknown[]) => {
        const start = performance.now();
        const result = original.apply(backend, args);
        timed.ms += performance.now() - start;
        timed.calls++;
        return result;
      };
      this.undo.push(() => {
        methods[method] = original;
      });
    }
  }

  /** Forgets every figure so far (for example after a warm-up). */
  reset(): void {
    for (const timed of this.timed.values()) {
      timed.calls = 0;
      timed.ms = 0;
    }
  }

  /** Entries with at least one call, slowest first. */
  report(): ProfileReport {
    const entries = [...this.timed]
      .filter(([, t]) => t.calls > 0)
      .map(([name, t]) => ({ name, calls: t.calls, ms: t.ms }))
      .sort((a, b) => b.ms - a.ms);
    const totalMs = entries.reduce((sum, e) => sum + e.ms, 0);
    return { entries, totalMs };
  }

  /** Puts the original kernels and methods back. */
  restore(): void {
    this.undo.splice(0).forEach((put) => put());
  }
}
