import {
  sub,
  square,
  sum,
  add,
  tensor,
  type Variable,
  variable,
  variableGrads,
} from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  adagrad,
  adam,
  adamax,
  adamw,
  cosineDecay,
  getOptimizer,
  type Optimizer,
  type OptimizerState,
  rmsprop,
  serializeOptimizer,
  sgd,
} from "./index.js";

const OPTIMIZERS: readonly (readonly [string, () => Optimizer])[] = [
  ["sgd", () => sgd({ learningRate: 0.1 })],
  ["sgd with Nesterov momentum", () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
  ["adam", () => adam({ learningRate: 0.05 })],
  ["adamw", () => adamw({ learningRate: 0.05, weightDecay: 0.1 })],
  ["rmsprop", () => rmsprop({ learningRate: 0.05 })],
  ["adagrad", () => adagrad({ learningRate: 0.2 })],
  ["adamax", () => adamax({ learningRate: 0.05 })],
  [
    "adam on a warmup-cosine schedule with global clipping",
    () =>
      adam({
        learningRate: cosineDecay({
          initialLearningRate: 0,
          decaySteps: 8,
          warmupSteps: 3,
          warmupTarget: 0.1,
        }),
        globalClipNorm: 0.5,
      }),
  ],
];

interface Model {
  kernel: Variable;
  bias: Variable;
}

function makeModel(kernel: ArrayLike<number>, bias: ArrayLike<number>): Model {
  return {
    kernel: variable(tensor(Float32Array.from(kernel), [3, 2]), { name: "dense/kernel" }),
    bias: variable(tensor(Float32Array.from(bias), [2]), { name: "dense/bias" }),
  };
}

const START_KERNEL = [0.5, -1, 2, 0.25, -0.75, 1.5];
const START_BIAS = [0.1, -0.2];

/** One step on L = sum((kernel - 1)^2) + sum((kernel + bias)^2), with autograd gradients. */
function train(optimizer: Optimizer, model: Model, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const { grads } = variableGrads(
      () => add(sum(square(sub(model.kernel, 1))), sum(square(add(model.kernel, model.bias)))),
      [model.kernel, model.bias],
    );
    optimizer.applyGradients(grads);
  }
}

function toJson(state: OptimizerState): OptimizerState {
  const slots = Object.fromEntries(
    Object.entries(state.slots).map(([name, arrays]) => [name, arrays.map((a) => Array.from(a))]),
  );
  return JSON.parse(JSON.stringify({ iterations: state.iterations, slots }));
}

describe("optimizer state", () => {
  it.each(OPTIMIZERS)(
    "%s: 5 steps, save, restore on fresh variables, 5 more equals 10 steps bit for bit",
    (_, make) => {
      const straight = makeModel(START_KERNEL, START_BIAS);
      const reference = make();
      train(reference, straight, 10);

      for (const route of ["binary", "json"] as const) {
        const first = makeModel(START_KERNEL, START_BIAS);
        const before = make();
        train(before, first, 5);
        const saved = route === "json" ? toJson(before.getState()) : before.getState();

        const resumed = makeModel(first.kernel.data(), first.bias.data());
        const after = getOptimizer(JSON.parse(JSON.stringify(serializeOptimizer(before))));
        after.setState(saved);
        train(after, resumed, 5);

        expect(resumed.kernel.data()).toEqual(straight.kernel.data());
        expect(resumed.bias.data()).toEqual(straight.bias.data());
        expect(after.iterations).toBe(10);
        expect(toJson(after.getState())).toEqual(toJson(reference.getState()));
      }
    },
  );

  it("returns a copy: later steps do not change a saved state", () => {
    const model = makeModel(START_KERNEL, START_BIAS);
    const optimizer = adam();
    train(optimizer, model, 1);
    const saved = toJson(optimizer.getState());
    const live = optimizer.getState();
    train(optimizer, model, 1);
    expect(toJson(live)).toEqual(saved);
  });

  it("overwrites the slots of variables it already tracks", () => {
    const model = makeModel(START_KERNEL, START_BIAS);
    const optimizer = rmsprop();
    train(optimizer, model, 1);
    const saved = optimizer.getState();
    train(optimizer, model, 3);
    optimizer.setState(saved);
    expect(toJson(optimizer.getState())).toEqual(toJson(saved));
  });

  it("keeps restored slots that are not used yet in the next saved state", () => {
    const optimizer = adam();
    const state = {
      iterations: 3,
      slots: {
        w: [
          [1, 2],
          [3, 4],
        ],
      },
    };
    optimizer.setState(state);
    expect(optimizer.getState()).toEqual(state);
  });

  it("rejects a state with the wrong number of slots, naming the variable", () => {
    expect(() => adam().setState({ iterations: 1, slots: { w: [[1]] } })).toThrow(
      'adam: state.slots["w"] has 1 slot arrays, but adam keeps 2 per variable.',
    );
  });

  it("rejects slots whose size does not match the variable, when it is first updated", () => {
    const optimizer = adam();
    optimizer.setState({
      iterations: 1,
      slots: {
        w: [
          [1, 2, 3],
          [1, 2, 3],
        ],
      },
    });
    const w = variable(tensor([1, 2]), { name: "w" });
    expect(() => optimizer.applyGradients([[w, tensor([1, 1])]])).toThrow(
      'the saved slot 0 of "w" holds 3 values, but the variable has 2',
    );
  });

  it("rejects a step count that is not a non-negative integer", () => {
    expect(() => sgd().setState({ iterations: -1, slots: {} })).toThrow(
      "sgd: state.iterations is -1.",
    );
    expect(() => sgd().setState({ iterations: 1.5, slots: {} })).toThrow(
      "Pass an integer >= 0 for state.iterations",
    );
  });

  it("refuses to save state for two variables of the same name", () => {
    const optimizer = adam();
    const a = variable(tensor([1]), { name: "w" });
    const b = variable(tensor([2]), { name: "w" });
    optimizer.applyGradients([
      [a, tensor([1])],
      [b, tensor([1])],
    ]);
    expect(() => optimizer.getState()).toThrow('two variables named "w" have optimizer state');
  });
});
