import { concatenate, dense, dropout } from "@myelin/layers";
import { meanSquaredErrorLoss } from "@myelin/losses";
import { sgd } from "@myelin/optimizers";
import { Generator, recentLogs, type Tensor, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { type DatasetBatch, input, model as functionalModel, sequential } from "../src/index.js";
import { builtins, expectClose, random, rejected, thrown } from "./helpers.js";

function line(n: number, seed = 1) {
  const g = new Generator(seed);
  const xs = Float32Array.from({ length: n }, () => g.uniform() * 2 - 1);
  return {
    x: tensor(xs, [n, 1]),
    y: tensor(
      xs.map((v) => 3 * v + 0.5),
      [n, 1],
    ),
  };
}

function linear(seed = 1) {
  const model = sequential([dense({ units: 1, inputShape: [1] })], { seed });
  model.compile({
    optimizer: sgd({ learningRate: 0.1 }),
    loss: "meanSquaredError",
    metrics: ["mae"],
  });
  return model;
}

describe("compile", () => {
  it("takes names, { className, config } and instances, with Keras spellings", () => {
    const model = sequential([dense({ units: 1, inputShape: [1] })], { registry: builtins() });
    model.compile({ optimizer: "SGD", loss: "mean_squared_error" });
    model.compile({
      optimizer: { className: "adam", config: { learningRate: 0.01 } },
      loss: { className: "huber", config: { delta: 2 } },
    });
    expect(model.optimizer!.getConfig().learningRate).toBe(0.01);
    model.compile({
      optimizer: sgd({ learningRate: 0.3 }),
      loss: meanSquaredErrorLoss(),
      metrics: ["mse", "mae", "accuracy"],
    });
    expect(model.toJSON().trainingConfig!.loss[0]).toMatchObject({ className: "meanSquaredError" });
  });

  it("names unknown optimizers, losses and metrics", () => {
    const model = sequential([dense({ units: 1, inputShape: [1] })]);
    expect(() => model.compile({ optimizer: "sgdd", loss: "meanSquaredError" })).toThrow(/sgdd/);
    expect(() => model.compile({ optimizer: "sgd", loss: "meanSquaredErr" })).toThrow(
      /meanSquaredErr/,
    );
    expect(() =>
      model.compile({ optimizer: "sgd", loss: "meanSquaredError", metrics: ["accuracyy"] }),
    ).toThrow(/Unknown metric "accuracyy"/);
  });

  it("fit before compile says to compile", async () => {
    const error = await rejected(() =>
      sequential([dense({ units: 1, inputShape: [1] })]).fit([[1]], [[1]]),
    );
    expect(error.message).toContain("the model is not compiled");
  });
});

describe("fit", () => {
  it("fits a line and reports loss and metrics per epoch, with validation", async () => {
    const { x, y } = line(64);
    const history = await linear().fit(x, y, { epochs: 30, batchSize: 16, validationSplit: 0.25 });
    expect(Object.keys(history.history).sort()).toEqual([
      "loss",
      "lr",
      "mae",
      "val_loss",
      "val_mae",
    ]);
    expect(history.epoch).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(history.history.val_loss![29]).toBeLessThan(1e-3);
  });

  it("repeats exactly from a seed, shuffling and dropout included", async () => {
    const run = async () => {
      const model = sequential(
        [
          dense({ units: 8, inputShape: [1], activation: "relu" }),
          dropout({ rate: 0.3 }),
          dense({ units: 1 }),
        ],
        { seed: 3 },
      );
      model.compile({ optimizer: "adam", loss: "meanSquaredError" });
      const { x, y } = line(32);
      return (await model.fit(x, y, { epochs: 3, batchSize: 8, seed: 11 })).history.loss;
    };
    expect(await run()).toEqual(await run());
  });

  it("starts counting at initialEpoch", async () => {
    const { x, y } = line(8);
    const history = await linear().fit(x, y, { epochs: 5, initialEpoch: 3 });
    expect(history.epoch).toEqual([3, 4]);
  });

  it("weighs samples by sampleWeight and classWeight", async () => {
    const x = tensor([[1], [1]]);
    const y = tensor([[0], [4]]);
    const model = sequential([
      dense({ units: 1, inputShape: [1], kernelInitializer: "zeros", useBias: false }),
    ]);
    model.compile({ optimizer: sgd({ learningRate: 0 }), loss: "meanSquaredError" });
    const weighted = await model.fit(x, y, { sampleWeight: [0, 1], shuffle: false });
    expectClose(weighted.history.loss!, [8], 1e-6);
    const classifier = sequential([
      dense({
        units: 2,
        inputShape: [1],
        kernelInitializer: "zeros",
        useBias: false,
        activation: "softmax",
      }),
    ]);
    classifier.compile({
      optimizer: sgd({ learningRate: 0 }),
      loss: "sparseCategoricalCrossentropy",
    });
    const byClass = await classifier.fit(tensor([[1], [1]]), tensor([0, 1]), {
      classWeight: { 0: 3, 1: 1 },
    });
    expectClose(byClass.history.loss!, [(Math.log(2) * 4) / 2], 1e-6);
  });

  it("warns once when the inputs look unscaled, leaving them unchanged", async () => {
    const x = tensor([[1000], [2000], [3000]]);
    const before = Array.from(x.data());
    await linear().fit(x, tensor([[1], [2], [3]]), { epochs: 1 });
    await linear().fit(x, tensor([[1], [2], [3]]), { epochs: 1 });
    const warnings = recentLogs().filter((r) => r.message.includes("look unscaled"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("feature 0 has max |x| 3000");
    expect(Array.from(x.data())).toEqual(before);
  });

  it("accepts { data, rows, cols } matrices", async () => {
    const history = await linear().fit(
      { data: Float32Array.of(1, 2, 3), rows: 3, cols: 1 },
      { data: Float32Array.of(2, 4, 6), rows: 3, cols: 1 },
    );
    expect(history.history.loss).toHaveLength(1);
  });

  it("trains from an async iterable of batches, read again each epoch", async () => {
    const { x, y } = line(48);
    const xs = x.data();
    const ys = y.data();
    const dataset = {
      async *[Symbol.asyncIterator](): AsyncGenerator<DatasetBatch> {
        for (let start = 0; start < 48; start += 16) {
          yield {
            x: { data: xs.slice(start, start + 16) as Float32Array, rows: 16, cols: 1 },
            y: tensor(ys.slice(start, start + 16), [16, 1]),
          };
        }
      },
    };
    const batches: number[] = [];
    const model = linear();
    const history = await model.fit(dataset, {
      epochs: 40,
      validationData: [x, y],
      callbacks: [{ onBatchEnd: (b) => void batches.push(b) }],
    });
    expect(batches.slice(0, 4)).toEqual([0, 1, 2, 0]);
    expect(history.history.loss).toHaveLength(40);
    expect(history.history.val_loss![39]).toBeLessThan(0.01);
  });

  it("says a one-shot generator cannot be read twice", async () => {
    async function* once(): AsyncGenerator<DatasetBatch> {
      yield { x: [[1]], y: [[1]] };
    }
    const error = await rejected(() => linear().fit(once(), { epochs: 2 }));
    expect(error.message).toContain("yielded no batches in epoch 1");
  });

  it("trainOnBatch steps once and predictOnBatch runs once", () => {
    const model = linear();
    const before = model.predictOnBatch([[1]]).data()[0]!;
    const logs = model.trainOnBatch([[1]], [[10]]);
    expect(Object.keys(logs)).toEqual(["loss", "mae"]);
    expect(model.predictOnBatch([[1]]).data()[0]!).toBeGreaterThan(before);
  });

  it("predicts in batches the same values as in one batch", () => {
    const model = sequential([dense({ units: 3, inputShape: [2], activation: "tanh" })]);
    const x = random([37, 2], 5);
    expect(Array.from(model.predict(x, { batchSize: 5 }).data())).toEqual(
      Array.from(model.predict(x, { batchSize: 64 }).data()),
    );
  });

  it("builds a sequential model without inputShape from the first data", async () => {
    const model = sequential([dense({ units: 2 }), dense({ units: 1 })]);
    expect(model.built).toBe(false);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    await model.fit([[1, 2, 3]], [[1]]);
    expect(model.built).toBe(true);
    expect(model.inputShapes).toEqual([[null, 3]]);
  });

  it("checks shapes when layers are added, naming the layer", () => {
    const model = sequential([dense({ units: 2, inputShape: [3] })]);
    expect(
      thrown(() => model.add(dense({ units: 1, inputShape: [5], name: "second" }))).message,
    ).toContain("second (layer 1, Dense): expected input shape [*, 5], found [null, 2]");
  });
});

describe("functional API", () => {
  it("trains a two-input, two-output model with a loss per output", async () => {
    const a = input({ shape: [2] });
    const b = input({ shape: [1] });
    const hidden = dense({ units: 8, activation: "tanh" }).apply(concatenate().apply([a, b]));
    const sum = dense({ units: 1, name: "sum" }).apply(hidden);
    const sign = dense({ units: 1, activation: "sigmoid", name: "sign" }).apply(hidden);
    const m = functionalModel({ inputs: [a, b], outputs: [sum, sign], seed: 2 });
    m.compile({
      optimizer: "adam",
      loss: { sum: "meanSquaredError", sign: "binaryCrossentropy" },
      metrics: { sign: ["accuracy"] },
      lossWeights: { sum: 1, sign: 0.5 },
    });
    const xa = random([64, 2], 1, -1, 1);
    const xb = random([64, 1], 2, -1, 1);
    const total: number[] = [];
    const pa = xa.data();
    const pb = xb.data();
    for (let i = 0; i < 64; i++) {
      total.push(pa[i * 2]! + pa[i * 2 + 1]! + pb[i]!);
    }
    const ySum = tensor(total, [64, 1]);
    const ySign = tensor(
      total.map((t) => (t > 0 ? 1 : 0)),
      [64, 1],
    );
    const history = await m.fit([xa, xb], [ySum, ySign], { epochs: 60, batchSize: 16 });
    expect(Object.keys(history.history).sort()).toEqual([
      "loss",
      "lr",
      "sign_accuracy",
      "sign_loss",
      "sum_loss",
    ]);
    const last = (k: string) => history.history[k]![59]!;
    expectClose([last("loss")], [last("sum_loss") + 0.5 * last("sign_loss")], 1e-5, 1e-4);
    expect(last("sign_accuracy")).toBeGreaterThan(0.9);
    const [ps, pg] = m.predict([xa, xb]) as Tensor[];
    expect(ps!.shape).toEqual([64, 1]);
    expect(pg!.shape).toEqual([64, 1]);
  });

  it("names an input the outputs need but the model does not list", () => {
    const a = input({ shape: [1], name: "a" });
    const b = input({ shape: [1], name: "b" });
    const y = dense({ units: 1 }).apply(concatenate().apply([a, b]));
    expect(() => functionalModel({ inputs: a, outputs: y })).toThrow(/depend on input "b"/);
  });
});
