import { dense } from "@myelin/layers";
import { tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { sequential } from "../src/index.js";
import { rejected } from "./helpers.js";

const xs = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]];
const ys = xs.map(([x]) => [2 * x! - 1]);

describe("the linear-regression tutorial", () => {
  it("learns y = 2x - 1 and predicts 21 for x = 11", async () => {
    const model = sequential([dense({ units: 1, inputShape: [1] })], { seed: 1 });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const history = await model.fit(tensor(xs), tensor(ys), { epochs: 1000 });
    expect(history.history.loss).toHaveLength(1000);
    expect(history.history.loss![999]!).toBeLessThan(history.history.loss![0]!);
    const prediction = model.predict(tensor([[11]])).data()[0]!;
    expect(Math.abs(prediction - 21)).toBeLessThan(0.05);
  });

  it("names the dense layer, the expected and the found shape when x has two features", async () => {
    const model = sequential([dense({ units: 1, inputShape: [1], name: "dense" })]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const wrong = xs.map(([x]) => [x!, x! + 1]);
    const error = await rejected(() => model.fit(tensor(wrong), tensor(ys), { epochs: 1 }));
    expect(error.message).toContain(
      "dense (layer 0, Dense): expected input shape [*, 1], found [10, 2].",
    );
  });
});
