import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { datasetPath } from "@myelin/data/node";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliRun, expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();
let iris: string[];

/** Writes `lines` as a CSV file in the temp dir and returns its path. */
async function csv(name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir(), name);
  await writeFile(path, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return path;
}

/** Iris with line `line` (1-based, header = 1) replaced by `text`. */
function irisWith(line: number, text: string): string[] {
  const copy = [...iris];
  copy[line - 1] = text;
  return copy;
}

/** A user error: exit 1, one message on stderr, no stack trace. */
function userError(run: CliRun): string {
  expectExit(run, 1);
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run.stderr;
}

const train = (args: string[]) => runCli(["train", "--epochs", "1", ...args], { cwd: dir() });

beforeAll(async () => {
  iris = (await readFile(datasetPath("iris"), "utf8")).trimEnd().split("\n");
});

describe("bad CSV input to train", () => {
  it("names file, line and column of a non-numeric cell", async () => {
    const file = await csv("iris.csv", irisWith(13, "abc,3.0,1.4,0.2,setosa"));
    const message = userError(await train(["--data", file, "--target", "species"]));
    expect(message).toContain(
      'iris.csv:13: column "sepal_length": expected a number, found "abc".',
    );
    expect(message).toContain("Fix the cell or drop the row");
  });

  it("lists the columns when the target column is missing", async () => {
    const file = await csv("iris.csv", iris);
    const message = userError(await train(["--data", file, "--target", "specie"]));
    expect(message).toContain('column "specie"');
    expect(message).toContain(
      '"sepal_length", "sepal_width", "petal_length", "petal_width", "species"',
    );
    expect(message).toContain('Did you mean "species"?');
  });

  it("asks for --target and lists the columns when it is left out", async () => {
    const file = await csv("iris.csv", iris);
    const message = userError(await train(["--data", file]));
    expect(message).toContain("needs --target COLUMN");
    expect(message).toContain('"petal_width", "species"');
  });

  // Training on no data must stop at once with a clear message.
  it("rejects an empty file", async () => {
    const file = await csv("empty.csv", []);
    const message = userError(await train(["--data", file, "--target", "y"]));
    expect(message).toContain("empty.csv: there is no header row and no data");
  });

  it("rejects a file with a header and no rows", async () => {
    const file = await csv("header.csv", [iris[0]!]);
    const message = userError(await train(["--data", file, "--target", "species"]));
    expect(message).toContain("header.csv:1: the header is there but no data rows follow it");
  });

  // Ragged and non-finite rows are named before any training.
  it("names a ragged row with its field count", async () => {
    const file = await csv("ragged.csv", irisWith(4, "4.7,3.2,1.3,0.2,0.5,setosa"));
    const message = userError(await train(["--data", file, "--target", "species"]));
    expect(message).toContain("ragged.csv:4: found 6 fields, expected 5 from the header");
  });

  it("names a NaN cell", async () => {
    const file = await csv("nan.csv", irisWith(3, "4.9,NaN,1.4,0.2,setosa"));
    const message = userError(await train(["--data", file, "--target", "species"]));
    expect(message).toContain(
      'nan.csv:3: column "sepal_width": found "NaN", which is not a finite number',
    );
  });

  it("names an Infinity cell", async () => {
    const file = await csv("inf.csv", irisWith(7, "5.4,3.9,-Infinity,0.4,setosa"));
    const message = userError(await train(["--data", file, "--target", "species"]));
    expect(message).toContain('inf.csv:7: column "petal_length": found "-Infinity"');
  });

  it("reports a missing file by the path as given", async () => {
    const missing = join(dir(), "nope.csv");
    const message = userError(await train(["--data", missing, "--target", "y"]));
    expect(message).toContain(`cannot read ${missing} (no such file)`);
  });
});

describe("bad options to train", () => {
  it("names an unknown dataset and the closest one", async () => {
    const message = userError(await train(["--dataset", "irsi"]));
    expect(message).toContain('there is no bundled dataset named "irsi"');
    expect(message).toContain('Did you mean "iris"?');
  });

  it("rejects a bad --layers entry", async () => {
    const message = userError(await train(["--dataset", "iris", "--layers", "64:relu,x"]));
    expect(message).toContain('entry 2 ("x"): expected UNITS[:ACTIVATION]');
  });

  it("rejects an unparsable model spec", async () => {
    const spec = join(dir(), "spec.json");
    await writeFile(spec, "[{ className: dense }]");
    const message = userError(await train(["--dataset", "iris", "--model", spec]));
    expect(message).toContain(
      `${spec}:1:4: not valid JSON: Expected property name or '}'. JSON needs double-quoted`,
    );
  });

  it("rejects a --test-split that rounds to no test rows, naming the flag", async () => {
    const message = userError(await train(["--dataset", "iris", "--test-split", "0.001"]));
    expect(message).toContain(
      "--test-split 0.001 of 150 rows holds out no test rows (150 * 0.001 rounds to 0).",
    );
  });

  it("rejects an unknown option through the argument parser", async () => {
    const run = await runCli(["train", "--epoch", "3"], { cwd: dir() });
    expectExit(run, 1);
    expect(run.stderr).toContain("unknown option '--epoch'");
    expect(run.stderr).toContain("Did you mean --epochs?");
  });

  it("rejects a non-numeric --epochs", async () => {
    const run = await runCli(["train", "--epochs", "many"], { cwd: dir() });
    expectExit(run, 1);
    expect(run.stderr).toContain("Expected a whole number of at least 1.");
  });

  it("refuses to overwrite a directory that holds a model", async () => {
    const out = join(dir(), "taken");
    await mkdir(out);
    await writeFile(join(out, "model.json"), "{}");
    const message = userError(await train(["--dataset", "iris", "--out", out]));
    expect(message).toContain(`${out} already holds a model. Pass --resume ${out}`);
  });
});

describe("failing writes", () => {
  it("reports a checkpoint that cannot be written and leaves no temporary files", async () => {
    const out = join(dir(), "blocked");
    // A non-empty directory where weights.bin should go makes the rename fail.
    await mkdir(join(out, "weights.bin"), { recursive: true });
    await writeFile(join(out, "weights.bin", "keep"), "");
    const message = userError(await train(["--dataset", "iris", "--out", out]));
    expect(message).toContain(`error: ${out}: could not`);
    expect(message).toContain("the previous model, if any, is unchanged");
    expect((await readdir(out)).sort()).toEqual(["weights.bin"]);
  });

  it("reports an output path below a file", async () => {
    const blocker = join(dir(), "a-file");
    await writeFile(blocker, "");
    const message = userError(await train(["--dataset", "iris", "--out", join(blocker, "run")]));
    expect(message).toContain("could not create the directory");
  });
});

describe("bad model directories", () => {
  it("names a missing model directory", async () => {
    const missing = join(dir(), "no-model");
    const message = userError(await runCli(["summary", missing], { cwd: dir() }));
    expect(message).toContain(`${missing}: no such model directory`);
  });

  it("rejects a directory without model.json", async () => {
    const empty = join(dir(), "empty-model");
    await mkdir(empty);
    const message = userError(await runCli(["summary", empty], { cwd: dir() }));
    expect(message).toContain(`${join(empty, "model.json")}: the model.json file is missing`);
  });
});
