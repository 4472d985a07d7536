import {
  Generator,
  ShapeError,
  tensor,
  ValueError,
  type Variable,
  variable,
} from "@myelin/tensor-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import { referenceRule } from "../test/reference-rules.js";
import {
  adagrad,
  adam,
  adamax,
  adamw,
  cosineDecay,
  type Optimizer,
  rmsprop,
  sgd,
} from "./index.js";

interface RuleCase {
  name: string;
  rule: string;
  params: Record<string, number>;
  make: () => Optimizer;
}

const RULES: readonly RuleCase[] = [
  {
    name: "sgd",
    rule: "sgd",
    params: { learningRate: 0.05 },
    make: () => sgd({ learningRate: 0.05 }),
  },
  {
    name: "sgd with momentum",
    rule: "momentum",
    params: { learningRate: 0.05, momentum: 0.8 },
    make: () => sgd({ learningRate: 0.05, momentum: 0.8 }),
  },
  {
    name: "sgd with Nesterov momentum",
    rule: "nesterov",
    params: { learningRate: 0.05, momentum: 0.8 },
    make: () => sgd({ learningRate: 0.05, momentum: 0.8, nesterov: true }),
  },
  {
    name: "adam",
    rule: "adam",
    params: { learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 },
    make: () => adam({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }),
  },
  {
    name: "adamw",
    rule: "adamw",
    params: { learningRate: 0.01, weightDecay: 0.1 },
    make: () => adamw({ learningRate: 0.01, weightDecay: 0.1 }),
  },
  {
    name: "rmsprop",
    rule: "rmsprop",
    params: { learningRate: 0.01, rho: 0.8 },
    make: () => rmsprop({ learningRate: 0.01, rho: 0.8 }),
  },
  {
    name: "adagrad",
    rule: "adagrad",
    params: { learningRate: 0.1, initialAccumulatorValue: 0.5 },
    make: () => adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.5 }),
  },
  {
    name: "adamax",
    rule: "adamax",
    params: { learningRate: 0.02, beta1: 0.85 },
    make: () => adamax({ learningRate: 0.02, beta1: 0.85 }),
  },
];

function randomArray(g: Generator, size: number, scale: number): number[] {
  return Array.from({ length: size }, () => scale * (2 * g.uniform() - 1));
}

describe("update rules", () => {
  it.each(RULES)("$name follows its float64 formula for 5 steps (float32 and float64)", (c) => {
    const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        shape,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.boolean(),
        (dims, seed, double) => {
          const g = new Generator(seed);
          const size = dims.reduce((a, b) => a * b, 1);
          const start = randomArray(g, size, 2);
          const dtype = double ? "float64" : "float32";
          const w = variable(tensor(start, dims, dtype), { name: "w" });
          const optimizer = c.make();
          const expected = double ? start : start.map(Math.fround);
          const reference = referenceRule(c.rule, c.params, size);
          for (let t = 1; t <= 5; t++) {
            const grad = randomArray(g, size, 3);
            optimizer.applyGradients([[w, tensor(grad, dims, dtype)]]);
            reference.step(expected, double ? grad : grad.map(Math.fround), t);
          }
          const [atol, rtol] = double ? [1e-13, 1e-11] : [2e-6, 2e-6];
          expectClose(w.data(), expected, atol, rtol, c.name);
        },
      ),
      { numRuns: 6 },
    );
  });

  it("updates several variables in one call, from a Map or a list", () => {
    const a = variable(tensor([1, 2]), { name: "a" });
    const b = variable(tensor([[3]]), { name: "b" });
    sgd({ learningRate: 0.5 }).applyGradients(
      new Map<Variable, ReturnType<typeof tensor>>([
        [a, tensor([1, 1])],
        [b, tensor([[2]])],
      ]),
    );
    expectClose(a.data(), [0.5, 1.5]);
    expectClose(b.data(), [2]);
  });

  it("casts a gradient to its variable's dtype", () => {
    const w = variable(tensor([1]), { name: "w" });
    sgd({ learningRate: 0.5 }).applyGradients([[w, tensor(Float64Array.from([1]))]]);
    expect(w.dtype).toBe("float32");
    expectClose(w.data(), [0.5]);
  });

  it("counts iterations and uses the step count for Adam's bias correction", () => {
    const optimizer = adam();
    const w = variable(tensor([0]), { name: "w" });
    for (let i = 0; i < 3; i++) {
      optimizer.applyGradients([[w, tensor([1])]]);
    }
    expect(optimizer.iterations).toBe(3);
    expectClose(w.data(), [-0.003], 1e-8, 1e-5);
  });
});

