/**
 * Training throughput of an MLP 784-128-64-10 (ReLU, softmax, categorical
 * cross-entropy), batch 64, on 8192 seeded random samples whose labels come
 * from a fixed random linear teacher. One warm-up epoch, then three timed
 * epochs without shuffling; samples/s = 3 * 8192 / time of the three epochs.
 *
 * Run: pnpm --filter @myelin/model bench [-- --tfjs]
 * With --tfjs the same model also trains on TensorFlow.js 4.22.0's cpu
 * backend in the same process, so the ratio holds on a busy machine too.
 */
import { createJsBackend } from "@myelin/backend-js";
import { dense } from "@myelin/layers";
import { adam, sgd, type Optimizer } from "@myelin/optimizers";
import { Generator, registerBackend, tensor } from "@myelin/tensor-core";
import { sequential } from "../src/index.js";

const SAMPLES = 8192;
const FEATURES = 784;
const CLASSES = 10;

function data(): { x: Float32Array; y: Float32Array } {
  const g = new Generator(1);
  const x = Float32Array.from({ length: SAMPLES * FEATURES }, () => g.uniform());
  const teacher = Float32Array.from({ length: FEATURES * CLASSES }, () => g.normal());
  const y = new Float32Array(SAMPLES * CLASSES);
  for (let i = 0; i < SAMPLES; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < CLASSES; c++) {
      let score = 0;
      for (let j = 0; j < FEATURES; j++) {
        score += x[i * FEATURES + j]! * teacher[j * CLASSES + c]!;
      }
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    y[i * CLASSES + best] = 1;
  }
  return { x, y };
}

async function run(
  name: string,
  optimizer: Optimizer,
  x: Float32Array,
  y: Float32Array,
): Promise<number> {
  const model = sequential(
    [
      dense({ units: 128, activation: "relu", inputShape: [FEATURES] }),
      dense({ units: 64, activation: "relu" }),
      dense({ units: CLASSES, activation: "softmax" }),
    ],
    { seed: 7 },
  );
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const xs = tensor(x, [SAMPLES, FEATURES]);
  const ys = tensor(y, [SAMPLES, CLASSES]);
  const options = { batchSize: 64, shuffle: false, checkFinite: false } as const;
  const warm = await model.fit(xs, ys, { ...options, epochs: 1 });
  const start = performance.now();
  const cpu = process.cpuUsage();
  const timed = await model.fit(xs, ys, { ...options, epochs: 3 });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rate = (3 * SAMPLES) / seconds;
  const losses = [...warm.history.loss!, ...timed.history.loss!]
    .map((l) => l.toFixed(3))
    .join(" -> ");
  console.log(
    `${`myelin ${name}`.padEnd(13)} ${rate.toFixed(0).padStart(7)} samples/s  ` +
      `(${seconds.toFixed(2)} s for 3 epochs, ${((3 * SAMPLES) / cpuSeconds).toFixed(0)} per CPU ` +
      `second; loss ${losses})`,
  );
  return rate;
}

async function runTfjs(name: "sgd" | "adam", x: Float32Array, y: Float32Array): Promise<number> {
  const tf = await import("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 128, activation: "relu", inputShape: [FEATURES] }),
      tf.layers.dense({ units: 64, activation: "relu" }),
      tf.layers.dense({ units: CLASSES, activation: "softmax" }),
    ],
  });
  model.compile({
    optimizer: name === "sgd" ? tf.train.sgd(0.05) : tf.train.adam(0.001),
    loss: "categoricalCrossentropy",
  });
  const xs = tf.tensor2d(x, [SAMPLES, FEATURES]);
  const ys = tf.tensor2d(y, [SAMPLES, CLASSES]);
  const options = { batchSize: 64, shuffle: false, verbose: 0 } as const;
  await model.fit(xs, ys, { ...options, epochs: 1 });
  const start = performance.now();
  const cpu = process.cpuUsage();
  await model.fit(xs, ys, { ...options, epochs: 3 });
  const rate = (3 * SAMPLES) / ((performance.now() - start) / 1000);
  const used = process.cpuUsage(cpu);
  const perCpu = (3 * SAMPLES) / ((used.user + used.system) / 1e6);
  console.log(
    `${`tfjs-cpu ${name}`.padEnd(13)} ${rate.toFixed(0).padStart(7)} samples/s  ` +
      `(${perCpu.toFixed(0)} per CPU second)`,
  );
  return rate;
}

registerBackend("js", createJsBackend, { priority: 1 });
const { x, y } = data();
const sgdRate = await run("sgd", sgd({ learningRate: 0.05 }), x, y);
const adamRate = await run("adam", adam({ learningRate: 0.001 }), x, y);
if (process.argv.includes("--tfjs")) {
  const tfSgd = await runTfjs("sgd", x, y);
  const tfAdam = await runTfjs("adam", x, y);
  console.log(
    `ratio to tfjs-cpu: sgd ${(sgdRate / tfSgd).toFixed(1)}x, adam ${(adamRate / tfAdam).toFixed(1)}x`,
  );
}
