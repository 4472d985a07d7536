import { Dense, dense } from "@myelin/layers";
import { RegistryError } from "@myelin/registry";
import { tensor, ValueError } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  binaryAccuracy,
  csvLogger,
  earlyStopping,
  input,
  model as functionalModel,
  reduceLROnPlateau,
  sequential,
} from "../src/index.js";
import { builtins, rejected, thrown } from "./helpers.js";

function compiled() {
  const model = sequential([dense({ units: 1, inputShape: [2] })], { registry: builtins() });
  model.compile({ optimizer: "sgd", loss: "mse" });
  return model;
}

const x = () => tensor([[1, 2], [3, 4]]);
const y = () => tensor([[1], [2]]);

describe("model options", () => {
  it("names a misspelt compile option instead of only saying the loss is missing", () => {
    const model = sequential([dense({ units: 1, inputShape: [2] })], { registry: builtins() });
    const error = thrown(() => model.compile({ optimizer: "sgd", los: "mse" } as never));
    expect(error).toBeInstanceOf(ValueError);
    expect(error.message).toMatchInlineSnapshot(
      `"compile: unknown option "los"; the options are: optimizer, loss, metrics, lossWeights. Did you mean "loss"?"`,
    );
  });

  it("says which of the optimizer and the loss is missing", () => {
    const model = compiled();
    expect(thrown(() => model.compile({ optimizer: "sgd" } as never)).message).toMatch(
      /^compile: an optimizer and a loss are required, but loss is missing\./,
    );
  });

  it("refuses a misspelt fit option", async () => {
    const error = await rejected(() => compiled().fit(x(), y(), { epochs: 1, bathSize: 2 } as never));
    expect(error.message).toContain('fit: unknown option "bathSize"; the options are: epochs, batchSize');
    expect(error.message).toContain('Did you mean "batchSize"?');
  });

  it("tells a dataset fit that batch options belong to array fit", async () => {
    const batches = () => [{ x: x(), y: y() }];
    const error = await rejected(() => compiled().fit(batches, { epochs: 1, batchSize: 2 } as never));
    expect(error.message).toContain('fit: unknown option "batchSize"');
    expect(error.message).toContain("A dataset brings its own batches");
  });

  it("refuses misspelt options of evaluate, predict, trainOnBatch and summary", () => {
    const model = compiled();
    expect(thrown(() => model.evaluate(x(), y(), { batchsize: 2 } as never)).message).toContain(
      'evaluate: unknown option "batchsize"; the options are: batchSize, sampleWeight, checkFinite. ' +
        'Did you mean "batchSize"?',
    );
    expect(thrown(() => model.predict(x(), { batch: 2 } as never)).message).toContain(
      'predict: unknown option "batch"',
    );
    expect(thrown(() => model.trainOnBatch(x(), y(), { classWeights: {} } as never)).message).toContain(
      'Did you mean "classWeight"?',
    );
    expect(thrown(() => model.summary({ printer: () => {} } as never)).message).toContain(
      'summary: unknown option "printer"',
    );
  });

  it("refuses misspelt options of sequential, model and input", () => {
    expect(thrown(() => sequential([], { sed: 1 } as never)).message).toContain(
      'sequential: unknown option "sed"; the options are: name, seed, registry. Did you mean "seed"?',
    );
    expect(thrown(() => input({ shape: [2], nmae: "a" } as never)).message).toContain(
      'input: unknown option "nmae"',
    );
    const a = input({ shape: [2] });
    const out = dense({ units: 1 }).apply(a);
    expect(thrown(() => functionalModel({ inputs: a, outputs: out, nam: "m" } as never)).message)
      .toContain('model: unknown option "nam"');
  });

  it("checks a layer made with new when a sequential model adds it", () => {
    const layer = new Dense({ units: 1, activaton: "relu" } as never);
    expect(thrown(() => sequential([layer])).message).toContain('Did you mean "activation"?');
  });

  it("shows a count of the wrong type by its type", async () => {
    const error = await rejected(() => compiled().fit(x(), y(), { epochs: "10" as never }));
    expect(error.message).toMatch(/^fit: epochs is the string "10"; expected an integer >= 0\./);
    const split = await rejected(() => compiled().fit(x(), y(), { validationSplit: "0.5" as never }));
    expect(split.message).toContain('validationSplit is the string "0.5"; expected a number in (0, 1)');
  });

  it("reports a disposed input under the method that was called", () => {
    const model = compiled();
    const data = x();
    data.dispose();
    expect(thrown(() => model.predict(data)).message).toMatch(
      new RegExp(`^predict: argument x \\(tensor ${data.id}, shape \\[2, 2\\]\\) was disposed;`),
    );
  });
});

describe("metric names and options", () => {
  it("suggest the closest metric for an unknown name, with the registry's error", () => {
    const model = sequential([dense({ units: 1, inputShape: [2] })], { registry: builtins() });
    const error = thrown(() => model.compile({ optimizer: "sgd", loss: "mse", metrics: ["acuracy"] }));
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe("unknown_name");
    expect(error.message).toMatch(/^Unknown metric "acuracy"\. Did you mean "accuracy"/);
    expect(error.message).toContain("Known metrics: accuracy, binaryAccuracy");
  });

  it("refuse options they do not take", () => {
    expect(thrown(() => binaryAccuracy({ treshold: 0.4 } as never)).message).toContain(
      'binaryAccuracy: unknown option "treshold"; the options are: name, threshold. Did you mean "threshold"?',
    );
    expect(thrown(() => binaryAccuracy({ threshold: "0.4" as never })).message).toContain(
      'threshold is the string "0.4"; expected a finite number',
    );
  });
});

describe("callback options", () => {
  it("refuse a misspelt option, suggesting the closest", () => {
    expect(thrown(() => earlyStopping({ patiance: 3 } as never)).message).toContain(
      'earlyStopping: unknown option "patiance"; the options are: monitor, minDelta, patience, ' +
        'mode, baseline, restoreBestWeights. Did you mean "patience"?',
    );
    expect(thrown(() => reduceLROnPlateau({ minLR: 1e-5 } as never)).message).toContain(
      'Did you mean "minLr"?',
    );
    expect(thrown(() => csvLogger({ write: () => {}, seperator: ";" } as never)).message).toContain(
      'Did you mean "separator"?',
    );
  });

  it("show a patience of the wrong type by its type", () => {
    expect(thrown(() => earlyStopping({ patience: "3" as never })).message).toContain(
      'patience is the string "3"; expected an integer >= 0',
    );
  });
});
