// Prints the MatMul kernel's speed in GFLOP/s (2 n^3 / seconds) for square
// products, plain and with each operand transposed, in float32 and float64.
// Run with: pnpm exec tsx scripts/bench-matmul.ts [n ...]
import type { DType, TensorInfo } from "@myelin/backend";

import { createJsBackend } from "../src/index.js";

const backend = createJsBackend();
const matMul = backend.kernels.MatMul!;

function tensor(n: number, dtype: DType, fill: boolean): TensorInfo {
  const dataId = backend.alloc(n * n, dtype);
  if (fill) {
    const values = backend.read(dataId, dtype, n * n);
    for (let i = 0; i < values.length; i++) {
      values[i] = Math.random() - 0.5;
    }
  }
  return { dataId, shape: [n, n], dtype, size: n * n };
}

function gflops(n: number, dtype: DType, transposeA: boolean, transposeB: boolean): number {
  const args = {
    inputs: [tensor(n, dtype, true), tensor(n, dtype, true)],
    outputs: [tensor(n, dtype, false)],
    attrs: { transposeA, transposeB },
  };
  const flops = 2 * n * n * n;
  const reps = Math.max(3, Math.round(4e8 / flops));
  // Warm up long enough for V8 to finish optimising the packing and tile loops.
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) {
    matMul(args);
  }
  // Best of five timed rounds: the machine is shared, so the minimum is the
  // least disturbed measurement.
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) {
      matMul(args);
    }
    best = Math.min(best, (performance.now() - start) / reps);
  }
  [...args.inputs, ...args.outputs].forEach((t) => backend.free(t.dataId));
  return flops / (best * 1e6);
}

const sizes = process.argv.slice(2).map(Number);
const layouts: [string, boolean, boolean][] = [
  ["a b", false, false],
  ["a^T b", true, false],
  ["a b^T", false, true],
  ["a^T b^T", true, true],
];
for (const dtype of ["float32", "float64"] as const) {
  for (const n of sizes.length > 0 ? sizes : [128, 256, 512]) {
    const cells = layouts.map(([name, ta, tb]) => {
      return `${name}: ${gflops(n, dtype, ta, tb).toFixed(2)}`;
    });
    console.log(`${dtype} N=${n}  ${cells.join("  ")}  GFLOP/s`);
  }
}
