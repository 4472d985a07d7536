import { HeapAllocator } from "./allocator.js";
import { canStartWorkers, ThreadPool } from "./thread-pool.js";
import type { ThreadCall } from "./thread-pool.js";
import {
  compileVariant,
  detectSharedMemory,
  detectSimd,
  instantiate,
  MAX_PAGES,
  MAX_SHARED_PAGES,
} from "./wasm-module.js";
import type { KernelExports, WasmVariant } from "./wasm-module.js";

const PAGE_BYTES = 65536;
const INITIAL_PAGES = 64;

/** i32 slots in the parameter block that kernels read shapes from. */
const PARAM_SLOTS = 1024;

/**
 * Multiply-adds below which a product stays on one thread: handing work to
 * a polling worker costs a few microseconds, more than it saves below this
 * (a 64 x 64 x 64 product takes 15 us on one thread and 9 us on two).
 */
const PARALLEL_MIN_MACS = 1 << 18;

/** What the backend asks of the runtime; it gets fewer threads when they cannot start. */
export interface RuntimeRequest {
  threads: number;
  simd: boolean;
}

/**
 * One Wasm kernel module on its linear memory, with the heap allocator, the
 * parameter block and (optionally) a pool of worker threads sharing the memory.
 */
export class WasmRuntime {
  /** Why fewer threads run than were asked for, if they do. */
  readonly threadNote: string | undefined;
  /** Hands out addresses in linear memory above the module's static data. */
  readonly heap: HeapAllocator;

  private buffer: ArrayBufferLike | undefined;
  private f32View = new Float32Array(0);
  private f64View = new Float64Array(0);
  private i32View = new Int32Array(0);
  private u8View = new Uint8Array(0);
  private readonly paramPtr: number;
  private readonly scratch: number[] = [];

  private constructor(
    readonly exports: KernelExports,
    readonly memory: WebAssembly.Memory,
    readonly variant: WasmVariant,
    private readonly pool: ThreadPool | undefined,
    threadNote: string | undefined,
  ) {
    this.threadNote = threadNote;
    const maxPages = variant === "simd-threads" ? MAX_SHARED_PAGES : MAX_PAGES;
    this.heap = new HeapAllocator(exports.heapBase(), (end) => this.ensure(end, maxPages));
    this.paramPtr = this.heap.alloc(PARAM_SLOTS * 4);
    for (let t = 0; t < this.threads; t++) {
      this.scratch.push(this.heap.alloc(exports.matmulScratchBytes()));
    }
  }

