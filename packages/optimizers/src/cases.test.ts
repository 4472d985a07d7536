/**
 * Real bug reports turned into tests at the optimizer level, with the
 * expected values and tolerances of their case files (C19 schedule values,
 * C20, C22), each widened to its class (every optimizer, every clip option).
 */
import {
  square,
  sum,
  tensor,
  type Tensor,
  type Variable,
  variable,
  variableGrads,
} from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import {
  adagrad,
  adam,
  adamax,
  adamw,
  exponentialDecay,
  type LearningRateSchedule,
  type Optimizer,
  rmsprop,
  sgd,
  stepDecay,
} from "./index.js";

function values(v: Variable): number[] {
  return Array.from(v.data());
}

describe("C20: Adam's bias correction", () => {
  it("moves by almost exactly the learning rate under a constant gradient", () => {
    const w = variable(tensor([1]), { name: "kernel" });
    const optimizer = adam({ learningRate: 0.01, beta1: 0.9, beta2: 0.999 });
    const after: number[] = [];
    for (let step = 0; step < 3; step++) {
      optimizer.applyGradients([[w, tensor([0.5])]]);
      after.push(w.data()[0]!);
    }
    expectClose(after, [0.9900000002, 0.9800000004000001, 0.9700000006000001], 1e-6, 0);
  });

  it("follows the float64 reference on L = w^2 with gradients from autograd", () => {
    const w = variable(tensor([1]), { name: "kernel" });
    const optimizer = adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999 });
    const after: number[] = [];
    for (let step = 0; step < 3; step++) {
      const { grads } = variableGrads(() => sum(square(w)), [w]);
      optimizer.applyGradients(grads);
      after.push(w.data()[0]!);
    }
    expectClose(after, [0.9000000005, 0.8004122286917928, 0.7015862729460303], 1e-6, 0);
  });

  it("is far from the multiplied and the missing bias corrections", () => {
    const w = variable(tensor([1]), { name: "kernel" });
    adam({ learningRate: 0.01 }).applyGradients([[w, tensor([0.5])]]);
    expect(Math.abs(w.data()[0]! - 0.900001999960001)).toBeGreaterThan(0.05);
    expect(Math.abs(w.data()[0]! - 0.9683772433983036)).toBeGreaterThan(0.01);
  });

  it.each([
    ["beta1 1", { beta1: 1 }, "adam: beta1 is 1. Pass a number in [0, 1) for beta1, e.g. 0.9."],
    [
      "beta2 -0.1",
      { beta2: -0.1 },
      "adam: beta2 is -0.1. Pass a number in [0, 1) for beta2, e.g. 0.999.",
    ],
    ["a negative rate", { learningRate: -0.01 }, "adam: learningRate is -0.01."],
    [
      "epsilon 0",
      { epsilon: 0 },
      "adam: epsilon is 0. Pass a finite number > 0 for epsilon, e.g. 1e-7.",
    ],
    ["epsilon NaN", { epsilon: NaN }, "adam: epsilon is NaN."],
  ])("raises at construction for %s", (_, options, message) => {
    expect(() => adam(options)).toThrow(message);
  });
});

