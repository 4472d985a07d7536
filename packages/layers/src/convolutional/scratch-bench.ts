import { createJsBackend } from "@myelin/backend-js";
import { registerBackend, tensor, setBackend } from "@myelin/tensor-core";
import { loadMnist } from "../../../data/src/index.js";
import { sequential } from "../../../model/src/index.js";
import { registerLayers, reshape, conv2d, maxPooling2d, flatten, dense } from "../index.js";
import { registerLosses } from "../../../losses/src/index.js";
import { registerOptimizers } from "../../../optimizers/src/index.js";
import { registerActivations } from "@myelin/activations";

registerBackend("js", createJsBackend, { priority: 1 });
const backendName = process.argv[2] ?? "js";
if (backendName === "wasm") {
  const { createWasmBackend } = await import("../../../backend-wasm/src/index.js");
  registerBackend("wasm", createWasmBackend as never, { priority: 2 });
  await setBackend("wasm");
}
registerActivations(); registerLayers(); registerLosses(); registerOptimizers();
const t0 = Date.now();
const { train, test } = await loadMnist({ train: 8000, test: 2000 });
console.log("load", Date.now() - t0);
const n = Number(process.argv[3] ?? 8000);
const x = tensor(train.images.data.subarray(0, n * 784), [n, 784]);
const y = tensor(Float32Array.from(train.labels.subarray(0, n)), [n]);
const f1 = Number(process.argv[4] ?? 8), f2 = Number(process.argv[5] ?? 16);
const spec = JSON.parse(process.env.SPEC!);
const { defaultRegistry } = await import("@myelin/registry");
const model = sequential(spec.map((l: any) => defaultRegistry.create("layer", l)), { seed: 1 });
model.compile({ optimizer: (process.env.OPT ? JSON.parse(process.env.OPT) : { className: "adam", config: { learningRate: Number(process.argv[8] ?? 0.001) } }) as never, loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
const epochs = Number(process.argv[6] ?? 1);
const t1 = Date.now();
const tx0 = tensor(test.images.data, [2000, 784]);
const ty0 = tensor(Float32Array.from(test.labels), [2000]);
for (let e = 0; e < epochs; e++) {
  await model.fit(x, y, { epochs: 1, batchSize: Number(process.argv[7] ?? 64), verbose: 0 } as never);
  console.log("epoch", e + 1, (Date.now() - t1) / 1000, await (model as any).evaluate(tx0, ty0));
}
console.log("fit", (Date.now() - t1) / 1000, "s for", n, "samples x", epochs);
const tx = tensor(test.images.data, [2000, 784]);
const ty = tensor(Float32Array.from(test.labels), [2000]);
console.log(await (model as any).evaluate(tx, ty));
const core = await import("@myelin/tensor-core"); console.log(JSON.stringify((core as any).fallbackReport?.()));
