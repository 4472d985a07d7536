/**
 * Real bug cases about the data fit receives: the validation split (C16),
 * empty data (C17), ragged rows and non-finite values (C18).
 */
import { type CallOptions, dense, Layer, type LayerArgs } from "@myelin/layers";
import { type Tensor, tensor, zeros } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { type Sequential, sequential } from "../src/index.js";
import { expectClose, rejected, thrown } from "./helpers.js";

/** An identity layer that records the rows it sees, by mode. */
class Recorder extends Layer {
  static override className = "Recorder";
  readonly training: number[][] = [];
  readonly inference: number[][] = [];

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    (options.training ? this.training : this.inference).push(Array.from(x.data()));
    return x;
  }
}

function frozenLinear(recorder: Recorder): Sequential {
  const model = sequential([
    recorder,
    dense({ units: 1, kernelInitializer: "zeros", trainable: false }),
  ]);
  model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  return model;
}

const column = (n: number) => tensor(Array.from({ length: n }, (_, i) => [i]));

describe("C16: validationSplit takes the last rows before shuffling", () => {
  it("reports mean(y^2) over rows 0..7 as loss and over rows 8, 9 as val_loss, each epoch", async () => {
    const recorder = new Recorder({ inputShape: [1] });
    const model = frozenLinear(recorder);
    const history = await model.fit(column(10), column(10), {
      validationSplit: 0.2,
      shuffle: true,
      epochs: 3,
      batchSize: 4,
      seed: 3,
    });
    expectClose(history.history.loss!, [17.5, 17.5, 17.5], 0, 1e-6);
    expectClose(history.history.val_loss!, [72.5, 72.5, 72.5], 0, 1e-6);
    const perEpoch = [0, 1, 2].map((e) =>
      recorder.training
        .slice(e * 2, e * 2 + 2)
        .flat()
        .sort((a, b) => a - b),
    );
    for (const rows of perEpoch) {
      expect(rows).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
    expect(recorder.training.map((b) => b.length)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(recorder.inference).toEqual([
      [8, 9],
      [8, 9],
      [8, 9],
    ]);
    const orders = [0, 1, 2].map((e) =>
      recorder.training
        .slice(e * 2, e * 2 + 2)
        .flat()
        .join(),
    );
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it.each([
    [10, 0.2, 8, 2],
    [10, 0.5, 5, 5],
    [7, 0.3, 4, 3],
    [3, 0.5, 1, 2],
  ])(
    "splits %i rows at %f into %i training and %i validation rows",
    async (n, split, train, val) => {
      const recorder = new Recorder({ inputShape: [1] });
      await frozenLinear(recorder).fit(column(n), column(n), {
        validationSplit: split,
        batchSize: 100,
      });
      expect(recorder.training.flat().sort((a, b) => a - b)).toEqual(
        Array.from({ length: train }, (_, i) => i),
      );
      expect(recorder.inference.flat()).toEqual(Array.from({ length: val }, (_, i) => train + i));
    },
  );

  it("refuses a split that leaves no training rows, and splits outside (0, 1)", async () => {
    const model = frozenLinear(new Recorder({ inputShape: [1] }));
    const error = await rejected(() => model.fit(column(1), column(1), { validationSplit: 0.5 }));
    expect(error.message).toContain("leaves 0 training rows");
    for (const split of [0, 1, -0.1, 1.5, NaN]) {
      const bad = await rejected(() => model.fit(column(4), column(4), { validationSplit: split }));
      expect(bad.message).toMatch(/validationSplit is .*, but it must be in \(0, 1\)/);
    }
  });
});

describe("C17: empty training data", () => {
  const make = () => {
    const model = sequential([dense({ units: 1, inputShape: [2] })]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    return model;
  };

  it("fit raises at once, before any epoch, saying the data is empty", async () => {
    const epochs: number[] = [];
    const start = Date.now();
    const error = await rejected(() =>
      make().fit(zeros([0, 2]), zeros([0, 1]), {
        epochs: 2,
        callbacks: [{ onEpochBegin: (e) => void epochs.push(e) }],
      }),
    );
    expect(Date.now() - start).toBeLessThan(1000);
    expect(error.message).toContain("the training data is empty (0 samples)");
    expect(epochs).toEqual([]);
  });

  it("evaluate raises instead of returning NaN; predict returns an empty [0, 1]", () => {
    expect(thrown(() => make().evaluate(zeros([0, 2]), zeros([0, 1]))).message).toContain(
      "empty (0 samples)",
    );
    expect(make().predict(zeros([0, 2])).shape).toEqual([0, 1]);
  });

  it("runs one step per epoch when the batch is larger than the data", async () => {
    const steps: number[] = [];
    const history = await make().fit(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tensor([[1], [2], [3]]),
      {
        batchSize: 32,
        epochs: 1,
        callbacks: [{ onBatchEnd: (_b, logs) => void steps.push(logs.size!) }],
      },
    );
    expect(steps).toEqual([3]);
    expect(history.history.loss).toHaveLength(1);
    expect(Number.isFinite(history.history.loss![0])).toBe(true);
  });

  it("names both sample counts when x and y differ", async () => {
    const error = await rejected(() => make().fit(zeros([3, 2]), zeros([2, 1])));
    expect(error.message).toContain("x has 3 samples but y has 2");
  });
});

describe("C18: ragged, NaN and non-number rows", () => {
  const make = () => {
    const model = sequential([
      dense({ units: 1, inputShape: [2], kernelInitializer: "ones", biasInitializer: "zeros" }),
    ]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    return model;
  };

  it("names the ragged row, its length and the expected length", async () => {
    const error = await rejected(() =>
      make().fit(
        [
          [0, 1],
          [0, 1, 1],
          [1, 0],
        ],
        [[1], [0], [1]],
      ),
    );
    expect(error.message).toContain("x row 1 has 3 values, but row 0 has 2");
  });

  it("names the row and column of a NaN, in arrays and in tensors", async () => {
    const nested = await rejected(() =>
      make().fit(
        [
          [1, 0],
          [NaN, 0],
          [3, 0],
        ],
        [[1], [2], [3]],
      ),
    );
    expect(nested.message).toContain("x row 1, column 0 is NaN");
    const asTensor = await rejected(() =>
      make().fit(
        tensor([
          [1, 0],
          [2, Infinity],
        ]),
        tensor([[1], [2]]),
      ),
    );
    expect(asTensor.message).toContain("x row 1, column 1 is Infinity");
    const inY = await rejected(() =>
      make().fit(
        tensor([
          [1, 0],
          [2, 0],
        ]),
        tensor([[1], [NaN]]),
      ),
    );
    expect(inY.message).toContain("y row 1, column 0 is NaN");
  });

  it("with checkFinite: false trains anyway and reports a NaN loss, never a finite one", async () => {
    const history = await make().fit(
      [
        [1, 0],
        [NaN, 0],
        [3, 0],
      ],
      [[1], [2], [3]],
      { checkFinite: false, epochs: 1 },
    );
    expect(Number.isNaN(history.history.loss![0])).toBe(true);
  });

  it("names the row and the bad value of a non-number", async () => {
    const error = await rejected(() =>
      make().fit(
        [
          [1, 0],
          [undefined as unknown as number, 0],
        ],
        [[1], [2]],
      ),
    );
    expect(error.message).toContain("x row 1, column 0 is undefined, not a number");
    const text = await rejected(() =>
      make().fit(
        [
          [1, 0],
          ["3" as unknown as number, 0],
        ],
        [[1], [2]],
      ),
    );
    expect(text.message).toContain('the string "3"');
  });

  it("names the expected and received feature counts when predicting", () => {
    const error = thrown(() => make().predict([[1, 2, 3]]));
    expect(error.message).toContain("expected input shape [*, 2], found [1, 3]");
  });

  it("gives loss 0 on the clean control", () => {
    const { loss } = make().evaluate(
      [
        [1, 0],
        [2, 0],
        [3, 0],
      ],
      [[1], [2], [3]],
    );
    expect(loss).toBeLessThanOrEqual(1e-7);
  });
});
