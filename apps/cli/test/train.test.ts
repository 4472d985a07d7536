import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { datasetPath } from "@myelin/data/node";
import { describe, expect, it } from "vitest";
import { expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();

describe("myelin train on small data", () => {
  it("reaches 0.9 test accuracy on an iris CSV, with an event per epoch and checkpoint", async () => {
    const out = join(dir(), "iris");
    const args = ["train", "--data", datasetPath("iris"), "--target", "species", "--epochs", "60"];
    const run = expectExit(
      await runCli([...args, "--lr", "0.01", "--out", out, "--json"], { cwd: dir() }),
      0,
    );

    const kinds = run.events.map((event) => event.event);
    expect(kinds[0]).toBe("start");
    expect(kinds.filter((kind) => kind === "epoch")).toHaveLength(60);
    expect(kinds.filter((kind) => kind === "checkpoint")).toHaveLength(60);
    expect(kinds.at(-1)).toBe("done");

    const start = run.events[0]!;
    expect(start).toMatchObject({ dataset: "iris.csv", task: "classification", features: 4 });
    expect(start.classes).toEqual(["setosa", "versicolor", "virginica"]);
    expect(start.rows).toEqual({ train: 120, validation: 0, test: 30 });

    const epoch = run.events.find((event) => event.event === "epoch")!;
    expect(epoch).toMatchObject({ epoch: 1, epochs: 60 });
    expect(Number.isFinite(epoch.loss)).toBe(true);
    expect(Number.isFinite(epoch.accuracy)).toBe(true);

    const done = run.events.at(-1)!;
    expect(done.metrics.test_accuracy).toBeGreaterThanOrEqual(0.9);
    expect((await readdir(out)).sort()).toEqual(["model.json", "weights.bin"]);
    const json = JSON.parse(await readFile(join(out, "model.json"), "utf8"));
    expect(json.checkpoint).toMatchObject({ epoch: 60, seed: 42, complete: true });
    expect(json.metadata.metrics.test_accuracy).toBe(done.metrics.test_accuracy);
  });

  it("trains a regression on diabetes and reports the test MAE in target units", async () => {
    const out = join(dir(), "diabetes");
    const args = ["train", "--dataset", "diabetes", "--epochs", "40", "--out", out];
    const run = expectExit(await runCli(args, { cwd: dir() }), 0);
    const mae = Number(/test mae \(target units\): ([\d.]+)/.exec(run.stdout)?.[1]);
    // Predicting the training mean gives an MAE near 65 on this data.
    expect(mae).toBeGreaterThan(20);
    expect(mae).toBeLessThan(58);
    expect(run.stdout).toMatch(/training on diabetes \(regression, 10 features\)/);
    expect(run.stdout).toMatch(
      /the target "progression" is standardised for training \(1 unit = \d+\.\d{4}\): each epoch/,
    );
    expect(run.stdout).toMatch(/epoch 40\/40 {2}loss \d\.\d{4} {2}mae \d\.\d{4}/);
    expect(run.stdout).toMatch(/test loss \(standardised target\): \d\.\d{4}\n/);
    expect(run.stdout).toMatch(/test rmse \(target units\): \d+\.\d{4}\n/);
  });

  it("prints plain lines, not a progress bar, when stdout is not a terminal", async () => {
    const out = join(dir(), "plain");
    const run = expectExit(
      await runCli(["train", "--dataset", "iris", "--epochs", "3", "--out", out], { cwd: dir() }),
      0,
    );
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => /^epoch [ \d]\d?\/3 {2}loss/.test(line))).toHaveLength(3);
    expect(run.stdout).not.toContain("\u001b[");
    expect(lines.at(-1)).toMatch(new RegExp(`^model saved to ${out} \\(`));
  });

  it("builds the model a --model spec describes", async () => {
    const spec = join(dir(), "spec.json");
    await writeFile(
      spec,
      JSON.stringify({
        layers: [
          { className: "dense", config: { units: 16, activation: "tanh" } },
          { className: "dense", config: { units: 3, activation: "softmax" } },
        ],
        compile: {
          optimizer: { className: "sgd", config: { learningRate: 0.1 } },
          loss: "sparseCategoricalCrossentropy",
        },
      }),
    );
    const out = join(dir(), "spec-run");
    const args = [
      "train",
      "--dataset",
      "iris",
      "--model",
      spec,
      "--epochs",
      "5",
      "--out",
      out,
      "--json",
    ];
    const run = expectExit(await runCli(args, { cwd: dir() }), 0);
    expect(run.events[0]!.parameters).toBe(4 * 16 + 16 + 16 * 3 + 3);
    const json = JSON.parse(await readFile(join(out, "model.json"), "utf8"));
    expect(json.trainingConfig.compile.optimizer).toEqual({
      className: "sgd",
      config: { learningRate: 0.1 },
    });
    expect(json.trainingConfig.compile.loss).toBe("sparseCategoricalCrossentropy");
  });
});

