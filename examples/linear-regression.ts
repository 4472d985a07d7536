// The first Myelin program: learn y = 2x - 1 from ten points with one neuron.
// The root README shows these lines. Run from the repository root:
//   pnpm exec tsx examples/linear-regression.ts
import * as my from "myelin";

await my.setup();
const model = my.sequential([my.layers.dense({ units: 1, inputShape: [1] })]);
model.compile({ optimizer: my.optimizers.sgd({ learningRate: 0.01 }), loss: "meanSquaredError" });

const x = my.tensor([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]]);
const y = my.tensor([[1], [3], [5], [7], [9], [11], [13], [15], [17], [19]]); // y = 2x - 1
await model.fit(x, y, { epochs: 1000, verbose: 0 });
console.log(model.predict(my.tensor([[11]])).toString()); // about 21
