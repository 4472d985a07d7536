// The README's examples as one runnable script:
// node --conditions=source --import tsx examples/quick-start.ts
import {
  batches,
  csvDataset,
  datasetInfo,
  labelEncoder,
  listDatasets,
  loadMnist,
  loadTable,
  minMaxScaler,
  scalerFromJSON,
  splitTable,
  standardScaler,
  takeRows,
  trainTestSplit,
} from "@myelin/data";
import { loadDataset } from "@myelin/data/node";

const iris = loadDataset("iris");
const { train, test } = splitTable(iris, { test: 0.2, seed: 0 });
const scaler = standardScaler().fit(train.features);
const x = scaler.transform(train.features);
const sizes = [...batches(x, 32)].map((batch) => batch.rows);
console.log(`iris: train ${train.features.rows}, test ${test.features.rows}, batches ${sizes}`);

const restored = scalerFromJSON(JSON.parse(JSON.stringify(minMaxScaler([-1, 1]).fit(x).toJSON())));
console.log(`restored ${restored.kind} scaler, fitted: ${restored.fitted}`);

const encoder = labelEncoder().fit(["cat", "dog"]);
console.log("encoded dog:", encoder.encode(["dog"]));

const labels = iris.target.kind === "classification" ? iris.target.labels : undefined;
const split = trainTestSplit(150, { testFraction: 0.2, seed: 42, stratify: labels });
console.log(`stratified test rows: ${takeRows(iris.features, split.test).rows}`);

const csv = "a,b,label\n1,10,x\n2,20,y\n3,30,x\n";
const table = loadTable(csv, { target: "label", source: "tiny.csv", oneHot: true });
const classes = table.target.kind === "classification" ? table.target.classes : [];
console.log(`tiny.csv: features ${table.featureNames}, classes ${classes}`);

const dataset = csvDataset(() => new Response(csv), { target: "label", batchSize: 2 });
console.log("columns:", await dataset.columns());
for await (const { x: bx, y } of dataset) {
  console.log(`batch of ${bx.rows}, y =`, y);
}

console.log(
  listDatasets()
    .map((d) => `${d.name} ${d.rows}x${d.features}`)
    .join(", "),
);
console.log(`iris: ${datasetInfo("iris").citation}`);
const mnist = await loadMnist({ train: 8000, test: 2000, seed: 0 });
console.log(
  `mnist: ${mnist.train.images.rows}x${mnist.train.images.cols}, ${mnist.test.labels.length} test`,
);
