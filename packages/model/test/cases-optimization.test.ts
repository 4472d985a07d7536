/**
 * Real bug cases about what fit does with the optimizer: learning-rate
 * schedules (C19), Adam's bias correction (C20) and gradient clipping (C22),
 * each observed through fit.
 */
import { dense } from "@myelin/layers";
import { adam, exponentialDecay, type Optimizer, sgd, stepDecay } from "@myelin/optimizers";
import { tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { type Callback, learningRateScheduler, type Sequential, sequential } from "../src/index.js";
import { expectClose, rejected } from "./helpers.js";

/** dense(1) without bias, kernel set, compiled with MAE and the optimizer. */
function linear(
  kernel: number[][],
  optimizer: Optimizer,
  loss = "meanAbsoluteError",
  useBias = false,
): Sequential {
  const model = sequential([dense({ units: 1, useBias, inputShape: [kernel.length] })]);
  model.setWeights(useBias ? [tensor(kernel), tensor([0])] : [tensor(kernel)]);
  model.compile({ optimizer, loss });
  return model;
}

async function kernelsPerEpoch(
  model: Sequential,
  x: number[][],
  y: number[][],
  epochs: number,
  callbacks: Callback[] = [],
) {
  const kernels: number[] = [];
  const history = await model.fit(tensor(x), tensor(y), {
    epochs,
    batchSize: 1,
    callbacks: [
      ...callbacks,
      { onEpochEnd: () => void kernels.push(model.weights[0]!.data()[0]!) },
    ],
  });
  return { kernels, lr: history.history.lr! };
}

const STEP_RATES = [
  0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002,
  0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003,
];
const STEP_KERNELS = [
  0.9, 0.8, 0.7, 0.69, 0.6799999999999999, 0.6699999999999999, 0.6689999999999999,
  0.6679999999999999, 0.6669999999999999, 0.6668999999999999,
];

describe("C19: a learning-rate schedule applies epoch e's rate during epoch e", () => {
  it("step decay through learningRateScheduler: reported rates are the rates used", async () => {
    const model = linear([[1]], sgd({ learningRate: 0.1 }));
    const schedule = learningRateScheduler((epoch) => 0.1 * 0.1 ** Math.floor(epoch / 3));
    const { kernels, lr } = await kernelsPerEpoch(model, [[1]], [[-100]], 10, [schedule]);
    expectClose(kernels, STEP_KERNELS, 1e-6);
    expectClose(lr, STEP_RATES, 1e-9, 1e-6);
    // The gradient is exactly 1, so each epoch's kernel change is the rate it used.
    const used = kernels.map((k, i) => (i === 0 ? 1 : kernels[i - 1]!) - k);
    expectClose(used, lr, 1e-6);
  });

  it("exponential decay per epoch through learningRateScheduler", async () => {
    const model = linear([[1]], sgd({ learningRate: 0.1 }));
    const { kernels, lr } = await kernelsPerEpoch(model, [[1]], [[-100]], 4, [
      learningRateScheduler((e) => 0.1 * 0.5 ** e),
    ]);
    expectClose(lr, [0.1, 0.05, 0.025, 0.0125], 1e-9, 1e-6);
    expectClose([kernels[3]!], [0.8125], 1e-6);
  });

  it("the same schedules as optimizer schedules (one step per epoch)", async () => {
    const stepped = linear(
      [[1]],
      sgd({ learningRate: stepDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.1 }) }),
    );
    const a = await kernelsPerEpoch(stepped, [[1]], [[-100]], 10);
    expectClose(a.kernels, STEP_KERNELS, 1e-6);
    expectClose(a.lr, STEP_RATES, 1e-9, 1e-6);
    const halved = linear(
      [[1]],
      sgd({
        learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }),
      }),
    );
    const b = await kernelsPerEpoch(halved, [[1]], [[-100]], 4);
    expectClose(b.lr, [0.1, 0.05, 0.025, 0.0125], 1e-9, 1e-6);
    expectClose([b.kernels[3]!], [0.8125], 1e-6);
  });

  it("raises at the epoch where the schedule returns NaN, a negative number or a non-number", async () => {
    for (const bad of [NaN, -0.1, "0.1" as unknown as number]) {
      const model = linear([[1]], sgd({ learningRate: 0.1 }));
      const schedule = learningRateScheduler((epoch) => (epoch === 2 ? bad : 0.1));
      const error = await rejected(() =>
        model.fit(tensor([[1]]), tensor([[-100]]), { epochs: 5, callbacks: [schedule] }),
      );
      expect(error.message).toMatch(/learningRateScheduler: the schedule returned .* for epoch 2/);
    }
  });
});

describe("C20: Adam divides by the bias corrections", () => {
  it("moves by almost exactly the rate per step under a constant gradient", async () => {
    const model = linear([[1]], adam({ learningRate: 0.01, beta1: 0.9, beta2: 0.999 }));
    const { kernels } = await kernelsPerEpoch(model, [[0.5]], [[-100]], 3);
    expectClose(kernels, [0.9900000002, 0.9800000004000001, 0.9700000006000001], 1e-6);
  });

  it("follows the reference on L = w^2", async () => {
    const model = linear(
      [[1]],
      adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999 }),
      "meanSquaredError",
    );
    const { kernels } = await kernelsPerEpoch(model, [[1]], [[0]], 3);
    expectClose(kernels, [0.9000000005, 0.8004122286917928, 0.7015862729460303], 1e-6);
  });
});

describe("C22: clipping changes the update fit applies", () => {
  const step = async (options: Record<string, number>) => {
    const model = linear([[0], [0]], sgd({ learningRate: 0.1, ...options }));
    await model.fit(tensor([[3, -4]]), tensor([[-100]]), { epochs: 1 });
    return model.weights[0]!.data();
  };

  it.each([
    ["no clipping", {}, [-0.3, 0.4]],
    ["clipNorm 1", { clipNorm: 1 }, [-0.06, 0.08]],
    ["clipNorm 10", { clipNorm: 10 }, [-0.3, 0.4]],
    ["clipValue 0.5", { clipValue: 0.5 }, [-0.05, 0.05]],
    ["clipValue 0", { clipValue: 0 }, [0, 0]],
  ] as const)("%s", async (_name, options, expected) => {
    expectClose(await step(options), expected, 1e-7);
  });

  it("clips per tensor with clipNorm and over all tensors with globalClipNorm", async () => {
    const run = async (options: Record<string, number>) => {
      const model = linear(
        [[0]],
        sgd({ learningRate: 0.1, ...options }),
        "meanAbsoluteError",
        true,
      );
      await model.fit(tensor([[3]]), tensor([[-100]]), { epochs: 1 });
      return model.weights.map((w) => w.data()[0]!);
    };
    expectClose(await run({ clipNorm: 1 }), [-0.1, -0.1], 1e-7);
    expectClose(
      await run({ globalClipNorm: 1 }),
      [-0.09486832980505139, -0.03162277660168379],
      1e-7,
    );
  });

  it("leaves a zero gradient zero under clipNorm, without NaN", async () => {
    const model = linear([[0], [0]], sgd({ learningRate: 0.1, clipNorm: 1 }));
    const history = await model.fit(tensor([[0, 0]]), tensor([[-100]]), { epochs: 1 });
    expect(Array.from(model.weights[0]!.data())).toEqual([0, 0]);
    expect(Number.isFinite(history.history.loss![0])).toBe(true);
  });
});