describe("Myelin's own warnings", () => {
  it("are printed to standard error, in plain and JSON mode", async () => {
    // One huge value among 20000 small ones stays over 100 after standardising.
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      return `${i === 0 ? 1e6 : i % 10},${(i % 7) + 0.5}`;
    });
    const file = join(dir(), "outlier.csv");
    await writeFile(file, `x,y\n${rows.join("\n")}\n`);
    const args = ["train", "--data", file, "--target", "y", "--test-split", "0", "--epochs", "1"];
    const fast = ["--batch-size", "512", "--layers", "4"];
    for (const mode of [[], ["--json"]]) {
      const out = join(dir(), `outlier${mode.length}`);
      const run = await runCli([...args, ...fast, "--out", out, ...mode], { cwd: dir() });
      expectExit(run, 0);
      expect(run.stderr).toContain("warning: fit: the inputs look unscaled (feature 0");
      expect(run.stderr).toContain("check the data for outliers");
    }
  });
});

// Validation rows are the last rows of the training part, in file order, unless
// --shuffle-before-split draws them at random.
describe("the validation split", () => {
  it("holds out the tail of a sorted file and warns that it misses classes", async () => {
    const out = join(dir(), "c16");
    const args = ["train", "--dataset", "iris", "--test-split", "0", "--validation-split", "0.34"];
    const run = expectExit(
      await runCli([...args, "--epochs", "2", "--out", out, "--json"], { cwd: dir() }),
      0,
    );
    const start = run.events.find((event) => event.event === "start")!;
    // 150 * (1 - 0.34) is 98.99999999999999 in doubles, so floor gives 98 training rows:
    // 50 setosa and 48 versicolor, never a virginica.
    expect(start.rows).toEqual({ train: 98, validation: 52, test: 0 });
    const warning = run.events.find((event) => event.event === "warning")!;
    expect(warning.message).toBe(
      "the validation rows (the last 52 rows of the training part, in file order) hold 2 of " +
        '3 classes ("versicolor", "virginica"), and "virginica" is in no training row. The ' +
        "file looks sorted by class: pass --shuffle-before-split for a stratified random " +
        "validation split, or shuffle the file.",
    );
    const kinds = run.events.map((event) => event.event);
    expect(kinds.indexOf("warning")).toBeLessThan(kinds.indexOf("start"));
    expect(run.events.find((event) => event.event === "epoch")!.val_loss).toBeGreaterThan(0);
  });

  it("warns when the tail of the training part holds only one class", async () => {
    const out = join(dir(), "tail");
    const args = ["train", "--dataset", "iris", "--validation-split", "0.2", "--epochs", "1"];
    const run = expectExit(await runCli([...args, "--out", out], { cwd: dir() }), 0);
    expect(run.stderr).toContain(
      'warning: the validation rows (the last 24 rows of the training part, in file order) ' +
        'hold 1 of 3 classes ("virginica").',
    );
    expect(run.stdout.split("\n")[0]).toMatch(/^training on iris/);
  });

  it("draws a stratified random validation split with --shuffle-before-split", async () => {
    const out = join(dir(), "shuffled");
    const args = ["train", "--dataset", "iris", "--validation-split", "0.2"];
    const run = expectExit(
      await runCli([...args, "--shuffle-before-split", "--epochs", "1", "--out", out, "--json"], {
        cwd: dir(),
      }),
      0,
    );
    expect(run.events.some((event) => event.event === "warning")).toBe(false);
    expect(run.events[0]!.rows).toEqual({ train: 96, validation: 24, test: 30 });
    const json = JSON.parse(await readFile(join(out, "model.json"), "utf8"));
    expect(json.trainingConfig.shuffleBeforeSplit).toBe(true);
  });

  it("follows the floor rule for the split sizes, and refuses a split that leaves no training row", async () => {
    const rows = ["x,y", ...Array.from({ length: 10 }, (_, i) => `${i},${i}`)];
    const file = join(dir(), "ten.csv");
    await writeFile(file, `${rows.join("\n")}\n`);
    const sizes: [number, number][] = [];
    for (const split of ["0.2", "0.5"]) {
      const args = [
        "train",
        "--data",
        file,
        "--target",
        "y",
        "--test-split",
        "0",
        "--validation-split",
        split,
      ];
      const run = expectExit(
        await runCli([...args, "--epochs", "1", "--out", join(dir(), `ten-${split}`), "--json"], {
          cwd: dir(),
        }),
        0,
      );
      const start = run.events.find((event) => event.event === "start")!;
      sizes.push([start.rows.train, start.rows.validation]);
    }
    expect(sizes).toEqual([
      [8, 2],
      [5, 5],
    ]);

    const one = join(dir(), "one.csv");
    await writeFile(one, "x,y\n1,1\n");
    const args = [
      "train",
      "--data",
      one,
      "--target",
      "y",
      "--test-split",
      "0",
      "--validation-split",
      "0.5",
    ];
    const run = expectExit(await runCli(args, { cwd: dir() }), 1);
    expect(run.stderr).toContain("leaves no training rows (floor(1 * (1 - 0.5)) = 0)");
  });
});
