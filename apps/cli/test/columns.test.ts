import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { datasetPath } from "@myelin/data/node";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliRun, expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();
let iris: string;

/** A user error: exit 1, one message on stderr, no stack trace, nothing trained. */
function userError(run: CliRun): string {
  expectExit(run, 1);
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).not.toContain("training on");
  return run.stderr;
}

const train = (args: string[], out = "unused") =>
  runCli(["train", "--epochs", "1", "--out", join(dir(), out), ...args], { cwd: dir() });

beforeAll(async () => {
  iris = await readFile(datasetPath("iris"), "utf8");
});

describe("--target", () => {
  it("is checked against the default dataset when no data is named", async () => {
    const message = userError(await train(["--target", "species"]));
    expect(message).toContain(
      "the bundled dataset digits (used when neither --data nor --dataset is given): there is " +
        'no column "species" to use as --target; the columns are "pixel_0", "pixel_1",',
    );
    expect(message).toContain(" and 57 more.");
    expect(message).toContain('Its own target is "digit".');
    expect(message).toContain("pass --data FILE.csv --target species");
  });

  it("picks another column of a bundled dataset, whose task then follows that column", async () => {
    const args = ["--dataset", "iris", "--target", "sepal_length", "--ignore-columns", "species"];
    const run = expectExit(await train([...args, "--json"], "iris-sepal"), 0);
    const start = { task: "regression", features: 3, target: "sepal_length" };
    expect(run.events[0]).toMatchObject(start);
    const json = JSON.parse(await readFile(join(dir(), "iris-sepal", "model.json"), "utf8"));
    expect(json.trainingConfig.data).toEqual({
      kind: "dataset",
      name: "iris",
      target: "sepal_length",
      features: ["sepal_width", "petal_length", "petal_width"],
    });
  });

  it("names the flags that fix a text column among the features", async () => {
    const args = ["--data", datasetPath("iris"), "--target", "sepal_length"];
    const message = userError(await train(args));
    expect(message).toContain(
      'column "species" holds text such as "setosa", but features must be numeric. Either leave ' +
        "it out with --ignore-columns species, or list the numeric feature columns with " +
        "--features sepal_width,petal_length,petal_width.",
    );
    expect(message).not.toContain("option");
  });
});

describe("--features", () => {
  it("trains on the listed columns, in their order, and predicts from just those", async () => {
    const out = "two-features";
    const args = ["--data", datasetPath("iris"), "--target", "species"];
    const features = ["--features", "petal_width,petal_length", "--json"];
    const run = expectExit(await train([...args, ...features], out), 0);
    expect(run.events[0]!.features).toBe(2);
    const json = JSON.parse(await readFile(join(dir(), out, "model.json"), "utf8"));
    expect(json.preprocessing.featureNames).toEqual(["petal_width", "petal_length"]);

    const rows = iris.trimEnd().split("\n").map((line) => line.split(",").slice(2, 4).join(","));
    const file = join(dir(), "petals.csv");
    await writeFile(file, `${rows.join("\n")}\n`);
    const predicted = await runCli(["predict", join(dir(), out), "--data", file], { cwd: dir() });
    expect(expectExit(predicted, 0).stdout.trimEnd().split("\n")).toHaveLength(151);
  });

  it("rejects an unknown column with the closest name, and the target", async () => {
    const args = ["--data", datasetPath("iris"), "--target", "species"];
    const unknown = userError(await train([...args, "--features", "petal_width,petal_lenght"]));
    expect(unknown).toContain('--features names "petal_lenght", which is not a column');
    expect(unknown).toContain('Did you mean "petal_length"?');
    const target = userError(await train([...args, "--features", "petal_width,species"]));
    expect(target).toContain('--features lists "species", which is the --target column.');
    const both = userError(await train([...args, "--features", "a", "--ignore-columns", "b"]));
    expect(both).toContain("--features and --ignore-columns both choose the feature columns.");
  });
});

describe("--delimiter", () => {
  it("is suggested when a file is separated by semicolons, and then reads it", async () => {
    const file = join(dir(), "semicolons.csv");
    await writeFile(file, iris.replace(/,/g, ";"));
    const message = userError(await train(["--data", file, "--target", "species"]));
    expect(message).toContain('there is no column "species" to use as --target');
    expect(message).toContain(
      "The header row has no commas but has semicolons; if the file is separated by them, " +
        "pass --delimiter ';'.",
    );
    const args = ["--data", file, "--target", "species", "--delimiter", "semicolon"];
    const run = expectExit(await train([...args, "--json"], "semicolons"), 0);
    expect(run.events[0]!.features).toBe(4);
  });
});

describe("column errors", () => {
  it("name the CSV by the path as given", async () => {
    await mkdir(join(dir(), "sub"), { recursive: true });
    const lines = iris.split("\n");
    lines[2] = "4.9,abc,1.4,0.2,setosa";
    await writeFile(join(dir(), "sub", "typo.csv"), lines.join("\n"));
    const message = userError(await train(["--data", "sub/typo.csv", "--target", "species"]));
    expect(message).toContain('error: sub/typo.csv:3: column "sepal_width": expected a number');
  });

  it("show the first few of many missing columns and a count, once", async () => {
    const out = join(dir(), "digits");
    const args = ["--dataset", "digits", "--layers", "8", "--test-split", "0"];
    expectExit(await runCli(["train", "--epochs", "1", "--out", out, ...args], { cwd: dir() }), 0);
    const run = await runCli(["predict", out, "--data", datasetPath("iris")], { cwd: dir() });
    const message = userError(run);
    expect(message).toContain(
      'missing "pixel_0", "pixel_1", "pixel_2", "pixel_3", "pixel_4", "pixel_5" and 58 more ' +
        "(64 columns); unexpected",
    );
    expect(message).toContain('The model reads 64 features (the target "digit" may be present).');
    expect(message.match(/pixel_0/g)).toHaveLength(1);
  });
});
