import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileSystemHandler } from "@myelin/io/node";
import { beforeAll, describe, expect, it } from "vitest";
import {
  defaultRegistry,
  type Layer,
  loadModelFromArtifacts,
  type Model,
  type ModelArtifacts,
  sequential,
  setup,
  type Tensor,
  tensor,
} from "../src/myelin.js";
import { expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();

// A trained 2-3-1 sigmoid XOR network: its weights and the outputs they give.
const kernel1 = [
  [-3.594487237455296, -5.735954921370731, -0.959203897155529],
  [-3.5995564144376537, -5.8343520918041145, -1.0322345440841676],
];
const bias1 = [5.219508124805883, 2.0856377515985987, -0.6705773932893153];
const kernel2 = [[7.143018785739898], [-7.763584975007569], [0.7122170310638396]];
const bias2 = [-3.2519169651133897];
const x = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const expected = [0.056676648660123834, 0.933524469823917, 0.9331472424365438, 0.0882428531821962];

function xorModel() {
  const dense = (config: Record<string, unknown>) =>
    defaultRegistry.create<Layer>("layer", { className: "dense", config });
  return sequential([
    dense({ units: 3, activation: "sigmoid", inputShape: [2] }),
    dense({ units: 1, activation: "sigmoid" }),
  ]);
}

function predictions(model: Model): Float32Array {
  return Float32Array.from((model.predict(tensor(x)) as Tensor).data() as Float32Array);
}

beforeAll(async () => {
  await setup({ backend: "js" });
});

describe("a trained XOR network through model files", () => {
  it("predicts bit for bit the same after a save and load, and saves the copy identically", async () => {
    const model = xorModel();
    model.setWeights([tensor(kernel1), tensor(bias1), tensor(kernel2), tensor(bias2)]);
    const before = predictions(model);
    Array.from(before).forEach((y, i) => expect(y).toBeCloseTo(expected[i]!, 6));

    const first = join(dir(), "first");
    await fileSystemHandler(first).save(model.saveArtifacts());
    const loaded = await fileSystemHandler(first).load();
    const copy = loadModelFromArtifacts(loaded as unknown as ModelArtifacts);
    const after = predictions(copy);
    expect(Buffer.from(after.buffer)).toEqual(Buffer.from(before.buffer));

    const second = join(dir(), "second");
    await fileSystemHandler(second).save(copy.saveArtifacts());
    const [a, b] = await Promise.all([first, second].map((d) => readFile(join(d, "weights.bin"))));
    expect(Buffer.compare(a!, b!)).toBe(0);
  });

  it("refuses weights saved for other layer sizes, naming the layer", async () => {
    const model = xorModel();
    model.setWeights([tensor(kernel1), tensor(bias1), tensor(kernel2), tensor(bias2)]);
    const saved = join(dir(), "resized");
    await fileSystemHandler(saved).save(model.saveArtifacts());
    const path = join(saved, "model.json");
    const json = JSON.parse(await readFile(path, "utf8"));
    json.modelTopology.topology.layers[0].config.units = 4;
    await writeFile(path, JSON.stringify(json));

    const loaded = await fileSystemHandler(saved).load();
    expect(() => loadModelFromArtifacts(loaded as unknown as ModelArtifacts)).toThrowError(
      /dense.*kernel is \[2, 4\] in the model but \[2, 3\] in the saved weights/,
    );
  });

  it("is summarised by the CLI although the library saved it without preprocessing", async () => {
    const model = xorModel();
    model.setWeights([tensor(kernel1), tensor(bias1), tensor(kernel2), tensor(bias2)]);
    const saved = join(dir(), "library");
    await fileSystemHandler(saved).save(model.saveArtifacts());

    const run = expectExit(await runCli(["summary", saved], { cwd: dir() }), 0);
    expect(run.stdout).toMatch(/dense/);
    expect(run.stdout).toContain("preprocessing: none (saved without `myelin train`");
    const data = join(dir(), "xor.csv");
    await writeFile(data, "a,b\n0,1\n");
    const predict = expectExit(await runCli(["predict", saved, "--data", data], { cwd: dir() }), 1);
    expect(predict.stderr).toContain("has no preprocessing section");
  });
});
