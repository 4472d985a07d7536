import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CliRun, expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();

/** A user error: exit 1, one message on stderr, no stack trace, nothing trained. */
function userError(run: CliRun): string {
  expectExit(run, 1);
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).not.toContain("training on");
  return run.stderr;
}

async function spec(name: string, json: unknown): Promise<string> {
  const path = join(dir(), name);
  await writeFile(path, JSON.stringify(json));
  return path;
}

const train = (args: string[], out = "unused") =>
  runCli(["train", "--dataset", "iris", "--epochs", "1", "--out", join(dir(), out), ...args], {
    cwd: dir(),
  });

const dense = (config: Record<string, unknown>) => ({ className: "dense", config });

describe("--model specs", () => {
  it("reject an unknown config key, naming the layer, the key and the closest one", async () => {
    const path = await spec("typo.json", [dense({ units: 16, activaton: "relu" })]);
    const message = userError(await train(["--model", path]));
    expect(message).toContain(
      `--model ${path}: layer 1 (dense) has no option "activaton". Did you mean "activation"? ` +
        "Its options are: name, trainable, dtype,",
    );
  });

  it("name the closest known key even when it is far, and list every unknown key", async () => {
    const layers = [dense({ units: 16, zzz: 1 }), dense({ units: 3, useBais: false })];
    const message = userError(await train(["--model", await spec("far.json", layers)]));
    expect(message).toContain('(1) layer 1 (dense) has no option "zzz". The closest known option');
    expect(message).toContain(
      '(2) layer 2 (dense) has no option "useBais". Did you mean "useBias"?',
    );
  });

  it("reject an unknown layer or activation with a close suggestion", async () => {
    const layer = await spec("layer.json", [{ className: "dence", config: { units: 4 } }]);
    expect(userError(await train(["--model", layer]))).toContain(
      'layer 1: there is no layer named "dence". Did you mean "dense"?',
    );
    const activation = await spec("activation.json", [dense({ units: 4, activation: "rleu" })]);
    expect(userError(await train(["--model", activation]))).toContain(
      'layer 1 (dense), activation: there is no activation named "rleu". Did you mean "relu"?',
    );
  });

  it("say which layer has a value the layer refuses", async () => {
    const path = await spec("bad-value.json", [dense({ units: "many" })]);
    expect(userError(await train(["--model", path]))).toContain(
      `--model ${path}: layer 1 (dense): dense: units is many.`,
    );
  });

  it("add no output layer when the list already ends with one", async () => {
    const path = await spec("ends.json", [
      dense({ units: 16, activation: "relu" }),
      dense({ units: 3, activation: "softmax" }),
    ]);
    const run = expectExit(await train(["--model", path, "--json"], "ends"), 0);
    expect(run.events[0]!.parameters).toBe(4 * 16 + 16 + 16 * 3 + 3);
    expect(run.events.some((event) => event.event === "warning")).toBe(false);
  });

  it("warn when the last layer has the output size but not the output activation", async () => {
    const path = await spec("relu-end.json", [dense({ units: 3, activation: "relu" })]);
    const run = expectExit(await train(["--model", path], "relu-end"), 0);
    expect(run.stderr).toContain(
      "the last layer is dense with 3 units, as many as the number of classes, but its " +
        'activation is "relu", so it stays a hidden layer',
    );
  });
});

describe("--layers", () => {
  it("rejects an entry with extra parts, showing the expected form", async () => {
    const message = userError(await train(["--layers", "32:relu:extra"]));
    expect(message).toContain(
      'entry 1 ("32:relu:extra"): expected UNITS[:ACTIVATION] such as 64:relu, or ' +
        'dropout:RATE such as dropout:0.2; found 3 parts separated by ":".',
    );
  });
});

describe("names of losses, optimizers and metrics", () => {
  it("suggest only names a typo away", async () => {
    const far = userError(await train(["--loss", "foo"]));
    expect(far).toContain('--loss: there is no loss named "foo". Known losses: ');
    expect(far).not.toContain("Did you mean");
    const near = userError(await train(["--loss", "meanSquaredEror"]));
    expect(near).toContain('Did you mean "meanSquaredError"?');
    const optimizer = userError(await train(["--optimizer", "adamm"]));
    expect(optimizer).toContain('--optimizer: there is no optimizer named "adamm". Did you mean');
    const metric = userError(await train(["--metrics", "acuracy"]));
    expect(metric).toContain(
      '--metrics: there is no metric named "acuracy". Did you mean "accuracy"?',
    );
  });
});
