import { DataError } from "@myelin/data";
import { ModelFileError } from "@myelin/io";
import { describe, expect, it } from "vitest";
import { defaultEpochs } from "../src/commands/train.js";
import { validationCut } from "../src/data-prep.js";
import { CliError, isUserError, userMessage } from "../src/errors.js";
import { parseLayers, resolveCompile, resolveLayers } from "../src/model-spec.js";
import { closeNames, editDistance, plural, quoteList } from "../src/names.js";
import { formatNumber } from "../src/reporter.js";
import { deriveSeed, SeedStream } from "../src/seeds.js";

describe("deriveSeed", () => {
  it("depends only on seed, epoch and stream", () => {
    expect(deriveSeed(42, 3, SeedStream.epoch)).toBe(deriveSeed(42, 3, SeedStream.epoch));
    const seeds = new Set(
      [0, 1, 2, 3].flatMap((epoch) => [deriveSeed(42, epoch, 0), deriveSeed(42, epoch, 1)]),
    );
    expect(seeds.size).toBe(8);
    expect(deriveSeed(7, 0, 1)).not.toBe(deriveSeed(8, 0, 1));
  });

  it("returns non-negative 31-bit integers", () => {
    for (const seed of [0, -1, 2 ** 31 - 1, 123456789]) {
      const value = deriveSeed(seed, 5, 1);
      expect(Number.isInteger(value) && value >= 0 && value < 2 ** 31).toBe(true);
    }
  });
});

// The split sizes follow floor(N * (1 - validationSplit)), as with Keras.
describe("validationCut", () => {
  it.each([
    [10, 0.2, 8],
    [10, 0.5, 5],
    [7, 0.3, 4],
    [3, 0.5, 1],
  ])("keeps floor(%i * (1 - %f)) = %i training rows", (n, fraction, train) => {
    expect(validationCut(n, fraction)).toBe(train);
  });

  it("refuses a split that leaves no training rows", () => {
    expect(() => validationCut(1, 0.5)).toThrowError(
      "leaves no training rows (floor(1 * (1 - 0.5)) = 0)",
    );
  });
});

describe("parseLayers", () => {
  it("reads units, activations and dropout", () => {
    expect(parseLayers("64:relu, dropout:0.25,32")).toEqual([
      { className: "dense", config: { units: 64, activation: "relu" } },
      { className: "dropout", config: { rate: 0.25 } },
      { className: "dense", config: { units: 32, activation: "relu" } },
    ]);
  });

  it("names the bad entry", () => {
    expect(() => parseLayers("64:relu,,8")).toThrowError(
      'entry 2 (""): expected UNITS[:ACTIVATION]',
    );
    expect(() => parseLayers("dropout:1.5")).toThrowError("with a rate in [0, 1)");
  });

  it("refuses entries with extra parts or an empty activation, showing the expected form", () => {
    expect(() => parseLayers("32:relu:extra")).toThrowError(
      '--layers "32:relu:extra": entry 1 ("32:relu:extra"): expected UNITS[:ACTIVATION] such ' +
        'as 64:relu, or dropout:RATE such as dropout:0.2; found 3 parts separated by ":".',
    );
    expect(() => parseLayers("64,32:")).toThrowError('entry 2 ("32:"): expected UNITS');
    expect(() => parseLayers("dropout:0.2:x")).toThrowError("expected dropout:RATE");
    expect(() => parseLayers("dropout")).toThrowError("expected dropout:RATE");
  });
});

describe("resolveLayers and resolveCompile", () => {
  it("adds the input shape and an output layer that fits the task", () => {
    const spec = { layers: parseLayers("8:tanh"), complete: false, compile: {} };
    const shape = { features: 4, outputs: 3, task: "classification" as const };
    expect(resolveLayers(spec, shape, "--layers")).toEqual({
      layers: [
        { className: "dense", config: { units: 8, activation: "tanh", inputShape: [4] } },
        { className: "dense", config: { units: 3, activation: "softmax" } },
      ],
      warnings: [],
    });
    const numbers = { ...shape, outputs: 1, task: "regression" as const };
    const regression = resolveLayers(spec, numbers, "--layers");
    expect(regression.layers.at(-1)).toEqual({
      className: "dense",
      config: { units: 1, activation: "linear" },
    });
  });

  it("keeps a final layer that already is the output layer, and adds none", () => {
    const shape = { features: 4, outputs: 3, task: "classification" as const };
    const spec = { layers: parseLayers("16:relu,3:softmax"), complete: false, compile: {} };
    const resolved = resolveLayers(spec, shape, "--layers");
    expect(resolved.layers.map((layer) => layer.config.units)).toEqual([16, 3]);
    expect(resolved.warnings).toEqual([]);

    const linear = { className: "dense", config: { units: 1 } };
    const regression = { layers: [linear], complete: false, compile: {} };
    const numbers = { ...shape, outputs: 1, task: "regression" as const };
    const one = resolveLayers(regression, numbers, "--model m");
    expect(one.layers).toHaveLength(1);
  });

  it("warns when the final layer has the output size but another activation", () => {
    const shape = { features: 4, outputs: 3, task: "classification" as const };
    const spec = { layers: parseLayers("16:relu,3:relu"), complete: false, compile: {} };
    const resolved = resolveLayers(spec, shape, "--model spec.json");
    expect(resolved.layers.map((layer) => layer.config.units)).toEqual([16, 3, 3]);
    expect(resolved.warnings).toEqual([
      '--model spec.json: the last layer is dense with 3 units, as many as the number of ' +
        'classes, but its activation is "relu", so it stays a hidden layer and a softmax ' +
        "output layer of 3 units is added after it. To make it the output layer, give it " +
        'activation "softmax".',
    ]);
  });

  it("lets the command line win over the spec, and the spec over the task's defaults", () => {
    expect(resolveCompile({}, {}, "regression")).toEqual({
      optimizer: { className: "adam", config: {} },
      loss: "meanSquaredError",
      metrics: ["mae"],
    });
    const spec = { optimizer: { className: "sgd", config: { momentum: 0.9 } }, loss: "huber" };
    expect(resolveCompile(spec, { lr: 0.05, metrics: "mae, mse" }, "regression")).toEqual({
      optimizer: { className: "sgd", config: { momentum: 0.9, learningRate: 0.05 } },
      loss: "huber",
      metrics: ["mae", "mse"],
    });
  });
});

