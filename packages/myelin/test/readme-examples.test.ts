import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import * as myelin from "../src/index.js";

const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (path: string) => readFile(join(packages, path), "utf8");

/** The first capture of `pattern` in `text`, failing with the pattern when it is absent. */
function capture(text: string, pattern: RegExp): string {
  const found = pattern.exec(text)?.[1];
  if (found === undefined) {
    throw new Error(`no match for ${pattern}`);
  }
  return found;
}

afterEach(() => myelin.setLogSink(null));

describe("the root README's one-neuron regression", () => {
  it("is the code of examples/linear-regression.ts, line for line", async () => {
    const readme = await read("../README.md");
    const section = capture(readme, /## A one-neuron regression\s+```ts\n([\s\S]*?)```/);
    const example = await read("../examples/linear-regression.ts");
    const code = (text: string) =>
      text
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.startsWith("//"))
        .join("\n");
    expect(code(example)).toBe(code(section));
  });
});

describe("the README examples of the packages myelin gathers", () => {
  it("state the value the myelin quick start prints", async () => {
    const readme = await read("myelin/README.md");
    const stated = Number(capture(readme, /data\(\)\[0\];\s*\/\/ (\d+\.\d+)/));

    await myelin.setup({ seed: 1 });
    const model = myelin.sequential([myelin.layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const x = myelin.tensor([[1], [2], [3], [4]]);
    await model.fit(x, myelin.tensor([[1], [3], [5], [7]]), { epochs: 500 });
    const printed = (model.predict(myelin.tensor([[10]])) as myelin.Tensor).data()[0]!;

    expect(stated).toBeCloseTo(printed, 3);
  });

  it("give the leakyRelu output that the activations example computes", async () => {
    const readme = await read("activations/README.md");
    const usage = await read("activations/examples/usage.ts");
    const input = capture(readme, /const x = tensor\((\[\[[^\]]*\]\])\);/);
    expect(usage).toContain(`const x = tensor(${input});`);
    expect(usage).toContain("leakyRelu(x, 0.1)");
    const stated = JSON.parse(capture(readme, /leakyRelu\(x, 0\.1\);\s*\/\/ (\[\[[^\]]*\]\])/));

    await myelin.setup();
    const computed = myelin.activations.leakyRelu(myelin.tensor(JSON.parse(input)), 0.1);
    Array.from(computed.data()).forEach((value, i) => {
      expect(value).toBeCloseTo(stated[0][i], 6);
    });
  });

  it("show a log sink that receives fit's warning about unscaled inputs", async () => {
    const readme = await read("model/README.md");
    expect(readme).toContain("setLogSink((level, message) => console.warn(");

    await myelin.setup({ seed: 4 });
    const received: string[] = [];
    myelin.setLogSink((level, message) => received.push(`${level}: ${message}`));
    const model = myelin.sequential([myelin.layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const x = myelin.tensor([[150], [300], [450], [600]]);
    await model.fit(x, myelin.tensor([[1], [2], [3], [4]]), { epochs: 1 });

    expect(received.some((line) => /^warn: fit: the inputs look unscaled/.test(line))).toBe(true);
  });
});
