/**
 * An LSTM predicts the next value of a noisy sine wave. Every sequence has its
 * own frequency (0.25 to 0.75 radians per step) and phase, so the network has
 * to read them off the 16 steps it sees; the noise has standard deviation 0.05.
 *
 * Baselines on the same test sequences: repeating the last value, and
 * predicting the sequence's mean. The claim checked at the end: the LSTM's test
 * mean squared error is under a tenth of the last-value baseline's (and under
 * a quarter of the mean baseline's). The script exits with code 1 otherwise.
 *
 * Run: pnpm exec tsx examples/lstm-sine.ts
 */
import * as my from "myelin";

const STEPS = 16;
const NOISE = 0.05;

/** Sequences [n, STEPS, 1], the next noisy values [n, 1], and both baselines' predictions. */
function noisySines(n: number, seed: number) {
  const generator = new my.Generator(seed);
  const xs = new Float32Array(n * STEPS);
  const ys = new Float32Array(n);
  const last = new Float32Array(n);
  const means = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const w = 0.25 + 0.5 * generator.uniform();
    const phase = 2 * Math.PI * generator.uniform();
    let total = 0;
    for (let t = 0; t <= STEPS; t++) {
      const value = Math.sin(w * t + phase) + NOISE * generator.normal();
      if (t < STEPS) {
        xs[i * STEPS + t] = value;
        total += value;
      } else {
        ys[i] = value;
      }
    }
    last[i] = xs[i * STEPS + STEPS - 1]!;
    means[i] = total / STEPS;
  }
  return { x: my.tensor(xs, [n, STEPS, 1]), y: my.tensor(ys, [n, 1]), last, means };
}

function mse(prediction: ArrayLike<number>, target: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < target.length; i++) {
    total += (prediction[i]! - target[i]!) ** 2;
  }
  return total / target.length;
}

await my.setup({ seed: 42 });
const train = noisySines(1024, 1);
const test = noisySines(512, 2);

const model = my.sequential(
  [my.layers.lstm({ units: 16, inputShape: [STEPS, 1] }), my.layers.dense({ units: 1 })],
  { seed: 1 },
);
model.compile({ optimizer: my.adam({ learningRate: 0.01 }), loss: "meanSquaredError" });
await model.fit(train.x, train.y, { epochs: 12, batchSize: 32, verbose: 0 });

const target = test.y.data();
const lstmError = mse(model.predict(test.x).data(), target);
const lastError = mse(test.last, target);
const meanError = mse(test.means, target);
console.log(
  `test MSE: LSTM ${lstmError.toFixed(4)}, last value ${lastError.toFixed(4)}, ` +
    `sequence mean ${meanError.toFixed(4)} (noise floor ${(NOISE ** 2).toFixed(4)})`,
);
if (!(lstmError < 0.1 * lastError && lstmError < 0.25 * meanError)) {
  console.error("The LSTM did not beat the baselines by the stated margin.");
  process.exitCode = 1;
}
