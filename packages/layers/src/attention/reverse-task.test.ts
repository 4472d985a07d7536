/**
 * A toy sequence task for attention: reverse a sequence of symbols. Each step
 * carries its symbol and its position (one-hot); output step t must copy the
 * symbol at step length - 1 - t, which a single self-attention layer can
 * learn by matching positions in its queries and keys.
 */
import { Generator, type Tensor, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { dense } from "../layers/dense.js";
import { labelTensor, sparseCrossEntropy, train } from "../convolutional/test-training.js";
import { multiHeadAttention } from "./index.js";

const LENGTH = 8;
const SYMBOLS = 10;

/** One-hot symbols and positions [n, LENGTH, SYMBOLS + LENGTH]; reversed symbols [n, LENGTH]. */
function reversals(n: number, seed: number): { x: Tensor; y: Tensor; labels: Int32Array } {
  const generator = new Generator(seed);
  const features = SYMBOLS + LENGTH;
  const xs = new Float32Array(n * LENGTH * features);
  const labels = new Int32Array(n * LENGTH);
  for (let i = 0; i < n; i++) {
    const symbols = Array.from({ length: LENGTH }, () => Math.floor(generator.uniform() * SYMBOLS));
    symbols.forEach((s, t) => {
      const row = (i * LENGTH + t) * features;
      xs[row + s] = 1;
      xs[row + SYMBOLS + t] = 1;
      labels[i * LENGTH + LENGTH - 1 - t] = s;
    });
  }
  return { x: tensor(xs, [n, LENGTH, features]), y: labelTensor(labels, [n, LENGTH]), labels };
}

describe("multiHeadAttention on reversing sequences", () => {
  it("learns to reverse unseen sequences of 8 symbols: at least 99% of symbols and 95% of whole sequences", () => {
    const attention = multiHeadAttention({
      numHeads: 2,
      keyDim: 8,
      kernelInitializer: { className: "glorotUniform", config: { seed: 1 } },
    });
    const head = dense({
      units: SYMBOLS,
      kernelInitializer: { className: "glorotUniform", config: { seed: 2 } },
    });
    const logits = (x: Tensor) => head.apply(attention.apply(x));
    const trainSet = reversals(2000, 1);
    const testSet = reversals(500, 2);
    logits(trainSet.x);
    const variables = [...attention.trainableWeights, ...head.trainableWeights];

    const history = train(
      trainSet.x,
      trainSet.y,
      variables,
      (x, y) => sparseCrossEntropy(logits(x), y),
      {
        epochs: 6,
        batchSize: 50,
        learningRate: 0.01,
        seed: 3,
      },
    );

    const predicted = logits(testSet.x).data();
    let symbolsRight = 0;
    let sequencesRight = 0;
    for (let i = 0; i < 500; i++) {
      let all = true;
      for (let t = 0; t < LENGTH; t++) {
        const row = (i * LENGTH + t) * SYMBOLS;
        let best = 0;
        for (let c = 1; c < SYMBOLS; c++) {
          best = predicted[row + c]! > predicted[row + best]! ? c : best;
        }
        const right = best === testSet.labels[i * LENGTH + t];
        symbolsRight += right ? 1 : 0;
        all &&= right;
      }
      sequencesRight += all ? 1 : 0;
    }
    const symbolAccuracy = symbolsRight / (500 * LENGTH);
    const sequenceAccuracy = sequencesRight / 500;
    console.log(
      `attention-reverse: test symbol accuracy ${symbolAccuracy}, ` +
        `sequence accuracy ${sequenceAccuracy} (chance ${1 / SYMBOLS}); ` +
        `loss by epoch ${history.map((h) => h.toFixed(3)).join(" ")}`,
    );
    expect(symbolAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(sequenceAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
