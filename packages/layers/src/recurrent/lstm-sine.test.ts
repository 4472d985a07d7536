/**
 * A real sequence task: predict the next value of a noisy sine wave whose
 * frequency and phase change from sequence to sequence, so the network must
 * read them off the sequence. The LSTM must beat the best simple baselines
 * (repeat the last value; predict the sequence mean) by a wide margin.
 */
import { Generator, square, sub, mean, type Tensor, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { dense } from "../layers/dense.js";
import { train } from "../convolutional/test-training.js";
import { lstm } from "./index.js";

const STEPS = 16;
const NOISE = 0.05;

/** Sequences [n, STEPS, 1] of sin(w t + phase) + noise, and the next noisy value [n, 1]. */
function noisySines(
  n: number,
  seed: number,
): { x: Tensor; y: Tensor; last: Float32Array; means: Float32Array } {
  const generator = new Generator(seed);
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
  return { x: tensor(xs, [n, STEPS, 1]), y: tensor(ys, [n, 1]), last, means };
}

function mse(prediction: ArrayLike<number>, target: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < target.length; i++) {
    total += (prediction[i]! - target[i]!) ** 2;
  }
  return total / target.length;
}

describe("lstm on the next value of a noisy sine wave", () => {
  it("reaches under a tenth of the last-value baseline's test error and a quarter of the mean baseline's", () => {
    const recurrent = lstm({
      units: 16,
      seed: 1,
      kernelInitializer: { className: "glorotUniform", config: { seed: 1 } },
    });
    const head = dense({
      units: 1,
      kernelInitializer: { className: "glorotUniform", config: { seed: 2 } },
    });
    const predict = (x: Tensor) => head.apply(recurrent.apply(x));
    const trainSet = noisySines(1024, 1);
    const testSet = noisySines(512, 2);
    predict(trainSet.x);
    const variables = [...recurrent.trainableWeights, ...head.trainableWeights];

    const history = train(
      trainSet.x,
      trainSet.y,
      variables,
      (x, y) => mean(square(sub(predict(x), y))),
      {
        epochs: 12,
        batchSize: 32,
        learningRate: 0.01,
        seed: 3,
      },
    );

    const target = testSet.y.data();
    const model = mse(predict(testSet.x).data(), target);
    const lastValue = mse(testSet.last, target);
    const sequenceMean = mse(testSet.means, target);
    console.log(
      `lstm-sine: test MSE ${model.toFixed(4)}, last value ${lastValue.toFixed(4)}, ` +
        `mean ${sequenceMean.toFixed(4)}, noise floor ${(NOISE ** 2).toFixed(4)}; ` +
        `train loss by epoch ${history.map((h) => h.toFixed(4)).join(" ")}`,
    );
    expect(history[history.length - 1]!).toBeLessThan(history[0]!);
    expect(model).toBeLessThan(0.1 * lastValue);
    expect(model).toBeLessThan(0.25 * sequenceMean);
  });
});
