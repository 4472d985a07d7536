import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { datasetPath } from "@myelin/data/node";
import { beforeAll, describe, expect, it } from "vitest";
import { formatNumber } from "../src/reporter.js";
import { expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();
let model: string;
let iris: string[];

/** Parses the simple CSV the CLI writes (no quoted fields in these tests). */
function rowsOf(text: string): string[][] {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => line.split(","));
}

async function csv(name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir(), name);
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

beforeAll(async () => {
  iris = (await readFile(datasetPath("iris"), "utf8")).trimEnd().split("\n");
  model = join(dir(), "iris-model");
  const args = ["train", "--dataset", "iris", "--epochs", "60", "--lr", "0.01", "--out", model];
  expectExit(await runCli(args, { cwd: dir() }), 0);
});

describe("predict", () => {
  it("writes class names and probabilities, in the order of the input rows", async () => {
    const out = join(dir(), "predictions.csv");
    const run = await runCli(["predict", model, "--data", datasetPath("iris"), "--out", out], {
      cwd: dir(),
    });
    expectExit(run, 0);
    expect(run.stdout).toContain(`wrote 150 predictions to ${out}`);

    const [header, ...rows] = rowsOf(await readFile(out, "utf8"));
    expect(header).toEqual([
      "species",
      "probability_setosa",
      "probability_versicolor",
      "probability_virginica",
    ]);
    expect(rows).toHaveLength(150);
    const truth = iris.slice(1).map((line) => line.split(",").at(-1));
    const correct = rows.filter((row, i) => row[0] === truth[i]).length;
    expect(correct / 150).toBeGreaterThanOrEqual(0.9);
    for (const row of rows) {
      const p = row.slice(1).map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row[0]).toBe(header![1 + p.indexOf(Math.max(...p))]!.replace("probability_", ""));
    }
  });

  it("prints four decimals on standard output, every digit to --out files and --json", async () => {
    const data = ["--data", datasetPath("iris")];
    const shown = expectExit(await runCli(["predict", model, ...data], { cwd: dir() }), 0);
    const out = join(dir(), "precise.csv");
    expectExit(await runCli(["predict", model, ...data, "--out", out], { cwd: dir() }), 0);
    const json = expectExit(await runCli(["predict", model, ...data, "--json"], { cwd: dir() }), 0);

    const [header, ...printed] = rowsOf(shown.stdout);
    const [fileHeader, ...written] = rowsOf(await readFile(out, "utf8"));
    const events = json.events.filter((event) => event.event === "prediction");
    expect(header).toEqual(fileHeader);
    expect(printed).toHaveLength(150);
    const classes = header!.slice(1).map((name) => name.replace("probability_", ""));
    printed.forEach((row, i) => {
      const exact = classes.map((name) => events[i]!.probabilities[name] as number);
      expect(written[i]!.slice(1).map(Number)).toEqual(exact);
      expect(row).toEqual([written[i]![0], ...exact.map(formatNumber)]);
    });
    expect(written.flat().some((cell) => /\.\d{5,}/.test(cell))).toBe(true);
    expect(printed.flat().every((cell) => !/\.\d{5,}/.test(cell))).toBe(true);
  });

  it("matches columns by name, whatever their order, and without the target", async () => {
    const reordered = iris.map((line) => {
      const [a, b, c, d] = line.split(",");
      return [d, c, b, a].join(",");
    });
    const file = await csv("reordered.csv", reordered);
    const run = expectExit(await runCli(["predict", model, "--data", file], { cwd: dir() }), 0);
    const straight = expectExit(
      await runCli(["predict", model, "--data", datasetPath("iris")], { cwd: dir() }),
      0,
    );
    expect(run.stdout).toBe(straight.stdout);
  });

  it("names the missing and unexpected columns", async () => {
    const renamed = iris.map((line, i) =>
      i === 0 ? line.replace("petal_width", "petal_w") : line,
    );
    const file = await csv("renamed.csv", renamed);
    const run = expectExit(await runCli(["predict", model, "--data", file], { cwd: dir() }), 1);
    expect(run.stderr).toContain(
      'renamed.csv: the columns do not match the model\'s features: missing "petal_width"; unexpected "petal_w".',
    );
    expect(run.stderr).toContain(
      'The model reads "sepal_length", "sepal_width", "petal_length", "petal_width"',
    );
  });

  it("prints one JSON object per prediction row with --json", async () => {
    const run = await runCli(["predict", model, "--data", datasetPath("iris"), "--json"], {
      cwd: dir(),
    });
    const rows = expectExit(run, 0).events.filter((event) => event.event === "prediction");
    expect(rows).toHaveLength(150);
    expect(rows[0]).toMatchObject({ row: 1, prediction: "setosa" });
    expect(Object.keys(rows[0]!.probabilities)).toEqual(["setosa", "versicolor", "virginica"]);
    expect(run.events.at(-1)).toMatchObject({ event: "predictions", rows: 150 });
    expect(run.stdout).not.toContain('"csv"');
  });

  it("ignores extra columns when asked to", async () => {
    const extra = iris.map((line, i) => `${i === 0 ? "id" : i},${line}`);
    const file = await csv("extra.csv", extra);
    expectExit(await runCli(["predict", model, "--data", file], { cwd: dir() }), 1);
    expectExit(
      await runCli(["predict", model, "--data", file, "--ignore-extra-columns"], { cwd: dir() }),
      0,
    );
  });
});

