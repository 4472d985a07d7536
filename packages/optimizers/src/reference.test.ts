/**
 * Myelin's optimizers against TensorFlow.js 4.22 (CPU backend): the same
 * starting weights and the same gradients give the same weights after one
 * and after three steps, within 1e-5 (plus 1e-5 relative). RMSprop and
 * Adagrad put epsilon outside the square root (Keras) where TF.js puts it
 * inside; the README documents this and the tests assert it.
 */
import { Generator, tensor, variable } from "@myelin/tensor-core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import { loadTfjs, type Tfjs } from "../test/tfjs.js";
import { adagrad, adam, adamax, type Optimizer, rmsprop, sgd } from "./index.js";

let tf: Tfjs;

beforeAll(async () => {
  tf = await loadTfjs();
});

const SHAPES: Record<string, number[]> = { kernel: [3, 4], bias: [4] };

function numbers(seed: number, size: number, scale: number): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from({ length: size }, () => scale * (2 * g.uniform() - 1));
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const START = Object.fromEntries(
  Object.entries(SHAPES).map(([name, s], i) => [name, numbers(100 + i, size(s), 1)]),
);

/**
 * The gradient of each variable at each step: fixed random values in
 * [-2, 2] with one large entry and, with `tiny`, one below sqrt(epsilon).
 */
function gradient(name: string, step: number, tiny: boolean): Float32Array {
  const shape = SHAPES[name]!;
  const values = numbers(step * 10 + name.length, size(shape), 2);
  values[0] = step % 2 === 0 ? 30 : -30;
  if (tiny) {
    values[1] = 5e-4;
  }
  return values;
}

type TfOptimizer = import("@tensorflow/tfjs").Optimizer;

/** Weights after `steps` updates, by TF.js and by Myelin. */
function run(steps: number, theirs: () => TfOptimizer, ours: () => Optimizer, tiny = true) {
  const tfVariables = Object.fromEntries(
    Object.entries(SHAPES).map(([name, shape]) => [
      name,
      tf.variable(tf.tensor(START[name]!, shape), true, `${name}_${Math.random()}`),
    ]),
  );
  const myVariables = Object.fromEntries(
    Object.entries(SHAPES).map(([name, shape]) => [
      name,
      variable(tensor(START[name]!, shape), { name }),
    ]),
  );
  const tfOptimizer = theirs();
  const myOptimizer = ours();
  for (let step = 0; step < steps; step++) {
    const tfGrads = Object.fromEntries(
      Object.entries(tfVariables).map(([name, v]) => [
        v.name,
        tf.tensor(gradient(name, step, tiny), SHAPES[name]),
      ]),
    );
    tfOptimizer.applyGradients(tfGrads);
    myOptimizer.applyGradients(
      Object.entries(myVariables).map(
        ([name, v]) => [v, tensor(gradient(name, step, tiny), SHAPES[name])] as const,
      ),
    );
  }
  const flatten = (values: ArrayLike<number>[]) => values.flatMap((v) => Array.from(v));
  return {
    theirs: flatten(Object.values(tfVariables).map((v) => v.dataSync())),
    ours: flatten(Object.values(myVariables).map((v) => v.data())),
  };
}

const SAME: readonly (readonly [string, () => TfOptimizer, () => Optimizer])[] = [
  ["sgd", () => tf.train.sgd(0.05), () => sgd({ learningRate: 0.05 })],
  [
    "sgd with momentum",
    () => tf.train.momentum(0.05, 0.9),
    () => sgd({ learningRate: 0.05, momentum: 0.9 }),
  ],
  [
    "sgd with Nesterov momentum",
    () => tf.train.momentum(0.05, 0.9, true),
    () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }),
  ],
  ["adam", () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), () => adam({ learningRate: 0.01 })],
  [
    "adam with other betas",
    () => tf.train.adam(0.02, 0.5, 0.9, 1e-4),
    () => adam({ learningRate: 0.02, beta1: 0.5, beta2: 0.9, epsilon: 1e-4 }),
  ],
  ["adamax", () => tf.train.adamax(0.01, 0.9, 0.999, 1e-7), () => adamax({ learningRate: 0.01 })],
];