  /** Picks a build, makes the memory and starts worker threads as requested. */
  static async create(request: RuntimeRequest): Promise<WasmRuntime> {
    const simd = request.simd && detectSimd();
    let note: string | undefined;
    let shared = false;
    if (request.threads > 1) {
      if (!simd) {
        note = "threads need the SIMD build, which is unavailable or turned off";
      } else if (!detectSharedMemory()) {
        note = "SharedArrayBuffer is unavailable (a browser page must be cross-origin isolated)";
      } else if (!canStartWorkers()) {
        note = "this runtime has neither worker_threads nor Web Workers";
      } else {
        shared = true;
      }
    }

    const variant: WasmVariant = shared ? "simd-threads" : simd ? "simd" : "scalar";
    const module = await compileVariant(variant);
    const memory = shared
      ? new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_SHARED_PAGES, shared: true })
      : new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
    const exports = await instantiate(module, memory);

    let pool: ThreadPool | undefined;
    if (shared) {
      try {
        pool = await ThreadPool.start(request.threads - 1, module, memory);
      } catch (error) {
        note = `worker threads failed to start (${String(error)})`;
      }
    }
    return new WasmRuntime(exports, memory, variant, pool, note);
  }

  /** Threads that run kernels, the calling one included. */
  get threads(): number {
    return 1 + (this.pool?.size ?? 0);
  }

  get simd(): boolean {
    return this.variant !== "scalar";
  }

  /** Bytes of linear memory. */
  get heapBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** A Float32Array over all of memory; re-read after anything that may grow memory. */
  f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  u8(): Uint8Array {
    this.refresh();
    return this.u8View;
  }

  /**
   * Writes `values` into the parameter block, followed by `scratchSlots`
   * zeroed slots the kernel may use, and returns the block's address.
   */
  params(values: readonly number[], scratchSlots = 0): number {
    if (values.length + scratchSlots > PARAM_SLOTS) {
      throw new Error(
        `wasm backend: ${values.length + scratchSlots} parameters exceed the ` +
          `${PARAM_SLOTS}-slot block; a tensor of rank above 200 is not supported.`,
      );
    }
    const view = this.i32();
    const first = this.paramPtr >> 2;
    for (let i = 0; i < values.length; i++) {
      view[first + i] = values[i]!;
    }
    view.fill(0, first + values.length, first + values.length + scratchSlots);
    return this.paramPtr;
  }

  /**
   * C (+)= op(A) op(B) for one [m, k] x [k, n] product with row strides
   * lda, ldb, ldc (elements). Large products are split by rows (or columns
   * when there are few rows) over the thread pool.
   */
  matmul(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    strides: { lda: number; ldb: number; ldc: number },
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): void {
    const { lda, ldb, ldc } = strides;
    const threads = this.threads;
    if (threads === 1 || m * n * k < PARALLEL_MIN_MACS) {
      // A direct call with plain arguments: V8 compiles it to a fast Wasm call,
      // while a spread call goes through the generic wrapper.
      const scratch = this.scratch[0]!;
      const [tA, tB, acc] = [Number(transA), Number(transB), Number(accumulate)];
      this.exports.matmul(a, b, c, k, lda, ldb, ldc, tA, tB, acc, 0, m, 0, n, scratch);
      return;
    }
    const head = [a, b, c, k, lda, ldb, ldc, +transA, +transB, +accumulate];

    const calls: ThreadCall[] = [];
    if (m >= 4 * threads) {
      const share = Math.ceil(m / threads / 4) * 4;
      for (let i0 = 0, t = 0; i0 < m; i0 += share, t++) {
        const rows = [i0, Math.min(m, i0 + share), 0, n, this.scratch[t]!];
        calls.push({ fn: "matmul", args: [...head, ...rows] });
      }
    } else if (n >= 8 * threads) {
      const share = Math.ceil(n / threads / 8) * 8;
      for (let j0 = 0, t = 0; j0 < n; j0 += share, t++) {
        const cols = [0, m, j0, Math.min(n, j0 + share), this.scratch[t]!];
        calls.push({ fn: "matmul", args: [...head, ...cols] });
      }
    } else {
      this.exports.matmul(...(head as Head), 0, m, 0, n, this.scratch[0]!);
      return;
    }
    this.pool!.run(calls, (call) => this.call(call));
  }

  /** Stops the workers. The memory stays readable until it is dropped. */
  shutdown(): void {
    this.pool?.terminate();
  }

  private call(call: ThreadCall): void {
    const fn = this.exports[call.fn] as (...args: number[]) => void;
    fn(...call.args);
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer === this.buffer && this.u8View.length === buffer.byteLength) {
      return;
    }
    this.buffer = buffer;
    this.f32View = new Float32Array(buffer);
    this.f64View = new Float64Array(buffer);
    this.i32View = new Int32Array(buffer);
    this.u8View = new Uint8Array(buffer);
  }

  private ensure(end: number, maxPages: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) {
      return;
    }
    const havePages = have / PAGE_BYTES;
    const needPages = Math.ceil(end / PAGE_BYTES);
    if (needPages > maxPages) {
      throw new RangeError(
        `wasm backend: out of memory; a buffer would end at ${mib(end)} MiB but the heap ` +
          `is limited to ${mib(maxPages * PAGE_BYTES)} MiB. Free tensors you no longer ` +
          "need (dispose them), or use smaller batches.",
      );
    }
    // Grow by at least half again, so a stream of allocations grows the
    // memory (and detaches its buffer) only a logarithmic number of times.
    const target = Math.min(maxPages, Math.max(needPages, Math.ceil(havePages * 1.5)));
    try {
      this.memory.grow(target - havePages);
    } catch {
      try {
        this.memory.grow(needPages - havePages);
      } catch (cause) {
        throw new RangeError(
          `wasm backend: out of memory; the engine refused to grow the heap from ` +
            `${mib(have)} MiB to ${mib(end)} MiB. Free tensors you no longer need.`,
          { cause },
        );
      }
    }
  }
}

type Head = [number, number, number, number, number, number, number, number, number, number];

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
