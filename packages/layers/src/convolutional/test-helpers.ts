import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import {
  assign,
  checkGradients,
  type DType,
  type GradientCheckOptions,
  type GradientCheckReport,
  type Tensor,
  tensor,
} from "@myelin/tensor-core";
import { expectClose as expectCloseTo, randomArray } from "@myelin/test-utils";
import type { CallOptions, Layer } from "../layer.js";

/** TensorFlow.js 4.22 on its plain CPU backend, the reference of the comparison tests. */
export async function loadTfjs(): Promise<typeof tf> {
  await tf.setBackend("cpu");
  await tf.ready();
  return tf;
}

export type Tfjs = typeof tf;

/** Seeded uniform values in [low, high), as the shared helper draws them. */
export { randomArray };

/** A tensor of seeded uniform values in [low, high). */
export function randomTensor(
  shape: readonly number[],
  seed: number,
  dtype: DType = "float32",
  low = -1,
  high = 1,
): Tensor {
  const size = shape.reduce((n, d) => n * d, 1);
  const values = randomArray(size, seed, low, high);
  return tensor(dtype === "float64" ? values : Float32Array.from(values), shape);
}

/** The shared `expectClose`, defaulting to atol 1e-5, no rtol and the label "values". */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-5,
  rtol = 0,
  label = "values",
): void {
  expectCloseTo(actual, expected, atol, rtol, label);
}

/** Flattens nested arrays of numbers. */
export function flat(values: unknown): number[] {
  return Array.isArray(values) ? values.flatMap((v) => flat(v)) : [values as number];
}

/**
 * checkGradients over a layer's inputs and trainable weights at once. The
 * weights go in as the layer's own variables (float64 layers, so the check's
 * cast keeps them as they are and autograd differentiates them in place);
 * the perturbed copies the finite differences pass in are written into the
 * variables before each evaluation, and the original values are restored after.
 */
export function checkLayerGradients(
  layer: Layer,
  inputs: readonly Tensor[],
  options: GradientCheckOptions &
    CallOptions &
    Record<string, unknown> & { fixedInputs?: boolean } = {},
): GradientCheckReport {
  const first = layer.apply(inputs.length === 1 ? inputs[0]! : [...inputs], options);
  if (first.dtype !== "float64") {
    throw new Error(
      `checkLayerGradients needs a float64 layer; ${layer.name} gives ${first.dtype}`,
    );
  }
  const weights = layer.trainableWeights;
  const snapshot = weights.map((w) => tensor(w.data(), w.shape));
  // With fixedInputs (indices, say) only the weights are perturbed.
  const differentiated = options.fixedInputs === true ? [] : inputs;
  const fn = (...args: Tensor[]): Tensor => {
    const xs = options.fixedInputs === true ? inputs : args.slice(0, inputs.length);
    args.slice(differentiated.length).forEach((w, i) => {
      assign(weights[i]!, w === weights[i] ? snapshot[i]! : w);
    });
    return layer.apply(xs.length === 1 ? xs[0]! : [...xs], options);
  };
  try {
    return checkGradients(fn, [...differentiated, ...weights], options);
  } finally {
    weights.forEach((w, i) => assign(w, snapshot[i]!));
  }
}

/** A short description of the worst mismatches, for failure messages. */
export function describeReport(report: GradientCheckReport): string {
  const worst = report.mismatches
    .slice(0, 3)
    .map((m) => `input ${m.input}[${m.index}]: ${m.autograd} vs ${m.numeric}`);
  return `max error ${report.maxAbsError}; ${worst.join("; ")}`;
}

/**
 * Runs a Myelin layer and a TF.js layer on one random float32 input of
 * `shape`, with the Myelin layer's weights replaced by random values in
 * [-0.5, 0.5) and copied into the TF.js layer, and expects the same output
 * shape and values within `atol`. `prepare` transforms the TF.js input.
 */
export function compareWithTfjs(
  mine: Layer,
  theirs: tf.layers.Layer,
  shape: number[],
  seed: number,
  prepare: (x: tf.Tensor) => tf.Tensor = (x) => x,
  atol = 1e-5,
): void {
  const x = randomTensor(shape, seed);
  compareOn(mine, theirs, x, prepare(tf.tensor(x.data() as Float32Array, shape)), seed, atol);
}

/** As {@link compareWithTfjs}, on given inputs (indices, masked sequences...). */
export function compareOn(
  mine: Layer,
  theirs: tf.layers.Layer | tf.Sequential,
  x: Tensor,
  tx: tf.Tensor,
  seed: number,
  atol = 1e-5,
): void {
  mine.apply(x);
  const weights = mine
    .getWeights()
    .map((w, i) => randomTensor(w.shape, seed + 100 + i, "float32", -0.5, 0.5));
  mine.setWeights(weights);
  const y = mine.apply(x);
  (theirs as tf.layers.Layer).apply(tx);
  theirs.setWeights(weights.map((w) => tf.tensor(w.data() as Float32Array, [...w.shape])));
  const ty = (theirs as tf.layers.Layer).apply(tx) as tf.Tensor;
  expect(y.shape).toEqual(ty.shape);
  expectClose(y.data(), ty.dataSync(), atol, 0, mine.name);
}
