import {
  layers,
  type Optimizer,
  optimizers,
  type Sequential,
  sequential,
  type Tensor,
  tensor,
} from "myelin";
import { classificationData, sequenceData } from "./data.js";

/** The training workloads of the performance anchors. */
export const WORKLOAD_NAMES = ["mlp", "cnn", "lstm"] as const;
/** One workload name. */
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** A compiled model with its training data, ready for `fit`. */
export interface Workload {
  name: WorkloadName;
  model: Sequential;
  x: Tensor;
  y: Tensor;
  batchSize: number;
  /** Rows in x and y. */
  samples: number;
  /** What the model is, in one line. */
  description: string;
}

/** Options of {@link buildWorkload}. */
export interface WorkloadOptions {
  /** Rows of training data (default: four batches). */
  samples?: number;
  /** Seeds the weights and the data. */
  seed?: number;
  /** "sgd" (default) or "adam". */
  optimizer?: "sgd" | "adam";
}

function makeOptimizer(name: "sgd" | "adam"): Optimizer {
  return name === "adam"
    ? optimizers.adam({ learningRate: 0.001 })
    : optimizers.sgd({ learningRate: 0.05 });
}

/**
 * Builds one workload through the Keras-like API on the current backend
 * (call `setup` first):
 *
 * - mlp: 784-128-64-10, ReLU, softmax + categorical cross-entropy, batch 64;
 * - cnn: 28x28x1, conv 3x3x8 same ReLU, maxpool 2, conv 3x3x16 same ReLU, maxpool 2,
 *   flatten, dense 10 softmax, batch 32;
 * - lstm: lstm(32) over 20 steps of 8 features, dense(1), MSE, batch 32.
 *
 * @example
 * await setup({ backend: "wasm" });
 * const { model, x, y, batchSize } = buildWorkload("mlp", { samples: 256 });
 * await model.fit(x, y, { batchSize, epochs: 1, shuffle: false });
 */
export function buildWorkload(name: WorkloadName, options: WorkloadOptions = {}): Workload {
  const seed = options.seed ?? 1;
  const optimizer = makeOptimizer(options.optimizer ?? "sgd");
  if (name === "mlp") {
    const samples = options.samples ?? 256;
    const data = classificationData({ count: samples, inputShape: [784], classes: 10, seed });
    const model = sequential(
      [
        layers.dense({ units: 128, activation: "relu", inputShape: [784] }),
        layers.dense({ units: 64, activation: "relu" }),
        layers.dense({ units: 10, activation: "softmax" }),
      ],
      { seed },
    );
    model.compile({ optimizer, loss: "categoricalCrossentropy" });
    return {
      name,
      model,
      x: tensor(data.x, [samples, 784]),
      y: tensor(data.y, [samples, 10]),
      batchSize: 64,
      samples,
      description: "MLP 784-128-64-10, batch 64",
    };
  }
  if (name === "cnn") {
    const samples = options.samples ?? 128;
    const data = classificationData({ count: samples, inputShape: [28, 28, 1], classes: 10, seed });
    const model = sequential(
      [
        layers.conv2d({
          filters: 8,
          kernelSize: 3,
          padding: "same",
          activation: "relu",
          inputShape: [28, 28, 1],
        }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2d({ filters: 16, kernelSize: 3, padding: "same", activation: "relu" }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.flatten(),
        layers.dense({ units: 10, activation: "softmax" }),
      ],
      { seed },
    );
    model.compile({ optimizer, loss: "categoricalCrossentropy" });
    return {
      name,
      model,
      x: tensor(data.x, [samples, 28, 28, 1]),
      y: tensor(data.y, [samples, 10]),
      batchSize: 32,
      samples,
      description: "CNN conv8-pool-conv16-pool-dense10 on 28x28x1, batch 32",
    };
  }
  const samples = options.samples ?? 128;
  const data = sequenceData({ count: samples, steps: 20, features: 8, seed });
  const model = sequential(
    [layers.lstm({ units: 32, inputShape: [20, 8] }), layers.dense({ units: 1 })],
    { seed },
  );
  model.compile({ optimizer, loss: "meanSquaredError" });
  return {
    name,
    model,
    x: tensor(data.x, [samples, 20, 8]),
    y: tensor(data.y, [samples, 1]),
    batchSize: 32,
    samples,
    description: "LSTM(32) over 20 x 8, dense(1), batch 32",
  };
}

/** Frees the workload's data and weights. */
export function disposeWorkload(workload: Workload): void {
  workload.x.dispose();
  workload.y.dispose();
  for (const weight of workload.model.weights) {
    weight.dispose();
  }
}