describe("slots", () => {
  it("are non-trainable variables created on a variable's first update", () => {
    const optimizer = adam();
    const w = variable(tensor([1, 2]), { name: "dense/kernel" });
    expect(optimizer.getState().slots).toEqual({});
    optimizer.applyGradients([[w, tensor([0.1, 0.2])]]);
    const state = optimizer.getState();
    expect(Object.keys(state.slots)).toEqual(["dense/kernel"]);
    expect(state.slots["dense/kernel"]!.length).toBe(2);
    expect(state.slots["dense/kernel"]![0]).toBeInstanceOf(Float32Array);
  });

  it("start adagrad's accumulator at initialAccumulatorValue", () => {
    const optimizer = adagrad({ initialAccumulatorValue: 0.25 });
    const w = variable(tensor([1]), { name: "w" });
    optimizer.applyGradients([[w, tensor([0])]]);
    expectClose(optimizer.getState().slots.w![0]!, [0.25]);
  });

  it("are not kept by plain gradient descent", () => {
    const optimizer = sgd();
    const w = variable(tensor([1]), { name: "w" });
    optimizer.applyGradients([[w, tensor([1])]]);
    expect(optimizer.getState()).toEqual({ iterations: 1, slots: {} });
  });

  it("are freed by dispose and start afresh afterwards", () => {
    const optimizer = adam();
    const w = variable(tensor([1]), { name: "w" });
    optimizer.applyGradients([[w, tensor([1])]]);
    optimizer.dispose();
    expect(optimizer.getState().slots).toEqual({});
    optimizer.applyGradients([[w, tensor([1])]]);
    expect(Object.keys(optimizer.getState().slots)).toEqual(["w"]);
  });
});

describe("learning rates", () => {
  it("reports the rate of the next step, following a schedule", () => {
    const optimizer = sgd({ learningRate: cosineDecay({ initialLearningRate: 1, decaySteps: 2 }) });
    const w = variable(tensor([0]), { name: "w" });
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) {
      rates.push(optimizer.currentLearningRate());
      optimizer.applyGradients([[w, tensor([1])]]);
    }
    expectClose(rates, [1, 0.5, 0], 1e-12, 0);
    expectClose(w.data(), [-1.5], 1e-6, 0);
  });

  it("accepts a custom schedule that carries a config, saved under its function name", () => {
    function halving(step: number): number {
      return 0.1 / 2 ** step;
    }
    halving.config = { start: 0.1 };
    const optimizer = sgd({ learningRate: halving });
    const w = variable(tensor([0]), { name: "w" });
    optimizer.applyGradients([[w, tensor([1])]]);
    expect(optimizer.currentLearningRate()).toBe(0.05);
    expect(optimizer.getConfig().learningRate).toEqual({
      className: "halving",
      config: { start: 0.1 },
    });
  });

  it("checks a rate assigned after construction at the next step", () => {
    const optimizer = sgd();
    optimizer.learningRate = -1;
    const w = variable(tensor([0]), { name: "w" });
    expect(() => optimizer.applyGradients([[w, tensor([1])]])).toThrow("sgd: learningRate is -1.");
  });
});