describe("evaluate", () => {
  it("scores the model on a labelled CSV with the saved preprocessing", async () => {
    const run = await runCli(["evaluate", model, "--data", datasetPath("iris"), "--json"], {
      cwd: dir(),
    });
    expectExit(run, 0);
    const result = run.events[0]!;
    expect(result).toMatchObject({ event: "evaluation", rows: 150 });
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.metrics.loss).toBeGreaterThan(0);
  });

  it("rejects a class the model never saw, naming the row", async () => {
    const lines = [...iris];
    lines[5] = lines[5]!.replace("setosa", "daisy");
    const file = await csv("unseen.csv", lines);
    const run = expectExit(await runCli(["evaluate", model, "--data", file], { cwd: dir() }), 1);
    expect(run.stderr).toContain('unseen.csv:6: column "species"');
    expect(run.stderr).toContain('"daisy"');
    expect(run.stderr).toContain('"setosa", "versicolor", "virginica"');
  });

  it("prints metrics with four decimals and says 1 row for one row", async () => {
    const file = await csv("one-row.csv", iris.slice(0, 2));
    const run = expectExit(await runCli(["evaluate", model, "--data", file], { cwd: dir() }), 0);
    // A single easy row can have a loss below 1e-4, shown with an exponent.
    expect(run.stdout).toMatch(/^\S*one-row\.csv: 1 row\nloss: \S+\naccuracy: 1\.0000\n$/);
  });

  it("needs the target column", async () => {
    const file = await csv(
      "no-target.csv",
      iris.map((line) => line.split(",").slice(0, 4).join(",")),
    );
    const run = expectExit(await runCli(["evaluate", model, "--data", file], { cwd: dir() }), 1);
    expect(run.stderr).toContain('missing "species"');
  });
});

describe("summary", () => {
  it("shows the layers, features, classes and scores", async () => {
    const run = expectExit(await runCli(["summary", model], { cwd: dir() }), 0);
    expect(run.stdout).toContain("dense");
    expect(run.stdout).toContain(
      "features (4): sepal_length, sepal_width, petal_length, petal_width",
    );
    expect(run.stdout).toContain("classes: setosa, versicolor, virginica");
    expect(run.stdout).toContain("checkpoint: 60 epochs done, finished");
    expect(run.stdout).toMatch(/test accuracy: 0\.9\d*|test accuracy: 1\.0/);
  });
});