describe("optimizers against TF.js", () => {
  it.each(SAME)("%s gives TF.js's weights after 1 and 3 steps", (name, theirs, ours) => {
    for (const steps of [1, 3]) {
      const result = run(steps, theirs, ours);
      expectClose(result.ours, result.theirs, 1e-5, 1e-5, `${name}, ${steps} steps`);
    }
  });
});

describe("documented differences from TF.js", () => {
  const EPSILON_PLACEMENT: readonly (readonly [string, () => TfOptimizer, () => Optimizer])[] = [
    ["rmsprop", () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7), () => rmsprop({ learningRate: 0.01 })],
    ["adagrad", () => tf.train.adagrad(0.1, 0.1), () => adagrad({ learningRate: 0.1 })],
  ];

  it.each(EPSILON_PLACEMENT)(
    "%s gives TF.js's weights when every |g| is well above sqrt(epsilon)",
    (name, theirs, ours) => {
      for (const steps of [1, 3]) {
        const result = run(steps, theirs, ours, false);
        expectClose(result.ours, result.theirs, 1e-5, 1e-5, `${name}, ${steps} steps`);
      }
    },
  );

  /** One step from w = 1 with gradient g and lr 0.1, epsilon placed as `inside` says. */
  function oneStep(accumulator: number, g: number, epsilon: number, inside: boolean): number {
    const denominator = inside
      ? Math.sqrt(accumulator + epsilon)
      : Math.sqrt(accumulator) + epsilon;
    return 1 - (0.1 * g) / denominator;
  }

  it("rmsprop adds epsilon after the square root (Keras); TF.js adds it under", () => {
    const [epsilon, g] = [0.01, 0.05];
    const accumulator = 0.1 * g * g;
    const tfVariable = tf.variable(tf.tensor([1]), true, `w_rmsprop_${Math.random()}`);
    tf.train.rmsprop(0.1, 0.9, 0, epsilon).applyGradients({ [tfVariable.name]: tf.tensor([g]) });
    expectClose(tfVariable.dataSync(), [oneStep(accumulator, g, epsilon, true)], 1e-6, 1e-6);
    const w = variable(tensor([1]), { name: "w" });
    rmsprop({ learningRate: 0.1, epsilon }).applyGradients([[w, tensor([g])]]);
    expectClose(w.data(), [oneStep(accumulator, g, epsilon, false)], 1e-6, 1e-6);
    expect(Math.abs(w.data()[0]! - tfVariable.dataSync()[0]!)).toBeGreaterThan(0.1);
  });

  it("adagrad adds epsilon after the square root (Keras); TF.js adds its own under", () => {
    // TF.js's Adagrad always uses the backend epsilon, 1e-7; a zero start makes it matter.
    const g = 3e-4;
    const tfVariable = tf.variable(tf.tensor([1]), true, `w_adagrad_${Math.random()}`);
    const tfAdagrad: TfOptimizer = tf.train.adagrad(0.1, 0);
    tfAdagrad.applyGradients({ [tfVariable.name]: tf.tensor([g]) });
    expectClose(tfVariable.dataSync(), [oneStep(g * g, g, 1e-7, true)], 1e-6, 1e-6);
    const w = variable(tensor([1]), { name: "w" });
    adagrad({ learningRate: 0.1, initialAccumulatorValue: 0 }).applyGradients([[w, tensor([g])]]);
    expectClose(w.data(), [oneStep(g * g, g, 1e-7, false)], 1e-6, 1e-6);
    expect(Math.abs(w.data()[0]! - tfVariable.dataSync()[0]!)).toBeGreaterThan(0.01);
  });

  it("the two placements differ for gradients near sqrt(epsilon)", () => {
    const result = run(
      1,
      () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7),
      () => rmsprop({ learningRate: 0.01 }),
    );
    expect(Math.abs(result.ours[1]! - result.theirs[1]!)).toBeGreaterThan(1e-3);
  });
});
