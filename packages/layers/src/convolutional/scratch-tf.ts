import * as tf from "@tensorflow/tfjs";

import { loadMnist } from "../../../data/src/index.js";
await tf.setBackend(process.argv[2] ?? "wasm");
const { train, test } = await loadMnist({ train: 8000, test: 2000 });
const x = tf.tensor(train.images.data, [8000, 28, 28, 1]);
const y = tf.oneHot(tf.tensor1d(Array.from(train.labels), "int32"), 10);
const tx = tf.tensor(test.images.data, [2000, 28, 28, 1]);
const ty = tf.oneHot(tf.tensor1d(Array.from(test.labels), "int32"), 10);
const model = tf.sequential({ layers: [
  tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 5, activation: "relu" }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.conv2d({ filters: 32, kernelSize: 5, activation: "relu" }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.flatten(),
  tf.layers.dropout({ rate: 0.3 }),
  tf.layers.dense({ units: 10, activation: "softmax" }),
]});
model.compile({ optimizer: tf.train.adam(Number(process.argv[3] ?? 0.002)), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const t0 = Date.now();
for (let e = 0; e < Number(process.argv[4] ?? 6); e++) {
  await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0, shuffle: true });
  const r = model.evaluate(tx, ty) as tf.Scalar[];
  console.log("epoch", e + 1, (Date.now() - t0) / 1000, r[0]!.dataSync()[0], r[1]!.dataSync()[0]);
}
