/**
 * Myelin's activations against TensorFlow.js 4.22 (CPU backend) on the same
 * float32 inputs: equal within 1e-5 (plus 1e-5 relative for large outputs),
 * except where the README documents a different convention; there the test
 * asserts the documented difference.
 */
import { Generator, tensor } from "@myelin/tensor-core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import { loadTfjs, type Tfjs } from "../test/tfjs.js";
import { getActivation, hardSigmoid } from "./index.js";

let tf: Tfjs;

beforeAll(async () => {
  tf = await loadTfjs();
});

/** 64 random values in [-8, 8) plus large magnitudes, as a [5, 16] float32 matrix. */
function inputs(): Float32Array {
  const generator = new Generator(2024);
  const values = Array.from({ length: 64 }, () => -8 + 16 * generator.uniform());
  const large = [-1e4, -300, -80, -30, -15, -9, -1e-3, 0, 1e-3, 9, 15, 30, 80, 300, 1e4, 3];
  return Float32Array.from([...values, ...large]);
}

const SHAPE = [5, 16];

/** Myelin name and the TF.js layers activation with the same definition. */
const SAME: readonly (readonly [string, string])[] = [
  ["linear", "linear"],
  ["sigmoid", "sigmoid"],
  ["tanh", "tanh"],
  ["relu", "relu"],
  ["relu6", "relu6"],
  ["elu", "elu"],
  ["selu", "selu"],
  ["gelu", "gelu"],
  ["geluTanh", "gelu_new"],
  ["softplus", "softplus"],
  ["softsign", "softsign"],
  ["swish", "swish"],
  ["mish", "mish"],
  ["softmax", "softmax"],
  ["logSoftmax", "logSoftmax"],
];

function myelin(spec: Parameters<typeof getActivation>[0], values: Float32Array): Float32Array {
  return getActivation(spec)(tensor(values, SHAPE)).data() as Float32Array;
}

function tfjsLayer(layer: { apply: (x: never) => unknown }, values: Float32Array): Float32Array {
  const y = layer.apply(tf.tensor(values, SHAPE) as never) as { dataSync: () => Float32Array };
  return y.dataSync();
}

describe("activations against TensorFlow.js", () => {
  it.each(SAME)("%s equals TF.js's %s", (ours, theirs) => {
    const x = inputs();
    const expected = tfjsLayer(tf.layers.activation({ activation: theirs as never }), x);
    expectClose(myelin(ours, x), expected, 1e-5, 1e-5, ours);
  });

  it("leakyRelu equals TF.js's LeakyReLU layer, with the same default alpha 0.3", () => {
    const x = inputs();
    expectClose(myelin("leakyRelu", x), tfjsLayer(tf.layers.leakyReLU(), x), 1e-5, 1e-5);
    const configured = { className: "leakyRelu", config: { alpha: 0.05 } };
    expectClose(
      myelin(configured, x),
      tfjsLayer(tf.layers.leakyReLU({ alpha: 0.05 }), x),
      1e-5,
      1e-5,
    );
  });

  it("softmax over axis 0 equals TF.js's softmax of the transpose", () => {
    // TF.js's Softmax layer refuses axes other than the last, so transpose around its op.
    const x = inputs();
    const ours = myelin({ className: "softmax", config: { axis: 0 } }, x);
    const theirs = tf.transpose(tf.softmax(tf.transpose(tf.tensor(x, SHAPE)))).dataSync();
    expectClose(ours, theirs as Float32Array, 1e-5, 1e-5);
  });

  it("hardSigmoid differs as documented: Keras 3's x / 6 + 0.5, not TF.js's 0.2 x + 0.5", () => {
    const x = Float32Array.from([-4, -2, -1, 0, 1, 2, 4]);
    const theirs = (
      tf.layers.activation({ activation: "hardSigmoid" }).apply(tf.tensor(x)) as {
        dataSync: () => Float32Array;
      }
    ).dataSync();
    const ours = hardSigmoid(tensor(x)).data();
    expectClose(theirs, [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1], 1e-6, 0);
    expectClose(ours, [0, 1 / 6, 1 / 3, 0.5, 2 / 3, 5 / 6, 1], 1e-6, 0);
    expect(Math.abs(ours[4]! - theirs[4]!)).toBeGreaterThan(0.03);
  });
});
