import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { datasetPath } from "@myelin/data/node";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliRun, expectExit, readOnlyRunner, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();
let model: string;
let data: string;

/** A user error: exit 1, one message on stderr, no stack trace. */
function userError(run: CliRun): string {
  expectExit(run, 1);
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
  return run.stderr;
}

const predict = (args: string[]) =>
  runCli(["predict", model, "--data", data, ...args], { cwd: dir() });

beforeAll(async () => {
  model = join(dir(), "model");
  const train = ["train", "--dataset", "iris", "--epochs", "2", "--out", model];
  expectExit(await runCli(train, { cwd: dir() }), 0);
  const lines = (await readFile(datasetPath("iris"), "utf8")).split("\n").slice(0, 4);
  data = join(dir(), "flowers.csv");
  await writeFile(data, `${lines.join("\n")}\n`);
});

describe("predict --out", () => {
  it("reports a directory as a user error that asks for a file path", async () => {
    const folder = join(dir(), "a-folder");
    await mkdir(folder);
    const message = userError(await predict(["--out", folder]));
    expect(message).toBe(
      `error: --out ${folder} is a directory; it must name a file. ` +
        `For example: --out ${join(folder, "predictions.csv")}\n`,
    );
  });

  it("reports a missing parent folder as a user error naming it", async () => {
    const missing = join(dir(), "no-such-folder");
    const message = userError(await predict(["--out", join(missing, "p.csv")]));
    expect(message).toContain(`the folder ${missing} does not exist. Create it first`);
  });

  it("refuses to write over the model's own files", async () => {
    const before = await readFile(join(model, "model.json"), "utf8");
    for (const name of ["model.json", "weights.bin"]) {
      const message = userError(await predict(["--out", join(model, name), "--force"]));
      expect(message).toContain(`would overwrite a file of the model directory ${model}`);
    }
    expect(await readFile(join(model, "model.json"), "utf8")).toBe(before);
  });

  it("refuses to write over the input data file, however its path is spelt", async () => {
    const before = await readFile(data, "utf8");
    const run = await runCli(
      ["predict", model, "--data", data, "--out", "./flowers.csv", "--force"],
      { cwd: dir() },
    );
    expect(userError(run)).toContain(`--out ./flowers.csv is the input data file ${data}`);
    expect(await readFile(data, "utf8")).toBe(before);
  });

  it("replaces an existing file only with --force", async () => {
    const out = join(dir(), "kept.csv");
    await writeFile(out, "precious\n");
    const message = userError(await predict(["--out", out]));
    expect(message).toContain(`--out ${out} already exists. Pass --force to overwrite it`);
    expect(await readFile(out, "utf8")).toBe("precious\n");

    expectExit(await predict(["--out", out, "--force"]), 0);
    expect((await readFile(out, "utf8")).split("\n")[0]).toBe(
      "species,probability_setosa,probability_versicolor,probability_virginica",
    );
  });

  it("says 1 prediction, not 1 predictions", async () => {
    const one = join(dir(), "one.csv");
    const lines = (await readFile(data, "utf8")).split("\n").slice(0, 2);
    await writeFile(one, `${lines.join("\n")}\n`);
    const out = join(dir(), "one-prediction.csv");
    const run = await runCli(["predict", model, "--data", one, "--out", out], { cwd: dir() });
    expect(expectExit(run, 0).stdout).toBe(`wrote 1 prediction to ${out}\n`);
  });
});

describe("train --out", () => {
  it("is created and checked before training starts", async () => {
    const blocker = join(dir(), "plain-file");
    await writeFile(blocker, "");
    const out = join(blocker, "run");
    const run = await runCli(["train", "--dataset", "iris", "--out", out, "--json"], {
      cwd: dir(),
    });
    expectExit(run, 1);
    expect(run.events.map((event) => event.event)).toEqual(["error"]);
    expect(run.stderr).toBe(
      `error: --out ${out}: could not create the directory: ${blocker} is a file, not a ` +
        "directory (ENOTDIR), so nothing can be created under it. Choose another path, or " +
        `move the file ${blocker} out of the way. Then pass it as --out.\n`,
    );
  });

  it("fails at once under /proc, naming ENOENT, instead of spinning", async ({ skip }) => {
    skip(!existsSync("/proc/self"), "needs /proc, the Linux procfs mount, which this system lacks");
    const args = ["train", "--dataset", "iris", "--epochs", "1", "--out", "/proc/nope"];
    // A regression spins at full CPU until this kill, and then exits with no code.
    const run = await runCli(args, { cwd: dir(), timeoutMs: 20_000 });
    expect(userError(run)).toBe(
      "error: --out /proc/nope: could not create the directory: mkdir failed with ENOENT " +
        "although /proc exists, so that file system does not allow new directories there " +
        "(procfs, sysfs and some FUSE mounts refuse them). Choose a directory on an ordinary " +
        "disk, such as one under your home directory. Then pass it as --out.\n",
    );
    expect(run.stdout).not.toContain("training on");
  });

  it("refuses a folder inside a read-only directory before training", async ({ skip }) => {
    const parent = join(dir(), "shared");
    await mkdir(parent);
    // Reachable by nobody, whom the test may run the CLI as.
    await chmod(dir(), 0o755);
    await chmod(parent, 0o755);
    const runner = await readOnlyRunner(parent);
    skip(runner.skip !== undefined, runner.skip);
    const locked = join(parent, "locked");
    await mkdir(locked);
    await chmod(locked, 0o555);
    const out = join(locked, "run");
    const args = ["train", "--dataset", "iris", "--epochs", "1", "--out", out, "--json"];
    const run = await runCli(args, { cwd: dir(), timeoutMs: 20_000, as: runner.as });

    expect(userError(run)).toBe(
      `error: --out ${out}: could not create the directory: permission denied in ${locked} ` +
        `(EACCES). Choose a directory you can write to, or make ${locked} writable ` +
        `(\`ls -ld ${locked}\` shows its owner and mode). Then pass it as --out.\n`,
    );
    expect(run.events.map((event) => event.event)).toEqual(["error"]);
    expect(await readdir(locked)).toEqual([]);
  });

  it("creates missing parent folders", async () => {
    const out = join(dir(), "deep", "er", "run");
    const args = ["train", "--dataset", "iris", "--epochs", "1", "--out", out];
    expectExit(await runCli(args, { cwd: dir() }), 0);
    expect(JSON.parse(await readFile(join(out, "model.json"), "utf8")).format).toBe(
      "myelin-model",
    );
  });
});
