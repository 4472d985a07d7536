/**
 * The one-neuron tutorial: dense({ units: 1, inputShape: [1] }), sgd with
 * learning rate 0.01, mean squared error, x = [[1] .. [10]], y = 2x - 1,
 * fit for 1000 epochs (batch 32, so one step per epoch). Measures the fixed
 * cost of a fit epoch and a train step, which small models are made of.
 *
 * Eight warm-up fits (V8 needs several thousand steps before the times
 * settle), then five timed fits (RUNS=n to change); prints the median wall
 * time, the median and best CPU time of this process (steadier on a shared
 * machine) and the spread.
 *
 * Run: node --conditions=source --import tsx packages/model/scripts/bench-tutorial.ts [--tfjs]
 * With --tfjs the same fit also runs on TensorFlow.js 4.22.0's cpu backend.
 */
import { createJsBackend } from "@myelin/backend-js";
import { dense } from "@myelin/layers";
import { sgd } from "@myelin/optimizers";
import { registerBackend, tensor } from "@myelin/tensor-core";
import { sequential } from "../src/index.js";

const EPOCHS = 1000;
const WARMUP = 8;
const RUNS = Number(process.env.RUNS ?? 5);
const X = Array.from({ length: 10 }, (_, i) => [i + 1]);
const Y = X.map(([v]) => [2 * v! - 1]);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function fitOnce(): Promise<{ ms: number; cpuMs: number; loss: number; predicted: number }> {
  const model = sequential([dense({ units: 1, inputShape: [1] })], { seed: 1 });
  model.compile({ optimizer: sgd({ learningRate: 0.01 }), loss: "meanSquaredError" });
  const xs = tensor(X);
  const ys = tensor(Y);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const history = await model.fit(xs, ys, { epochs: EPOCHS, verbose: 0 });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const loss = history.history.loss!.at(-1)!;
  const out = model.predict(tensor([[11]]));
  const predicted = out.item();
  out.dispose();
  xs.dispose();
  ys.dispose();
  return { ms, cpuMs, loss, predicted };
}

async function fitTfjsOnce(): Promise<{ ms: number; cpuMs: number }> {
  const tf = await import("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError" });
  const xs = tf.tensor2d(X);
  const ys = tf.tensor2d(Y);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await model.fit(xs, ys, { epochs: EPOCHS, verbose: 0 });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  tf.dispose([xs, ys]);
  model.dispose();
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

registerBackend("js", createJsBackend, { priority: 1 });
for (let i = 0; i < WARMUP; i++) {
  await fitOnce();
}
const runs: Awaited<ReturnType<typeof fitOnce>>[] = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(await fitOnce());
}
const times = runs.map((r) => r.ms);
const mid = median(times);
const cpuTimes = runs.map((r) => r.cpuMs);
const cpuMid = median(cpuTimes);
const last = runs.at(-1)!;
console.log(
  `myelin  ${mid.toFixed(1).padStart(7)} ms for ${EPOCHS} epochs ` +
    `(${((mid * 1000) / EPOCHS).toFixed(1)} µs/epoch; CPU median ${cpuMid.toFixed(1)} ms, ` +
    `min ${Math.min(...cpuTimes).toFixed(1)} ms; ` +
    `runs ${times.map((t) => t.toFixed(1)).join(", ")}; ` +
    `final loss ${last.loss.toFixed(4)}, predict(11) = ${last.predicted.toFixed(3)})`,
);
if (process.argv.includes("--tfjs")) {
  for (let i = 0; i < 2; i++) {
    await fitTfjsOnce();
  }
  const tfRuns: Awaited<ReturnType<typeof fitTfjsOnce>>[] = [];
  for (let i = 0; i < RUNS; i++) {
    tfRuns.push(await fitTfjsOnce());
  }
  const tfMid = median(tfRuns.map((r) => r.ms));
  const tfCpuMid = median(tfRuns.map((r) => r.cpuMs));
  console.log(
    `tfjs    ${tfMid.toFixed(1).padStart(7)} ms for ${EPOCHS} epochs; ` +
      `CPU median ${tfCpuMid.toFixed(1)} ms (myelin is ${(tfMid / mid).toFixed(1)}x faster ` +
      `by wall time, ${(tfCpuMid / cpuMid).toFixed(1)}x by CPU time)`,
  );
}
