// The README's Node example as one runnable script (from packages/myelin):
// node --conditions=source --import tsx examples/node-quick-start.ts
import {
  data,
  layers,
  loadModelFromArtifacts,
  type ModelArtifacts,
  sequential,
  setup,
} from "myelin";
import { fileSystemHandler, loadDataset } from "myelin/node";

await setup({ seed: 3 });
const iris = loadDataset("iris", { oneHot: true });
const scaler = data.standardScaler().fit(iris.features);
const model = sequential([
  layers.dense({ units: 8, activation: "relu", inputShape: [4] }),
  layers.dense({ units: 3, activation: "softmax" }),
]);
model.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
if (iris.target.kind === "classification") {
  await model.fit(scaler.transform(iris.features), iris.target.oneHot!, { epochs: 60 });
}

const dir = "runs/iris-quick-start";
await fileSystemHandler(dir).save({
  ...model.saveArtifacts(),
  preprocessing: {
    featureNames: [...iris.featureNames],
    targetName: "species",
    scaler: { ...scaler.toJSON() },
  },
});
const loaded = await fileSystemHandler(dir).load();
const copy = loadModelFromArtifacts(loaded as unknown as ModelArtifacts);
console.log(copy.countParams(), loaded.preprocessing?.featureNames);