describe("C22: gradient clipping", () => {
  /** One SGD step (lr 0.1) on a [2, 1] kernel at 0 with gradient [[3], [-4]]. */
  function step(options: Record<string, number>, gradient = [[3], [-4]]): number[] {
    const kernel = variable(tensor([[0], [0]]), { name: "kernel" });
    sgd({ learningRate: 0.1, ...options }).applyGradients([[kernel, tensor(gradient)]]);
    return values(kernel);
  }

  it.each([
    ["no clipping", {}, [-0.3, 0.4]],
    ["clipNorm 1", { clipNorm: 1 }, [-0.06, 0.08]],
    ["clipNorm 10", { clipNorm: 10 }, [-0.3, 0.4]],
    ["clipValue 0.5", { clipValue: 0.5 }, [-0.05, 0.05]],
    ["clipValue 0", { clipValue: 0 }, [0, 0]],
  ])("changes the update with %s", (_, options, expected) => {
    expectClose(step(options), expected, 1e-7, 0);
  });

  it("clips each tensor on its own with clipNorm and all together with globalClipNorm", () => {
    const run = (options: Record<string, number>): number[] => {
      const kernel = variable(tensor([[0]]), { name: "kernel" });
      const bias = variable(tensor([0]), { name: "bias" });
      sgd({ learningRate: 0.1, ...options }).applyGradients([
        [kernel, tensor([[3]])],
        [bias, tensor([1])],
      ]);
      return [...values(kernel), ...values(bias)];
    };
    expectClose(run({ clipNorm: 1 }), [-0.1, -0.1], 1e-7, 0);
    expectClose(run({ globalClipNorm: 1 }), [-0.09486832980505139, -0.03162277660168379], 1e-7, 0);
  });

  it("leaves a zero gradient zero under clipNorm and globalClipNorm (no 0 / 0)", () => {
    const variants: Record<string, number>[] = [
      { clipNorm: 1 },
      { globalClipNorm: 1 },
      { clipNorm: 0 },
    ];
    for (const options of variants) {
      const after = step(options, [[0], [0]]);
      expect(after).toEqual([0, 0]);
    }
  });

  it("zeroes every update with clipNorm 0", () => {
    expect(step({ clipNorm: 0 })).toEqual([0, 0]);
  });

  it("clips huge gradients by their true norm, without overflow in float32", () => {
    expectClose(step({ clipNorm: 1 }, [[3e19], [-4e19]]), [-0.06, 0.08], 1e-7, 0);
    expectClose(step({ globalClipNorm: 1 }, [[3e19], [-4e19]]), [-0.06, 0.08], 1e-7, 0);
  });

  const EVERY: readonly (readonly [string, (o: Record<string, number>) => Optimizer])[] = [
    ["sgd", (o) => sgd(o)],
    ["sgd with momentum", (o) => sgd({ momentum: 0.9, ...o })],
    ["adam", (o) => adam(o)],
    ["adamw without decay", (o) => adamw({ weightDecay: 0, ...o })],
    ["rmsprop", (o) => rmsprop(o)],
    ["adagrad", (o) => adagrad(o)],
    ["adamax", (o) => adamax(o)],
  ];

  it.each(EVERY)("reaches %s: clipValue 0 freezes the variables", (_, make) => {
    const w = variable(tensor([1, -2]), { name: "w" });
    const optimizer = make({ learningRate: 0.1, clipValue: 0 });
    for (let i = 0; i < 3; i++) {
      optimizer.applyGradients([[w, tensor([3, -4])]]);
    }
    expect(values(w)).toEqual([1, -2]);
  });

  it.each(EVERY)(
    "reaches %s: clipNorm makes a large gradient act like its unit direction",
    (_, make) => {
      const clipped = variable(tensor([1, -2]), { name: "w" });
      const unit = variable(tensor([1, -2]), { name: "w" });
      make({ learningRate: 0.1, clipNorm: 1 }).applyGradients([[clipped, tensor([300, -400])]]);
      make({ learningRate: 0.1 }).applyGradients([[unit, tensor([0.6, -0.8])]]);
      expectClose(values(clipped), values(unit), 1e-7, 1e-6);
    },
  );

  it.each([
    ["clipValue", { clipValue: -1 }],
    ["clipNorm", { clipNorm: -0.5 }],
    ["globalClipNorm", { globalClipNorm: NaN }],
  ])("raises at construction for an invalid %s", (name, options) => {
    expect(() => sgd(options)).toThrow(`sgd: ${name} is`);
    expect(() => adam(options)).toThrow(`Pass a finite number >= 0 for ${name}`);
  });
});

describe("C19: step learning-rate schedule", () => {
  /** Runs SGD on w = 1 with gradient 1, one step per epoch, reporting the rate before each step. */
  function run(schedule: LearningRateSchedule, epochs: number) {
    const w = variable(tensor([1]), { name: "kernel" });
    const optimizer = sgd({ learningRate: schedule });
    const reported: number[] = [];
    const used: number[] = [];
    const kernel: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      reported.push(optimizer.currentLearningRate());
      const before = w.data()[0]!;
      optimizer.applyGradients([[w, tensor([1])]]);
      used.push(before - w.data()[0]!);
      kernel.push(w.data()[0]!);
    }
    return { reported, used, kernel };
  }

  it("applies lr(e) = 0.1 * 0.1^floor(e / 3) during epoch e and reports the rate it uses", () => {
    const schedule = stepDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.1 });
    const expected = [
      0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002,
      0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003,
    ];
    const { reported, used, kernel } = run(schedule, 10);
    expectClose(
      Array.from({ length: 10 }, (_, e) => schedule(e)),
      expected,
      1e-18,
      1e-15,
    );
    expectClose(reported, expected, 1e-18, 1e-15);
    expectClose(used, expected, 1e-6, 0);
    const kernelAfter = [
      0.9, 0.8, 0.7, 0.69, 0.6799999999999999, 0.6699999999999999, 0.6689999999999999,
      0.6679999999999999, 0.6669999999999999, 0.6668999999999999,
    ];
    expectClose(kernel, kernelAfter, 1e-6, 0);
  });

  it("applies lr(e) = 0.1 * 0.5^e with exponential decay", () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    const { reported, kernel } = run(schedule, 4);
    expectClose(reported, [0.1, 0.05, 0.025, 0.0125], 1e-18, 1e-15);
    expectClose([kernel[3]!], [0.8125], 1e-6, 0);
  });

  it.each([
    ["NaN", NaN],
    ["a negative number", -0.1],
    ["a non-number", "0.1" as unknown as number],
  ])("raises at the step where a schedule returns %s", (_, bad) => {
    const schedule = Object.assign((step: number) => (step < 2 ? 0.1 : bad), {
      scheduleName: "broken",
      config: {},
    }) as LearningRateSchedule;
    const w = variable(tensor([1]), { name: "kernel" });
    const optimizer = sgd({ learningRate: schedule });
    optimizer.applyGradients([[w, tensor([1])]]);
    optimizer.applyGradients([[w, tensor([1])]]);
    expect(() => optimizer.applyGradients([[w, tensor([1])]] as [Variable, Tensor][])).toThrow(
      `the learning-rate schedule broken returned ${String(bad)} at step 2`,
    );
    expect(optimizer.iterations).toBe(2);
  });
});
