import { batchNormalization, concatenate, dense, dropout } from "@myelin/layers";
import { describe, expect, it } from "vitest";
import { input, model, sequential } from "../src/index.js";

describe("summary", () => {
  it("lists each layer with type, output shape and parameters, and the totals", () => {
    const m = sequential(
      [
        dense({ units: 128, activation: "relu", inputShape: [784], name: "hidden" }),
        batchNormalization({ name: "norm" }),
        dropout({ rate: 0.2, name: "drop" }),
        dense({ units: 10, activation: "softmax", name: "out" }),
      ],
      { name: "mlp" },
    );
    const printed: string[] = [];
    const text = m.summary({ print: (line) => printed.push(line) });
    expect(printed.join("\n")).toBe(text);
    expect(text).toMatchInlineSnapshot(`
      "Model: "mlp"
      __________________________________________________
      Layer (type)                Output shape   Param #
      ==================================================
      hidden (Dense)              [null, 128]    100,480
      norm (BatchNormalization)   [null, 128]    512
      drop (Dropout)              [null, 128]    0
      out (Dense)                 [null, 10]     1,290
      ==================================================
      Total params: 102,282
      Trainable params: 102,026
      Non-trainable params: 256
      __________________________________________________"
    `);
    expect(m.countParams()).toBe(102282);
  });

  it("says when the model is not built yet", () => {
    const text = sequential([dense({ units: 3, name: "late" })]).summary();
    expect(text).toContain("late (Dense)   ? (not built)");
    expect(text).toContain("The model is not built yet");
  });

  it("shows what each call of a functional model reads, counting shared layers once", () => {
    const a = input({ shape: [4], name: "a" });
    const shared = dense({ units: 2, name: "shared" });
    const out = concatenate({ name: "joined" }).apply([shared.apply(a), shared.apply(a)]);
    const text = model({ inputs: a, outputs: out, name: "twice" }).summary();
    expect(text).toContain("Connected to");
    expect(text).toMatch(/joined \(Concatenate\)\s+\[null, 4\]\s+0\s+shared, shared\/1/);
    expect(text).toContain("Total params: 10");
  });
});
