import { WORKER_FUNCTIONS } from "./wasm-module.js";
import type { WorkerFunction } from "./wasm-module.js";

/** One call of a kernel export on one thread. */
export interface ThreadCall {
  fn: WorkerFunction;
  args: readonly number[];
}

// Each worker owns a 256-byte slot of the control buffer: five i32 words
// (command sequence, finished sequence, function, argument count, error)
// and, from byte 64, up to 24 float64 arguments.
const SLOT_BYTES = 256;
const SEQ = 0;
const DONE = 1;
const FN = 2;
const ARGC = 3;
const FAILED = 4;
const ARGS_OFFSET = 64;
const MAX_ARGS = 24;
const QUIT = -1;

/** Longest a kernel may keep a worker busy before the caller gives up. */
const WAIT_LIMIT_MS = 120_000;

/**
 * How long a worker keeps polling for the next call before it sleeps, and how
 * long the calling thread polls for the workers' results. A training step
 * issues a threaded kernel every few hundred microseconds, and waking a
 * sleeping thread through the OS costs about as much as a small kernel, so
 * both sides spin briefly first, as OpenMP runtimes and pthreadpool do.
 */
const SPIN_MS = 2;

// The worker body is plain JavaScript so it can start from a string: Node
// evaluates it with `eval: true`, browsers load it from a Blob URL. Between
// calls it polls for SPIN_MS, then blocks in Atomics.wait; no message
// passing on the hot path.
const WORKER_SOURCE = `
"use strict";
const names = ${JSON.stringify(WORKER_FUNCTIONS)};
const isNode = typeof process === "object" && process !== null && !!(process.versions || {}).node;
const port = isNode ? require("node:worker_threads").parentPort : self;
function serve(init) {
  const { module, memory, control, slot } = init;
  const imports = { env: { memory, abort() { throw new Error("kernel abort"); } } };
  const exports = new WebAssembly.Instance(module, imports).exports;
  const ctrl = new Int32Array(control, slot * ${SLOT_BYTES}, ${ARGS_OFFSET / 4});
  const args = new Float64Array(control, slot * ${SLOT_BYTES} + ${ARGS_OFFSET}, ${MAX_ARGS});
  port.postMessage("ready");
  let seen = 0;
  for (;;) {
    const spinUntil = performance.now() + ${SPIN_MS};
    for (let i = 1; Atomics.load(ctrl, ${SEQ}) === seen; i++) {
      if ((i & 1023) === 0 && performance.now() > spinUntil) {
        Atomics.wait(ctrl, ${SEQ}, seen);
        break;
      }
    }
    const seq = Atomics.load(ctrl, ${SEQ});
    if (seq === seen) continue;
    seen = seq;
    const fn = ctrl[${FN}];
    if (fn === ${QUIT}) return;
    try {
      exports[names[fn]](...args.subarray(0, ctrl[${ARGC}]));
    } catch (error) {
      ctrl[${FAILED}] = 1;
    }
    Atomics.store(ctrl, ${DONE}, seq);
    Atomics.notify(ctrl, ${DONE});
  }
}
if (isNode) {
  port.once("message", serve);
} else {
  self.onmessage = (event) => { self.onmessage = null; serve(event.data); };
}
`;

/** The parts of Node's and the browser's Worker that the pool uses. */
interface PoolWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

interface NodeWorkerModule {
  Worker: new (source: string, options: { eval: true }) => PoolWorker & {
    unref(): void;
    once(event: "message" | "error", listener: (value: unknown) => void): void;
  };
}

function nodeWorkerThreads(): NodeWorkerModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:worker_threads") as NodeWorkerModule | undefined;
}

/** True when this runtime can start the pool's workers. */
export function canStartWorkers(): boolean {
  return nodeWorkerThreads() !== undefined || typeof Worker !== "undefined";
}