describe("a damaged model directory", () => {
  it("reports corrupted weights instead of predicting with them", async () => {
    const copy = join(dir(), "corrupt");
    expectExit(
      await runCli(["train", "--dataset", "iris", "--epochs", "2", "--out", copy], { cwd: dir() }),
      0,
    );
    const weights = join(copy, "weights.bin");
    const bytes = await readFile(weights);
    bytes[8] = bytes[8]! ^ 0x40;
    await writeFile(weights, bytes);
    const run = expectExit(
      await runCli(["predict", copy, "--data", datasetPath("iris")], { cwd: dir() }),
      1,
    );
    expect(run.stderr).toContain(`${weights}: has SHA-256`);
    expect(run.stderr).toContain("the weights are corrupted or from another save");
    expect(run.stdout).toBe("");
  });

  it("reports a topology that does not fit the weights", async () => {
    const copy = join(dir(), "edited");
    expectExit(
      await runCli(["train", "--dataset", "iris", "--epochs", "1", "--out", copy], { cwd: dir() }),
      0,
    );
    const path = join(copy, "model.json");
    const json = JSON.parse(await readFile(path, "utf8"));
    json.modelTopology.topology.layers[0].config.units = 100;
    await writeFile(path, JSON.stringify(json));
    const run = expectExit(await runCli(["summary", copy], { cwd: dir() }), 1);
    expect(run.stderr).toContain(`${path}: the model cannot be rebuilt from it`);
  });
});

describe("an edited or library-saved model.json", () => {
  async function copyWith(name: string, edit: (json: Record<string, any>) => void) {
    const copy = join(dir(), name);
    await mkdir(copy);
    for (const file of ["model.json", "weights.bin"]) {
      await copyFile(join(model, file), join(copy, file));
    }
    const path = join(copy, "model.json");
    const json = JSON.parse(await readFile(path, "utf8"));
    edit(json);
    await writeFile(path, JSON.stringify(json));
    return { copy, path };
  }

  it("blames changed feature names on model.json, not on the CSV", async () => {
    const { copy, path } = await copyWith("renamed-feature", (json) => {
      json.preprocessing.featureNames[0] = "sepal_len";
    });
    const run = await runCli(["predict", copy, "--data", datasetPath("iris")], { cwd: dir() });
    const message = expectExit(run, 1).stderr;
    expect(message).toContain(
      `error: ${path}: its preprocessing section (feature names, classes, scaler) was changed ` +
        "after the model was saved",
    );
    expect(message).not.toContain("the columns do not match");
  });

  it("explains a damaged scaler without library advice or a doubled period", async () => {
    const { copy, path } = await copyWith("bad-scaler", (json) => {
      json.preprocessing.scaler.kind = "minmax";
      delete json.metadata.preprocessingSha256;
    });
    const run = await runCli(["predict", copy, "--data", datasetPath("iris")], { cwd: dir() });
    expect(expectExit(run, 1).stderr).toBe(
      `error: ${path}: its preprocessing is invalid: scaler: expected kind "standard" or ` +
        '"min-max", found "minmax". model.json was edited or damaged; restore it from a ' +
        "backup, or retrain with `myelin train`.\n",
    );
  });

  it("names the file and the layer when a layer type is unknown", async () => {
    const { copy, path } = await copyWith("unknown-layer", (json) => {
      json.modelTopology.topology.layers[0].className = "dence";
    });
    const run = expectExit(await runCli(["summary", copy], { cwd: dir() }), 1);
    expect(run.stderr).toContain(
      `error: ${path}: modelTopology.topology.layers[0].className: there is no layer named ` +
        '"dence". Did you mean "dense"?',
    );
  });
});

describe("myelin datasets", () => {
  it("lists every bundled dataset with rows, features, task and source", async () => {
    const run = expectExit(await runCli(["datasets"], { cwd: dir() }), 0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^name\s+rows\s+features\s+task\s+source$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 4))).toEqual([
      ["iris", "150", "4", "classification"],
      ["wine", "178", "13", "classification"],
      ["breast_cancer", "569", "30", "classification"],
      ["digits", "1797", "64", "classification"],
      ["diabetes", "442", "10", "regression"],
      ["mnist", "10000", "784", "classification"],
    ]);
  });

  it("shows help with examples for every command", async () => {
    for (const command of ["train", "evaluate", "predict", "summary", "datasets"]) {
      const run = expectExit(await runCli([command, "--help"], { cwd: dir() }), 0);
      expect(run.stdout).toContain(`Usage: myelin ${command}`);
      expect(run.stdout).toContain("Examples:");
    }
    const top = expectExit(await runCli(["--help"], { cwd: dir() }), 0);
    expect(top.stdout).toContain("Examples:");
  });
});