describe("defaultEpochs", () => {
  it("aims at about 1500 steps within 20 to 200 epochs", () => {
    expect(defaultEpochs(1438, 32)).toBe(34);
    expect(defaultEpochs(120, 32)).toBe(200);
    expect(defaultEpochs(100_000, 32)).toBe(20);
  });
});

describe("error classes", () => {
  it("treats Myelin's checked errors as user errors and anything else as a bug", () => {
    expect(isUserError(new CliError("x", "bad option"))).toBe(true);
    expect(isUserError(new DataError("empty_file", "empty"))).toBe(true);
    expect(isUserError(new ModelFileError("missing_file", "m", "gone"))).toBe(true);
    expect(isUserError(new TypeError("x is undefined"))).toBe(false);
  });

  it("replaces library hints that name options with ones that name command-line flags", () => {
    const error = new DataError("categorical_feature", "features must be numeric", {
      source: "iris.csv",
      column: "species",
      hint: "List the numeric columns in the features option to leave it out.",
    });
    expect(userMessage(error)).toBe(
      'iris.csv: column "species": features must be numeric. Leave the column out with ' +
        "--ignore-columns, or list the numeric columns with --features.",
    );
  });

  it("replaces the library's hint about columnTypes with one for the command line", () => {
    const error = new DataError("not_a_number", 'expected a number, found "abc"', {
      source: "iris.csv",
      line: 12,
      column: "sepal_length",
      hint: 'Fix the cell, or pass columnTypes: { "sepal_length": "categorical" } if the column holds labels.',
    });
    expect(userMessage(error)).toBe(
      'iris.csv:12: column "sepal_length": expected a number, found "abc". Fix the cell or drop the row; every feature column must hold numbers.',
    );
  });
});

describe("formatNumber", () => {
  it("shows every metric with four decimals, so values line up", () => {
    expect([1, 0.99931, 0.097222, 12.3456, 1234.5678, 0].map(formatNumber)).toEqual([
      "1.0000",
      "0.9993",
      "0.0972",
      "12.3456",
      "1234.5678",
      "0.0000",
    ]);
  });

  it("switches to an exponent only for tiny or huge values", () => {
    expect([0.00001234, 2.5e7, Number.NaN].map(formatNumber)).toEqual([
      "1.234e-5",
      "2.500e+7",
      "NaN",
    ]);
  });
});

describe("names in messages", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("rleu", "relu")).toBe(1);
    expect(editDistance("activaton", "activation")).toBe(1);
    expect(editDistance("foo", "hinge")).toBe(5);
  });

  it("suggests only names a typo away", () => {
    const losses = ["meanSquaredError", "kullbackLeiblerDivergence", "hinge", "huber"];
    expect(closeNames("foo", losses)).toEqual([]);
    expect(closeNames("hinje", losses)).toEqual(["hinge"]);
    expect(closeNames("mse", losses, new Map([["meanSquaredError", ["mse"]]]))).toEqual([
      "meanSquaredError",
    ]);
  });

  it("shows the first few names of a long list and how many more there are", () => {
    const pixels = Array.from({ length: 64 }, (_, i) => `pixel_${i}`);
    expect(quoteList(pixels, 3)).toBe('"pixel_0", "pixel_1", "pixel_2" and 61 more');
    expect(quoteList(["a".repeat(50)])).toBe(`"${"a".repeat(37)}..."`);
  });

  it("writes one row and two rows", () => {
    expect([plural(1, "row"), plural(2, "row")]).toEqual(["1 row", "2 rows"]);
  });
});
