import { DataError } from "@myelin/data";
import { ModelFileError } from "@myelin/io";
import { describe, expect, it } from "vitest";
import { defaultEpochs } from "../src/commands/train.js";
import { validationCut } from "../src/data-prep.js";
import { CliError, isUserError, userMessage } from "../src/errors.js";
import { parseLayers, resolveCompile, resolveLayers } from "../src/model-spec.js";
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

// C16: the split sizes follow floor(N * (1 - validationSplit)).
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
    expect(() => parseLayers("dropout:1.5")).toThrowError("a dropout rate must be in [0, 1)");
  });
});

describe("resolveLayers and resolveCompile", () => {
  it("adds the input shape and an output layer that fits the task", () => {
    const spec = { layers: parseLayers("8:tanh"), complete: false, compile: {} };
    expect(resolveLayers(spec, { features: 4, outputs: 3, task: "classification" })).toEqual([
      { className: "dense", config: { units: 8, activation: "tanh", inputShape: [4] } },
      { className: "dense", config: { units: 3, activation: "softmax" } },
    ]);
    const regression = resolveLayers(spec, { features: 4, outputs: 1, task: "regression" });
    expect(regression.at(-1)).toEqual({
      className: "dense",
      config: { units: 1, activation: "linear" },
    });
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
  it("shows four significant digits without exponent noise", () => {
    expect([0.123456, 1.5, 12.3456, 1234.5678, 0.0001234, 0].map(formatNumber)).toEqual([
      "0.1235",
      "1.500",
      "12.35",
      "1235",
      "1.234e-4",
      "0",
    ]);
  });
});
