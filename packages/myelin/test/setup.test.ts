import { describe, expect, it } from "vitest";
import * as myelin from "../src/index.js";

describe("myelin", () => {
  it("registers nothing on import", () => {
    expect(myelin.defaultRegistry.list("layer")).toEqual([]);
    expect(myelin.defaultRegistry.list("activation")).toEqual([]);
    expect(myelin.listBackends()).toEqual([]);
  });

  it("setup registers the JS backend and every built-in, and can run twice", async () => {
    const registry = new myelin.Registry();
    const result = await myelin.setup({ registry, seed: 5 });
    expect(result).toEqual({ backend: "js", registry });
    expect(myelin.getBackend().name).toBe("js");
    for (const [kind, name] of [
      ["layer", "dense"],
      ["activation", "relu"],
      ["loss", "categoricalCrossentropy"],
      ["optimizer", "adam"],
      ["initializer", "heNormal"],
      ["metric", "auc"],
      ["callback", "earlyStopping"],
      ["schedule", "cosineDecay"],
    ] as const) {
      expect(registry.has(kind, name)).toBe(true);
    }
    await expect(myelin.setup({ registry })).resolves.toEqual({ backend: "js", registry });
    await expect(myelin.setup({ backend: "gpu" as "js" })).rejects.toThrow(/backend is "gpu"/);
  });

  it("seeds the global generator so a model repeats exactly", async () => {
    const build = async () => {
      await myelin.setup({ seed: 7 });
      const model = myelin.sequential([myelin.layers.dense({ units: 3, inputShape: [2] })]);
      return Array.from(model.getWeights()[0]!.data());
    };
    expect(await build()).toEqual(await build());
  });

  it("exposes layers as a namespace and by name, next to the tensor ops", async () => {
    await myelin.setup();
    expect(myelin.layers.reshape({ targetShape: [2] })).toBeInstanceOf(myelin.Reshape);
    expect(myelin.layers.add()).toBeInstanceOf(myelin.Add);
    expect(typeof myelin.add).toBe("function");
    expect(myelin.dense({ units: 1 })).toBeInstanceOf(myelin.Dense);
    expect(typeof myelin.losses.meanSquaredError).toBe("function");
    expect(typeof myelin.activations.gelu).toBe("function");
    expect(typeof myelin.data.parseCsv).toBe("function");
    expect(myelin.VERSION).toBe("0.1.0");
  });

  it("runs the tutorial end to end", async () => {
    await myelin.setup({ seed: 1 });
    const model = myelin.sequential([myelin.layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const xs = myelin.tensor([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]]);
    const ys = myelin.tensor([[1], [3], [5], [7], [9], [11], [13], [15], [17], [19]]);
    await model.fit(xs, ys, { epochs: 1000 });
    const restored = myelin.loadModelFromArtifacts(
      myelin.artifactsFromJSON(myelin.artifactsToJSON(model.saveArtifacts())),
    );
    const prediction = (restored.predict(myelin.tensor([[11]])) as myelin.Tensor).data()[0]!;
    expect(Math.abs(prediction - 21)).toBeLessThan(0.05);
  });
});
