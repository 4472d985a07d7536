// The fixed cost of one op through the engine, on tensors so small that the
// kernel itself costs next to nothing: allocation, dispatch, scopes, autograd.
//
//   pnpm exec tsx --conditions=source scripts/op-overhead.ts [js|wasm]
import { loadavg } from "node:os";
import {
  add,
  matMul,
  mul,
  relu,
  setup,
  sum,
  tensor,
  tidy,
  variable,
  variableGrads,
} from "myelin";

const backend = process.argv[2] === "js" ? "js" : "wasm";
await setup({ backend });

const a = tensor(new Float32Array([1, 2, 3, 4]), [4]);
const b = tensor(new Float32Array([4, 3, 2, 1]), [4]);
const x = tensor(new Float32Array(16).fill(0.1), [4, 4]);
const w = variable(tensor(new Float32Array(16).fill(0.1), [4, 4]));

/** Prints the best of ten batches, in microseconds per op. */
function time(label: string, calls: number, opsPerCall: number, fn: () => void): void {
  for (let i = 0; i < calls / 10; i++) {
    fn();
  }
  let best = Infinity;
  for (let batch = 0; batch < 10; batch++) {
    const start = performance.now();
    for (let i = 0; i < calls / 10; i++) {
      fn();
    }
    best = Math.min(best, (performance.now() - start) / (calls / 10));
  }
  console.log(`  ${label.padEnd(40)} ${((1000 * best) / opsPerCall).toFixed(2)} us/op`);
}

console.log(`${backend} backend, load average ${loadavg()[0]!.toFixed(2)}`);
time("add of two tensors, 10 in a tidy", 20_000, 10, () =>
  tidy(() => {
    let y = a;
    for (let i = 0; i < 10; i++) {
      y = add(y, b);
    }
  }),
);
time("mul by a number, 10 in a tidy", 20_000, 10, () =>
  tidy(() => {
    let y = a;
    for (let i = 0; i < 10; i++) {
      y = mul(y, 2);
    }
  }),
);
time("gradient of sum(relu(x w)), 8 ops", 10_000, 8, () =>
  tidy(() => {
    variableGrads(() => sum(relu(matMul(x, w))));
  }),
);
