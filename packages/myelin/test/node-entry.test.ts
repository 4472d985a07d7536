import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// Imported by package name, as a user's script would, so the exports map is what is tested.
import {
  adam,
  data,
  io,
  layers,
  loadModelFromArtifacts,
  type ModelArtifacts,
  ModelFileError,
  sequential,
  setup,
  tensor,
  type Tensor,
} from "myelin";
import { datasetPath, fileSystemHandler, loadDataset } from "myelin/node";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("a script using myelin and myelin/node", () => {
  it("loads a bundled dataset, trains, saves the model to disk and loads it back", async () => {
    await setup({ seed: 3 });
    const iris = loadDataset("iris", { oneHot: true });
    expect(iris.features.rows).toBe(150);
    expect(datasetPath("iris")).toMatch(/iris\.csv$/);

    const scaler = data.standardScaler().fit(iris.features);
    const x = scaler.transform(iris.features);
    const model = sequential([
      layers.dense({ units: 8, activation: "relu", inputShape: [4] }),
      layers.dense({ units: 3, activation: "softmax" }),
    ]);
    model.compile({
      optimizer: adam({ learningRate: 0.02 }),
      loss: "categoricalCrossentropy",
      metrics: ["accuracy"],
    });
    const target = iris.target.kind === "classification" ? iris.target.oneHot! : undefined;
    const history = await model.fit(x, target!, { epochs: 40, seed: 1 });
    expect(history.history.accuracy!.at(-1)).toBeGreaterThan(0.85);

    const dir = await mkdtemp(join(tmpdir(), "myelin-node-"));
    dirs.push(dir);
    await fileSystemHandler(dir).save({
      ...model.saveArtifacts(),
      preprocessing: {
        featureNames: [...iris.featureNames],
        targetName: "species",
        classes: ["setosa", "versicolor", "virginica"],
        scaler: scaler.toJSON() as unknown as io.Preprocessing["scaler"],
      },
    });
    expect((await readdir(dir)).sort()).toEqual([io.MODEL_JSON_FILE, io.WEIGHTS_FILE]);

    const loaded = await fileSystemHandler(dir).load();
    expect(loaded.preprocessing?.featureNames).toEqual(iris.featureNames);
    const copy = loadModelFromArtifacts(loaded as unknown as ModelArtifacts);
    const sample = tensor([Array.from(x.data.subarray(0, 4))]);
    const before = (model.predict(sample) as Tensor).data();
    const after = (copy.predict(sample) as Tensor).data();
    expect(Array.from(after)).toEqual(Array.from(before));
  });

  it("reports a missing model directory with the io package's error class", async () => {
    const missing = join(tmpdir(), "myelin-node-missing", "nothing-here");
    await expect(fileSystemHandler(missing).load()).rejects.toBeInstanceOf(ModelFileError);
  });
});
