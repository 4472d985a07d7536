// Runs one kernel on the Wasm backend: pnpm exec tsx examples/usage.ts
import type { DataId, TensorInfo } from "@myelin/backend";
import { createWasmBackend } from "../src/index.js";

const backend = await createWasmBackend({ threads: 2 });
const info = (dataId: DataId, shape: number[]): TensorInfo => ({
  dataId,
  shape,
  dtype: "float32",
  size: shape.reduce((a, b) => a * b, 1),
});

const a = backend.write(new Float32Array([1, 2, 3, 4, 5, 6]), "float32");
const b = backend.write(new Float32Array([1, 0, 0, 1, 1, 1]), "float32");
const y = backend.alloc(4, "float32");
backend.kernels.MatMul!({
  inputs: [info(a, [2, 3]), info(b, [3, 2])],
  outputs: [info(y, [2, 2])],
  attrs: { transposeA: false, transposeB: false },
});
console.log(backend.read(y, "float32", 4)); // Float32Array [4, 5, 10, 11]
console.log(backend.capabilities().threads, backend.variant, backend.memory());

for (const id of [a, b, y]) {
  backend.free(id);
}
backend.shutdown();