function startWorker(init: Record<string, unknown>): Promise<PoolWorker> {
  const threads = nodeWorkerThreads();
  return new Promise((resolve, reject) => {
    if (threads !== undefined) {
      const worker = new threads.Worker(WORKER_SOURCE, { eval: true });
      // The pool must never keep a Node process alive.
      worker.unref();
      worker.once("message", () => resolve(worker));
      worker.once("error", reject);
      worker.postMessage(init);
      return;
    }
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    const worker = new Worker(url);
    worker.onmessage = () => {
      URL.revokeObjectURL(url);
      worker.onmessage = null;
      resolve(worker);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(init);
  });
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
function canBlock(probe: Int32Array): boolean {
  try {
    Atomics.wait(probe, 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Worker threads that run kernel exports on a shared Wasm memory. The calling
 * thread takes the first share of every job and blocks until the workers
 * finish, so kernels stay synchronous.
 */
export class ThreadPool {
  private readonly ctrl: Int32Array[];
  private readonly args: Float64Array[];
  private readonly blocking: boolean;
  private closed = false;

  private constructor(private readonly workers: PoolWorker[], control: SharedArrayBuffer) {
    this.ctrl = workers.map((_, i) => new Int32Array(control, i * SLOT_BYTES, ARGS_OFFSET / 4));
    this.args = workers.map(
      (_, i) => new Float64Array(control, i * SLOT_BYTES + ARGS_OFFSET, MAX_ARGS),
    );
    this.blocking = canBlock(new Int32Array(new SharedArrayBuffer(4)));
  }

  /** Starts `workers` threads, each with its own instance of `module` on `memory`. */
  static async start(
    workers: number,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
  ): Promise<ThreadPool> {
    const control = new SharedArrayBuffer(workers * SLOT_BYTES);
    const started = await Promise.all(
      Array.from({ length: workers }, (_, slot) => startWorker({ module, memory, control, slot })),
    );
    return new ThreadPool(started, control);
  }

  /** Number of worker threads (the calling thread not included). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs calls[0] on this thread through `runHere` and calls[1...] on the
   * workers, and returns when all have finished.
   */
  run(calls: readonly ThreadCall[], runHere: (call: ThreadCall) => void): void {
    if (this.closed) {
      throw new Error("wasm backend: the thread pool was shut down; create a new backend.");
    }
    if (calls.length - 1 > this.workers.length) {
      throw new Error(
        `wasm backend: ${calls.length} thread calls for ${this.workers.length + 1} threads.`,
      );
    }
    const sequences: number[] = [];
    for (let w = 0; w < calls.length - 1; w++) {
      sequences.push(this.post(w, calls[w + 1]!));
    }

    let failure: unknown;
    try {
      runHere(calls[0]!);
    } catch (error) {
      failure = error;
    }
    for (let w = 0; w < sequences.length; w++) {
      this.await(w, sequences[w]!);
    }
    if (failure !== undefined) {
      throw failure;
    }
    const failed = sequences.findIndex((_, w) => Atomics.exchange(this.ctrl[w]!, FAILED, 0) !== 0);
    if (failed >= 0) {
      throw new Error(`wasm backend: ${calls[failed + 1]!.fn} failed in worker ${failed + 1}.`);
    }
  }

  /** Stops every worker. */
  terminate(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (let w = 0; w < this.workers.length; w++) {
      const ctrl = this.ctrl[w]!;
      ctrl[FN] = QUIT;
      Atomics.add(ctrl, SEQ, 1);
      Atomics.notify(ctrl, SEQ);
      void this.workers[w]!.terminate();
    }
  }

  private post(w: number, call: ThreadCall): number {
    if (call.args.length > MAX_ARGS) {
      throw new Error(`wasm backend: ${call.fn} has more than ${MAX_ARGS} arguments.`);
    }
    const ctrl = this.ctrl[w]!;
    this.args[w]!.set(call.args);
    ctrl[FN] = WORKER_FUNCTIONS.indexOf(call.fn);
    ctrl[ARGC] = call.args.length;
    const seq = Atomics.add(ctrl, SEQ, 1) + 1;
    Atomics.notify(ctrl, SEQ);
    return seq;
  }

  private await(w: number, seq: number): void {
    const ctrl = this.ctrl[w]!;
    const spinUntil = performance.now() + SPIN_MS;
    for (let i = 1; Atomics.load(ctrl, DONE) !== seq; i++) {
      if ((i & 1023) === 0 && performance.now() > spinUntil) {
        break;
      }
    }
    const deadline = performance.now() + WAIT_LIMIT_MS;
    for (;;) {
      const done = Atomics.load(ctrl, DONE);
      if (done === seq) {
        return;
      }
      if (performance.now() > deadline) {
        throw new Error(
          `wasm backend: worker ${w + 1} did not finish within ${WAIT_LIMIT_MS / 1000} s.`,
        );
      }
      if (this.blocking) {
        Atomics.wait(ctrl, DONE, done, 1000);
      }
    }
  }
}
