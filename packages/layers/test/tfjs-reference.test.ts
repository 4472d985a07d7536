/**
 * Same weights and inputs through TensorFlow.js 4.22.0 (cpu backend) and
 * through our layers must give the same float32 outputs within 1e-5.
 * Known convention differences are listed in the README ("Compared with
 * TensorFlow.js"); the cases here are the ones both libraries define alike.
 */
import * as tf from "@tensorflow/tfjs";
import { type Tensor, tensor } from "@myelin/tensor-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  activation,
  batchNormalization,
  dense,
  dropout,
  flatten,
  type Layer,
  layerNormalization,
  reshape,
} from "../src/index.js";
import { expectClose, randomValues } from "@myelin/test-utils";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function f32(t: Tensor): Float32Array {
  return Float32Array.from(t.data());
}

/** Builds both layers for an input shape and gives them the same weights. */
function pair(
  ours: Layer,
  theirs: tf.layers.Layer,
  inputShape: number[],
  weightSeed: number,
): void {
  ours.ensureBuilt([null, ...inputShape.slice(1)]);
  theirs.build([null, ...inputShape.slice(1)]);
  const shared = ours.weights.map((w, i) => {
    const random = f32(randomValues(w.shape, weightSeed + i, 0.5, 1.5));
    return random;
  });
  ours.setWeights(shared.map((v, i) => tensor(v, ours.weights[i]!.shape)));
  theirs.setWeights(shared.map((v, i) => tf.tensor(v, [...ours.weights[i]!.shape])));
}

function compare(
  ours: Layer,
  theirs: tf.layers.Layer,
  input: Float32Array,
  shape: number[],
  training: boolean,
): void {
  const mine = ours.apply(tensor(input, shape), { training }).data();
  const reference = (theirs.apply(tf.tensor(input, shape), { training }) as tf.Tensor).dataSync();
  expectClose(mine, reference, 1e-5, 1e-5);
}

const input = (shape: number[], seed: number) => f32(randomValues(shape, seed, -2, 2));

describe("layers against TensorFlow.js", () => {
  const activations = [
    "linear",
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "elu",
    "selu",
    "softplus",
    "softsign",
    "relu6",
  ] as const;

  it.each(activations)("dense with %s", (name) => {
    const ours = dense({ units: 5, activation: name });
    const theirs = tf.layers.dense({ units: 5, activation: name });
    pair(ours, theirs, [7, 4], 10);
    compare(ours, theirs, input([7, 4], 1), [7, 4], false);
  });

  it.each(activations)("activation layer %s", (name) => {
    const ours = activation({ activation: name });
    const theirs = tf.layers.activation({ activation: name });
    compare(ours, theirs, input([3, 6], 2), [3, 6], false);
  });

  it("batchNormalization at inference (moving averages)", () => {
    const ours = batchNormalization();
    const theirs = tf.layers.batchNormalization();
    pair(ours, theirs, [6, 3], 20);
    compare(ours, theirs, input([6, 3], 3), [6, 3], false);
  });

  it("batchNormalization in training, including the moving-average update", () => {
    const ours = batchNormalization({ momentum: 0.9, epsilon: 1e-2 });
    const theirs = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-2 });
    pair(ours, theirs, [8, 3], 30);
    compare(ours, theirs, input([8, 3], 4), [8, 3], true);
    const tfWeights = theirs.getWeights().map((w) => w.dataSync());
    ours.weights.forEach((w, i) => expectClose(w.data(), tfWeights[i]!, 1e-5, 1e-5));
  });

  // TensorFlow.js 4.22 gets a non-last axis wrong in both modes (it pairs
  // values with the wrong channel's statistics), so the reference is the formula.
  it("batchNormalization over axis 1 matches the formula in both modes (TF.js differs)", () => {
    const x = input([4, 3, 2], 5);
    const channel = (i: number) => Math.floor(i / 2) % 3;
    const rows = (c: number) =>
      Array.from({ length: 24 }, (_, i) => i).filter((i) => channel(i) === c);
    const expected = new Float64Array(24);
    for (let c = 0; c < 3; c++) {
      const mean = rows(c).reduce((s, i) => s + x[i]!, 0) / 8;
      const variance = rows(c).reduce((s, i) => s + (x[i]! - mean) ** 2, 0) / 8;
      rows(c).forEach((i) => (expected[i] = (x[i]! - mean) / Math.sqrt(variance + 1e-3)));
    }
    expectClose(
      batchNormalization({ axis: 1 })
        .apply(tensor(x, [4, 3, 2]), { training: true })
        .data(),
      expected,
      1e-5,
      1e-5,
    );
    const ours = batchNormalization({ axis: 1 });
    ours.ensureBuilt([null, 3, 2]);
    const stats = [
      [1.1, 0.9, 1.3],
      [0.1, -0.2, 0.3],
      [0.5, -0.4, 0.2],
      [1.5, 0.7, 2],
    ];
    ours.setWeights(stats.map((v) => tensor(v)));
    const inference = Array.from({ length: 24 }, (_, i) => {
      const c = channel(i);
      return (
        ((x[i]! - stats[2]![c]!) / Math.sqrt(stats[3]![c]! + 1e-3)) * stats[0]![c]! + stats[1]![c]!
      );
    });
    expectClose(ours.apply(tensor(x, [4, 3, 2])).data(), inference, 1e-5, 1e-5);
    const theirs = tf.layers.batchNormalization({ axis: 1 });
    theirs.build([null, 3, 2]);
    theirs.setWeights(stats.map((v) => tf.tensor(v)));
    const reference = (theirs.apply(tf.tensor(x, [4, 3, 2])) as tf.Tensor).dataSync();
    expect(() => expectClose(reference, inference, 1e-5, 1e-5)).toThrow();
  });

  it("layerNormalization", () => {
    const ours = layerNormalization();
    const theirs = tf.layers.layerNormalization();
    pair(ours, theirs, [5, 6], 50);
    compare(ours, theirs, input([5, 6], 7), [5, 6], false);
  });

  it("dropout at inference", () => {
    compare(
      dropout({ rate: 0.5 }),
      tf.layers.dropout({ rate: 0.5 }),
      input([4, 5], 8),
      [4, 5],
      false,
    );
  });

  it("flatten and reshape", () => {
    compare(flatten(), tf.layers.flatten(), input([2, 3, 4], 9), [2, 3, 4], false);
    const theirs = tf.layers.reshape({ targetShape: [4, -1] });
    compare(reshape({ targetShape: [4, -1] }), theirs, input([2, 12], 10), [2, 12], false);
  });

  it("computes the same output shapes", () => {
    expect(dense({ units: 3 }).computeOutputShape([null, 2, 5])).toEqual(
      tf.layers.dense({ units: 3 }).computeOutputShape([null, 2, 5]),
    );
    expect(flatten().computeOutputShape([null, 2, 5])).toEqual(
      tf.layers.flatten().computeOutputShape([null, 2, 5]),
    );
  });
});
