import * as my from "myelin";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultConfig, type PlaygroundConfig } from "../config.js";
import { loadBundled, loadCsv } from "../data/bundled.js";
import { splitDataset } from "../data/dataset.js";
import { generateToy } from "../data/toy.js";
import { registerPlaygroundLayers } from "../model/sine-layer.js";
import { decodeState } from "../url-state.js";
import { catalogue } from "./catalogue.js";
import { gridPoints, Session } from "./session.js";

const registry = new my.Registry();

beforeAll(async () => {
  await my.setup({ backend: "js", registry });
  registerPlaygroundLayers(registry);
});

function circle(config: PlaygroundConfig) {
  return splitDataset(
    generateToy("circle", { samples: 200, noise: 0.02, seed: config.seed }),
    config.trainShare,
    config.seed,
  );
}

describe("Session", () => {
  it("learns the circle set; its snapshots hold boundary, unit maps, links, health", async () => {
    const config = {
      ...defaultConfig(),
      dataset: "circle" as const,
      layers: [{ type: "dense", units: 6, activation: "tanh" }],
      learningRate: 0.05,
    };
    const session = new Session(registry);
    const { summary } = await session.build(config, circle(config));
    expect(summary.rows.map((r) => [r.className, r.outputUnits, r.params])).toEqual([
      ["Dense", 6, 18],
      ["Dense", 2, 14],
    ]);
    const first = session.snapshot();
    for (let epoch = 0; epoch < 30; epoch++) {
      session.trainEpoch();
    }
    session.trainBatch(true);
    const last = session.snapshot();
    expect(last.progress.testLoss).toBeLessThan(first.progress.testLoss / 2);
    expect(last.progress.testMetric).toBeGreaterThan(0.95);
    expect(last.progress.epoch).toBeGreaterThanOrEqual(30);
    expect(last.boundary).toHaveLength(40 * 40);
    // Two input maps, six hidden units, two output units (one per class).
    expect(new Set(last.units.map((u) => `${u.layer}:${u.unit}`)).size).toBe(10);
    expect(last.links.map((l) => [l.layer, l.inputs, l.units])).toEqual([
      [1, 2, 6],
      [2, 6, 2],
    ]);
    expect(last.health).toHaveLength(2);
    expect(last.health[0]!.gradNorm).toBeGreaterThan(0);
    expect(last.health[0]!.updateRatio).toBeGreaterThan(0);
    expect(last.health[0]!.saturatedShare).not.toBeNull();
    session.dispose();
  });

  it("exports files that load back into a model with the same predictions", async () => {
    const config = {
      ...defaultConfig(),
      dataset: "circle" as const,
      layers: [{ type: "dense", units: 4, activation: "relu" }, { type: "sine" }],
    };
    const data = circle(config);
    const session = new Session(registry);
    await session.build(config, data);
    session.trainEpoch();
    const point = new Float32Array([0.1, -0.2]);
    const expected = session.predict(point);
    const files = await session.exportFiles();
    const document = JSON.parse(files.json);
    expect(document.format).toBe("myelin-model");
    expect(document.preprocessing.featureNames).toEqual(["x1", "x2"]);
    expect(document.metadata.playground).toMatch(/^#data=circle/);

    const copy = new Session(registry);
    const result = await copy.build(config, data, {
      json: files.json,
      weights: files.weights.slice().buffer,
    });
    expect(result.layers).toEqual([
      { type: "dense", units: 4, activation: "relu" },
      { type: "sine" },
    ]);
    expect(copy.predict(point)).toEqual(expected);
    session.dispose();
    copy.dispose();
  });

  it("warns in plain words when a too-large learning rate kills the ReLU units", async () => {
    const { config } = decodeState(
      "#data=circle&layers=dense:activation=relu:units=8,dense:activation=relu:units=8" +
        "&opt=sgd&lr=3&batch=16",
    );
    const session = new Session(registry);
    await session.build(config, circle(config));
    for (let epoch = 0; epoch < 5; epoch++) {
      session.trainEpoch();
    }
    const warnings = session.health().flatMap((layer) => layer.warnings);
    expect(warnings).toContain(
      "Layer 2: 100 % of units are dead; lower the learning rate or use leakyRelu.",
    );
    session.dispose();
  });

  it("classifies iris and regresses on the surface", async () => {
    const config = {
      ...defaultConfig(),
      layers: [{ type: "dense", units: 8, activation: "tanh" }],
    };
    const iris = splitDataset(await loadBundled("iris"), 0.7, 1);
    const session = new Session(registry);
    await session.build({ ...config, dataset: "iris" }, iris);
    for (let epoch = 0; epoch < 40; epoch++) {
      session.trainEpoch();
    }
    expect(session.snapshot().progress.testMetric).toBeGreaterThan(0.9);

    const surface = splitDataset(
      generateToy("surface", { samples: 300, noise: 0, seed: 1 }),
      0.7,
      1,
    );
    const deeper = [
      { type: "dense", units: 16, activation: "tanh" },
      { type: "dense", units: 16, activation: "tanh" },
    ];
    await session.build({ ...config, dataset: "surface", layers: deeper }, surface);
    const before = session.snapshot().progress.testLoss;
    for (let epoch = 0; epoch < 40; epoch++) {
      session.trainEpoch();
    }
    const after = session.snapshot();
    expect(after.progress.testLoss).toBeLessThan(before / 3);
    expect(after.boundary).toHaveLength(40 * 40);
    session.dispose();
  });

  it("saves a CSV regression's target scaling with the model, as the CLI reads it", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 7},${100 + 10 * i}`);
    const data = splitDataset(loadCsv(["a,b,price", ...rows].join("\n"), "p.csv"), 0.75, 1);
    const session = new Session(registry);
    await session.build({ ...defaultConfig(), dataset: "csv", layers: [] }, data);
    const document = JSON.parse((await session.exportFiles()).json);
    expect(document.preprocessing).toMatchObject({
      featureNames: ["a", "b"],
      targetName: "price",
      task: "regression",
      classes: null,
      scaler: { kind: "standard" },
      targetScaler: { kind: "standard" },
    });
    expect(document.trainingConfig).toBeNull();
    session.dispose();
  });

  it("saves the custom layer under the playground's package, unknown elsewhere", async () => {
    const config = { ...defaultConfig(), layers: [{ type: "sine" }] };
    const session = new Session(registry);
    await session.build(config, circle(config));
    const files = await session.exportFiles();
    const plain = new my.Registry();
    await my.setup({ backend: "js", registry: plain });
    await expect(
      new Session(plain).build(config, circle(config), {
        json: files.json,
        weights: files.weights.slice().buffer,
      }),
    ).rejects.toThrow(/needs the layer "@myelin\/playground\/sine"/);
    session.dispose();
  });

  it("frees every tensor of a model when it is rebuilt or disposed", async () => {
    const buffers = () => (my.memory().backends.js as { buffers: number }).buffers;
    const start = buffers();
    const config = defaultConfig();
    const session = new Session(registry);
    await session.build(config, circle(config));
    session.trainEpoch();
    const trained = buffers();
    for (let k = 0; k < 3; k++) {
      await session.rebuild();
      session.trainEpoch();
      session.trainBatch(true);
      session.snapshot();
      session.predict(new Float32Array([0, 0]));
      expect(buffers()).toBe(trained);
    }
    session.dispose();
    expect(buffers()).toBe(start);
  });

  it("names the layer that cannot be built", async () => {
    const config = {
      ...defaultConfig(),
      layers: [{ type: "dense", units: 4 }, { type: "reshape" }],
    };
    const session = new Session(registry);
    await expect(session.build(config, circle(config))).rejects.toThrow(/^Layer 2 \(reshape\): /);
  });

  it("refuses an imported model that reads another number of features", async () => {
    const config = { ...defaultConfig(), layers: [] };
    const session = new Session(registry);
    await session.build(config, circle(config));
    const files = await session.exportFiles();
    const iris = { ...circle(config), featureNames: ["a", "b", "c"], x: new Float32Array(600) };
    await expect(
      new Session(registry).build(config, iris, {
        json: files.json,
        weights: files.weights.slice().buffer,
      }),
    ).rejects.toThrow(/reads 2 features per row, but circle has 3/);
  });
});

describe("catalogue", () => {
  it("lists the registry's layers and the custom one, marking those needing other shapes", () => {
    const { layers, activations, optimizers } = catalogue(registry);
    const byName = new Map(layers.map((l) => [l.name, l]));
    expect(byName.get("dense")?.usable).toBe(true);
    expect(byName.get("dropout")?.usable).toBe(true);
    expect(byName.get("sine")).toMatchObject({ usable: true, package: "@myelin/playground" });
    expect(byName.get("reshape")?.usable).toBe(false);
    expect(byName.get("inputLayer")?.usable).toBe(false);
    expect(activations).toContain("relu");
    expect(activations.indexOf("softmax")).toBeGreaterThan(activations.indexOf("tanh"));
    expect(optimizers.slice(0, 2)).toEqual(["adam", "sgd"]);
  });
});

describe("gridPoints", () => {
  it("covers the square from the top-left corner, row by row", () => {
    const points = gridPoints(2, 1);
    expect([...points]).toEqual([-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
  });
});
