// The first Myelin program: learn y = 2x - 1 from ten points.
// Run from the repository root: pnpm exec tsx examples/linear-regression.ts
import { layers, sequential, setup, tensor } from "myelin";

await setup({ seed: 1 });

const model = sequential([layers.dense({ units: 1, inputShape: [1] })]);
model.compile({ optimizer: "sgd", loss: "meanSquaredError" });

const xs = tensor([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]]);
const ys = tensor([[1], [3], [5], [7], [9], [11], [13], [15], [17], [19]]);
await model.fit(xs, ys, { epochs: 1000 });

const prediction = model.predict(tensor([[11]])).data()[0]!;
console.log(`x = 11 -> ${prediction.toFixed(3)} (exact: 21)`);
