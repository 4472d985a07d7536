// Matmul throughput of the Wasm backend, copies in and out included.
//
//   pnpm exec tsx scripts/bench-matmul.ts [--sizes 128,256] [--threads 1,2] [--tfjs]
//
// Each measurement writes A and B into the backend, runs MatMul, reads C back
// and frees everything. GFLOP/s = 2 N^3 / time, for the median and the
// fastest of several batches, after a warm-up (V8 first runs new Wasm in its
// baseline compiler).
// --tfjs adds @tensorflow/tfjs-backend-wasm on the same shapes, when it can be
// imported (it is not a dependency of this package).
import type { Backend, KernelAttrs, TensorInfo } from "@myelin/backend";
import { createWasmBackend } from "../src/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const sizes = option("--sizes", "128,256,512,1024").split(",").map(Number);
const threadCounts = option("--threads", "1,2").split(",").map(Number);
const withTfjs = args.includes("--tfjs");

/** Seconds of timed work per batch, and batches per measurement. */
const BATCH_SECONDS = 0.15;
const BATCHES = 7;

const VARIANTS: { name: string; attrs: KernelAttrs["MatMul"] }[] = [
  { name: "plain", attrs: { transposeA: false, transposeB: false } },
  { name: "transposeA", attrs: { transposeA: true, transposeB: false } },
  { name: "transposeB", attrs: { transposeA: false, transposeB: true } },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Seconds per call of each function (median and fastest batch), after warming
 * each up. Batches of the functions alternate, so all see the same load.
 */
function timeInterleaved(fns: readonly (() => void)[]): { median: number; best: number }[] {
  const reps = fns.map((fn) => {
    const warmStart = performance.now();
    let warmups = 0;
    while (warmups < 3 || performance.now() - warmStart < 100) {
      fn();
      warmups++;
    }
    const perCall = (performance.now() - warmStart) / 1000 / warmups;
    return Math.max(1, Math.round(BATCH_SECONDS / perCall));
  });
  const samples: number[][] = fns.map(() => []);
  for (let b = 0; b < BATCHES; b++) {
    fns.forEach((fn, i) => {
      const start = performance.now();
      for (let r = 0; r < reps[i]!; r++) {
        fn();
      }
      samples[i]!.push((performance.now() - start) / 1000 / reps[i]!);
    });
  }
  return samples.map((times) => ({ median: median(times), best: Math.min(...times) }));
}

function randomMatrix(n: number): Float32Array {
  const values = new Float32Array(n * n);
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.random() - 0.5;
  }
  return values;
}

function matmulOnce(
  backend: Backend,
  n: number,
  a: Float32Array,
  b: Float32Array,
  attrs: KernelAttrs["MatMul"],
) {
  const shape = [n, n];
  const info = (dataId: TensorInfo["dataId"]): TensorInfo => ({
    dataId,
    shape,
    dtype: "float32",
    size: n * n,
  });
  const ia = backend.write(a, "float32");
  const ib = backend.write(b, "float32");
  const iy = backend.alloc(n * n, "float32");
  backend.kernels.MatMul!({ inputs: [info(ia), info(ib)], outputs: [info(iy)], attrs });
  const result = backend.read(iy, "float32", n * n);
  backend.free(ia);
  backend.free(ib);
  backend.free(iy);
  return result;
}

interface TfLike {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor2d(values: Float32Array, shape: [number, number]): { dispose(): void };
  matMul(
    a: unknown,
    b: unknown,
    transposeA?: boolean,
    transposeB?: boolean,
  ): {
    dataSync(): Float32Array;
    dispose(): void;
  };
}

async function loadTfjs(): Promise<TfLike | undefined> {
  try {
    const tf = (await import("@tensorflow/tfjs" as string)) as TfLike;
    await import("@tensorflow/tfjs-backend-wasm" as string);
    await tf.setBackend("wasm");
    await tf.ready();
    return tf;
  } catch (error) {
    console.log(`(tfjs-backend-wasm unavailable: ${String(error)})`);
    return undefined;
  }
}

const rows: string[][] = [
  ["N", "variant", ...threadCounts.map((t) => `${t} thread${t > 1 ? "s" : ""}`)],
];
const bestRows: string[][] = [];
const backends = new Map<number, Backend>();
for (const threads of threadCounts) {
  const backend = await createWasmBackend({ threads });
  if (backend.capabilities().threads !== threads) {
    console.log(
      `asked for ${threads} threads, got ${backend.capabilities().threads}: ${backend.threadNote}`,
    );
  }
  backends.set(threads, backend);
}
const tf = withTfjs ? await loadTfjs() : undefined;
if (tf !== undefined) {
  rows[0]!.push("tfjs-wasm");
}

for (const n of sizes) {
  const a = randomMatrix(n);
  const b = randomMatrix(n);
  const flops = 2 * n ** 3;
  for (const variant of VARIANTS) {
    const fns = threadCounts.map((threads) => {
      const backend = backends.get(threads)!;
      return () => {
        matmulOnce(backend, n, a, b, variant.attrs);
      };
    });
    if (tf !== undefined) {
      fns.push(() => {
        const ta = tf.tensor2d(a, [n, n]);
        const tb = tf.tensor2d(b, [n, n]);
        const tc = tf.matMul(ta, tb, variant.attrs.transposeA, variant.attrs.transposeB);
        tc.dataSync();
        ta.dispose();
        tb.dispose();
        tc.dispose();
      });
    }
    const times = timeInterleaved(fns);
    const gflops = (seconds: number) => (flops / seconds / 1e9).toFixed(1);
    const row = [String(n), variant.name, ...times.map((t) => gflops(t.median))];
    rows.push(row);
    bestRows.push([String(n), variant.name, ...times.map((t) => gflops(t.best))]);
    console.log(row.join("\t"));
  }
}

function printTable(title: string, body: string[][]): void {
  const table = [rows[0]!, ...body];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  console.log(`\n${title}`);
  for (const row of table) {
    console.log(row.map((cell, c) => cell.padStart(widths[c]!)).join("  "));
  }
}

printTable("GFLOP/s (2 N^3 / time, copies in and out included), median batch:", rows.slice(1));
printTable("GFLOP/s, fastest batch:", bestRows);
for (const backend of backends.values()) {
  backend.shutdown?.();
}
