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
      `${path}: [0] (dense) has no option "activaton". Did you mean "activation"? ` +
        "Its options are: name, trainable, dtype,",
    );
  });

  it("name the closest known key even when it is far, and list every unknown key", async () => {
    const layers = [dense({ units: 16, zzz: 1 }), dense({ units: 3, useBais: false })];
    const message = userError(await train(["--model", await spec("far.json", layers)]));
    expect(message).toContain('(1) [0] (dense) has no option "zzz". The closest known option');
    expect(message).toContain('(2) [1] (dense) has no option "useBais". Did you mean "useBias"?');
  });

  it("reject an unknown layer or activation with a close suggestion", async () => {
    const layer = await spec("layer.json", [{ className: "dence", config: { units: 4 } }]);
    expect(userError(await train(["--model", layer]))).toContain(
      `${layer}: [0].className: there is no layer named "dence". Did you mean "dense"?`,
    );
    const activation = await spec("activation.json", [dense({ units: 4, activation: "rleu" })]);
    expect(userError(await train(["--model", activation]))).toContain(
      `${activation}: [0] (dense).config.activation: there is no activation named "rleu". ` +
        'Did you mean "relu"?',
    );
  });

  it("name a layer by its JSON path, numbered from 0 as the library does", async () => {
    const path = await spec("whole.json", {
      layers: [dense({ units: 16 }), dense({ units: 3, activation: "softmax", biasInit: "ones" })],
    });
    expect(userError(await train(["--model", path]))).toContain(
      `${path}: layers[1] (dense) has no option "biasInit".`,
    );
  });

  it("say which layer has a value the layer refuses", async () => {
    const path = await spec("bad-value.json", [dense({ units: 0 })]);
    expect(userError(await train(["--model", path]))).toContain(
      `${path}: [0] (dense): dense: units is 0.`,
    );
  });

  it("reject a quoted number before the layer sees it, showing how to write it", async () => {
    const path = await spec("quoted.json", { layers: [dense({ units: "16" })] });
    expect(userError(await train(["--model", path]))).toBe(
      `error: ${path}: layers[0] (dense).config.units is the string "16"; expected a positive ` +
        "integer (write 16 without quotes).\n",
    );
  });

  it("list every value of the wrong type at once, references included", async () => {
    const path = await spec("types.json", [
      dense({ units: 8, useBias: "yes", activation: 3 }),
      { className: "dropout", config: { rate: "0.2" } },
    ]);
    expect(userError(await train(["--model", path]))).toBe(
      `error: ${path}: (1) [0] (dense).config.useBias is the string "yes"; expected true or ` +
        "false. (2) [0] (dense).config.activation is the number 3; expected the name of an " +
        'activation, in quotes. (3) [1] (dropout).config.rate is the string "0.2"; expected a ' +
        "number (write 0.2 without quotes).\n",
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

describe("--model compile settings", () => {
  const whole = (optimizer: unknown) => ({
    layers: [dense({ units: 8 }), dense({ units: 3, activation: "softmax" })],
    compile: { optimizer },
  });

  it("reject an unknown optimizer option, naming the file, path and option meant", async () => {
    const optimizer = { className: "sgd", config: { learningrate: 0.1 } };
    const path = await spec("optimizer-key.json", whole(optimizer));
    expect(userError(await train(["--model", path]))).toBe(
      `error: ${path}: compile.optimizer.config.learningrate: sgd has no option ` +
        '"learningrate". Did you mean "learningRate"? Its options are: learningRate, ' +
        "clipValue, clipNorm, globalClipNorm, momentum, nesterov.\n",
    );
  });

  it("name the file and path of a learning rate the optimizer refuses", async () => {
    const optimizer = { className: "sgd", config: { learningRate: -0.1 } };
    const path = await spec("negative-rate.json", whole(optimizer));
    expect(userError(await train(["--model", path]))).toContain(
      `error: ${path}: compile.optimizer.config.learningRate: sgd: learningRate is -0.1.`,
    );
  });

  it("check the types of optimizer options, and name --lr when it gave the rate", async () => {
    const optimizer = { className: "sgd", config: { momentum: "0.9", nesterov: "true" } };
    const path = await spec("optimizer-types.json", whole(optimizer));
    expect(userError(await train(["--model", path]))).toBe(
      `error: ${path}: (1) compile.optimizer.config.momentum is the string "0.9"; expected ` +
        "a number (write 0.9 without quotes). (2) compile.optimizer.config.nesterov is the " +
        'string "true"; expected true or false (write true without quotes).\n',
    );
    const rated = await spec("rated.json", whole({ className: "sgd", config: {} }));
    expectExit(await train(["--model", rated, "--lr", "0.05"], "rated"), 0);
  });
});

describe("--model JSON syntax", () => {
  async function text(name: string, body: string): Promise<string> {
    const path = join(dir(), name);
    await writeFile(path, body);
    return path;
  }

  it("reports file:line:column and the parser's reason once", async () => {
    const path = await text(
      "m-syntax.json",
      '{"layers": [\n  {"className": "dense",\n   "config": {"units": 16,}}\n]}\n',
    );
    expect(userError(await train(["--model", path]))).toBe(
      `error: ${path}:3:27: not valid JSON: Expected double-quoted property name. JSON needs ` +
        "double-quoted keys and strings, and allows no trailing commas or comments.\n",
    );
  });

  it("finds the line and column when the parser's message has no position", async () => {
    const path = await text(
      "no-position.json",
      '[\n  {"className": "dense",\n   "config": {"units": tru}}\n]\n',
    );
    expect(userError(await train(["--model", path]))).toContain(
      `error: ${path}:3:27: not valid JSON: Unexpected token '}'. JSON needs`,
    );
  });

  it("points past the last character of a file that ends too soon", async () => {
    const path = await text("short.json", '[{"className": "dense", "config":\n  {"units": nul');
    expect(userError(await train(["--model", path]))).toContain(
      `error: ${path}:2:16: not valid JSON: Unexpected end of JSON input.`,
    );
  });

  it("reads a file that starts with a byte-order mark", async () => {
    const path = await text("bom.json", `\uFEFF${JSON.stringify([dense({ units: 8 })])}`);
    expectExit(await train(["--model", path], "bom"), 0);
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