describe("checks", () => {
  it.each([
    [
      "sgd",
      () => sgd({ momentum: 1.5 }),
      "sgd: momentum is 1.5. Pass a number in [0, 1] for momentum, e.g. 0.9.",
    ],
    [
      "sgd",
      () => sgd({ nesterov: 1 as never }),
      "sgd: nesterov is 1; expected true or false. Pass true or false.",
    ],
    ["adamw", () => adamw({ weightDecay: -1 }), "adamw: weightDecay is -1."],
    ["adamw", () => adamw({ beta1: 2 }), "adamw: beta1 is 2."],
    ["rmsprop", () => rmsprop({ rho: 1 }), "rmsprop: rho is 1. Pass a number in [0, 1) for rho"],
    ["rmsprop", () => rmsprop({ epsilon: -1e-7 }), "rmsprop: epsilon is -1e-7."],
    [
      "adagrad",
      () => adagrad({ initialAccumulatorValue: -0.1 }),
      "adagrad: initialAccumulatorValue is -0.1.",
    ],
    ["adagrad", () => adagrad({ learningRate: Infinity }), "adagrad: learningRate is Infinity."],
    ["adamax", () => adamax({ beta2: 1 }), "adamax: beta2 is 1."],
    [
      "adam",
      () => adam({ lr: 0.1 } as never),
      'adam: unknown option "lr"; the options are: learningRate, clipValue, clipNorm, ' +
        'globalClipNorm, beta1, beta2, epsilon. Did you mean "learningRate"?',
    ],
    [
      "adam",
      () => adam({ learningRate: (() => 0.1) as never }),
      "learningRate is a function without a config",
    ],
  ])("%s rejects invalid hyper-parameters at construction", (_, make, message) => {
    expect(make).toThrow(ValueError);
    expect(make).toThrow(message);
  });

  it("suggests the closest option for a misspelt one", () => {
    expect(() => sgd({ momentun: 0.9 } as never)).toThrow(
      'sgd: unknown option "momentun"; the options are: learningRate, clipValue, clipNorm, ' +
        'globalClipNorm, momentum, nesterov. Did you mean "momentum"?',
    );
    expect(() => adamw({ weight_decay: 0.1 } as never)).toThrow('Did you mean "weightDecay"?');
    expect(() => rmsprop({ learning_rate: 0.1 } as never)).toThrow('Did you mean "learningRate"?');
  });

  it("shows a hyper-parameter of the wrong type by its type and value", () => {
    expect(() => adam({ learningRate: "0.01" as never })).toThrow(
      'adam: learningRate is the string "0.01"; expected a finite number >= 0. ' +
        "Pass a finite number >= 0 for learningRate",
    );
    expect(() => sgd({ nesterov: "yes" as never })).toThrow(
      'sgd: nesterov is the string "yes"; expected true or false. Pass true or false.',
    );
    expect(() => adam({ beta1: [0.9] as never })).toThrow(
      "adam: beta1 is the array [0.9]; expected a number in [0, 1).",
    );
  });

  it("rejects a gradient whose shape differs from its variable's, naming the variable", () => {
    const w = variable(tensor([1, 2]), { name: "dense/bias" });
    expect(() => sgd().applyGradients([[w, tensor([1, 2, 3])]])).toThrow(ShapeError);
    expect(() => sgd().applyGradients([[w, tensor([1, 2, 3])]])).toThrow("dense/bias");
  });

  it("rejects an empty gradient list, a variable listed twice and a non-variable", () => {
    const w = variable(tensor([1]), { name: "w" });
    expect(() => sgd().applyGradients([])).toThrow("sgd: applyGradients got no gradients.");
    expect(() =>
      sgd().applyGradients([
        [w, tensor([1])],
        [w, tensor([1])],
      ]),
    ).toThrow('sgd: "w" appears twice in the gradients.');
    expect(() => sgd().applyGradients([[tensor([1]) as Variable, tensor([1])]])).toThrow(
      "entry 0 does not start with a Variable",
    );
  });

  it("leaves every variable and the step count alone when any check fails", () => {
    const a = variable(tensor([1]), { name: "a" });
    const b = variable(tensor([2]), { name: "b" });
    const optimizer = adam();
    const grads = [
      [a, tensor([1])],
      [b, tensor([1, 2])],
    ] as const;
    expect(() => optimizer.applyGradients(grads)).toThrow(
      'adam: the gradient of "b" is [2] but the variable is [1].',
    );
    expect(optimizer.iterations).toBe(0);
    expectClose([...a.data(), ...b.data()], [1, 2], 0, 0);
    expect(optimizer.getState().slots).toEqual({});
  });
});

describe("getConfig", () => {
  it("lists every hyper-parameter with its default and the clip options that are set", () => {
    expect(adam().getConfig()).toEqual({
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
    expect(sgd({ clipNorm: 1 }).getConfig()).toEqual({
      learningRate: 0.01,
      momentum: 0,
      nesterov: false,
      clipNorm: 1,
    });
    expect(adamw().getConfig().weightDecay).toBe(0.004);
    expect(rmsprop().getConfig()).toEqual({ learningRate: 0.001, rho: 0.9, epsilon: 1e-7 });
    expect(adagrad().getConfig()).toEqual({
      learningRate: 0.001,
      initialAccumulatorValue: 0.1,
      epsilon: 1e-7,
    });
    expect(adamax().getConfig()).toEqual({
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
  });

  it("writes a schedule in its serialized form", () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
    expect(sgd({ learningRate: schedule }).getConfig().learningRate).toEqual({
      className: "cosineDecay",
      config: { initialLearningRate: 0.1, decaySteps: 100, alpha: 0, warmupSteps: 0 },
    });
  });
});
