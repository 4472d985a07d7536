import { type CallOptions, dense, Layer, type LayerArgs, type LayerShape } from "@myelin/layers";
import { mul, type Tensor, tensor, type Variable } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  artifactsFromJSON,
  artifactsToJSON,
  input,
  loadModel,
  loadModelFromArtifacts,
  model as functionalModel,
  type ModelArtifacts,
  sequential,
} from "../src/index.js";
import { builtins, random, thrown } from "./helpers.js";

// Weights from the report (BrainJS/brain.js#129), kernels as [in, out].
const W1 = [
  [-3.594487237455296, -5.735954921370731, -0.959203897155529],
  [-3.5995564144376537, -5.8343520918041145, -1.0322345440841676],
];
const B1 = [5.219508124805883, 2.0856377515985987, -0.6705773932893153];
const W2 = [[7.143018785739898], [-7.763584975007569], [0.7122170310638396]];
const B2 = [-3.2519169651133897];
const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const EXPECTED = [0.056676648660123834, 0.933524469823917, 0.9331472424365438, 0.0882428531821962];

function xorModel(registry = builtins()) {
  const model = sequential(
    [
      dense({ units: 3, activation: "sigmoid", inputShape: [2] }),
      dense({ units: 1, activation: "sigmoid" }),
    ],
    { registry },
  );
  model.setWeights([tensor(W1), tensor(B1), tensor(W2), tensor(B2)]);
  model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
  return model;
}

function bits(t: Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(t.data()).buffer));
}

describe("C23: saving and loading keeps every weight bit", () => {
  it("predicts the reference, and the same bits after a JSON round trip", () => {
    const registry = builtins();
    const model = xorModel(registry);
    const before = model.predict(X);
    const reference = before.data();
    EXPECTED.forEach((e, i) => expect(Math.abs(reference[i]! - e)).toBeLessThan(1e-6));
    const text = artifactsToJSON(model.saveArtifacts());
    const loaded = loadModelFromArtifacts(artifactsFromJSON(text), { registry });
    expect(bits(loaded.predict(X) as Tensor)).toEqual(bits(before));
    expect(artifactsToJSON(loaded.saveArtifacts())).toBe(text);
  });

  it("round-trips through { modelJson, weights } and an IO handler, optimizer state included", async () => {
    const registry = builtins();
    const model = xorModel(registry);
    await model.fit(X, [[0], [1], [1], [0]], { epochs: 2, batchSize: 2 });
    const entries = model.getWeightData();
    expect(entries.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        model.weights[0]!.name,
        "optimizer/iterations",
        `optimizer/${model.weights[0]!.name}/0`,
      ]),
    );
    const copy = loadModelFromArtifacts(
      { modelJson: model.toJSON(), weights: entries },
      { registry },
    );
    expect(bits(copy.predict(X) as Tensor)).toEqual(bits(model.predict(X)));
    const plain = (state: { iterations: number; slots: Record<string, ArrayLike<number>[]> }) => ({
      iterations: state.iterations,
      slots: Object.fromEntries(
        Object.entries(state.slots).map(([k, v]) => [k, v.map((a) => Array.from(a))]),
      ),
    });
    expect(plain(copy.optimizer!.getState())).toEqual(plain(model.optimizer!.getState()));
    let stored: ModelArtifacts | null = null;
    await model.save({ save: (a: ModelArtifacts) => void (stored = a) });
    const viaHandler = await loadModel({ load: () => stored! }, { registry });
    expect(bits(viaHandler.predict(X) as Tensor)).toEqual(bits(model.predict(X)));
    const next = await copy.fit(X, [[0], [1], [1], [0]], {
      epochs: 1,
      batchSize: 4,
      shuffle: false,
    });
    const original = await model.fit(X, [[0], [1], [1], [0]], {
      epochs: 1,
      batchSize: 4,
      shuffle: false,
    });
    expect(next.history.loss).toEqual(original.history.loss);
  });

  it("keeps NaN and infinite weights exactly through the JSON text", () => {
    const registry = builtins();
    const model = xorModel(registry);
    model.setWeights([
      tensor([
        [NaN, Infinity, -0],
        [1e-45, -Infinity, 3],
      ]),
      tensor(B1),
      tensor(W2),
      tensor(B2),
    ]);
    const loaded = loadModelFromArtifacts(
      artifactsFromJSON(artifactsToJSON(model.saveArtifacts())),
      { registry },
    );
    expect(bits(loaded.weights[0]!)).toEqual(bits(model.weights[0]!));
  });

  it("describes topology, training config and weights in toJSON", () => {
    const json = xorModel().toJSON();
    expect(json).toMatchObject({
      format: "myelin-model",
      formatVersion: 1,
      modelClass: "Sequential",
    });
    const layers = (
      json.topology as {
        layers: {
          className: string;
          package: string;
          version: string;
          config: { units: number };
        }[];
      }
    ).layers;
    expect(layers.map((l) => [l.className, l.package, l.version, l.config.units])).toEqual([
      ["dense", "@myelin/layers", "0.1.0", 3],
      ["dense", "@myelin/layers", "0.1.0", 1],
    ]);
    expect(json.trainingConfig!.optimizer).toMatchObject({
      className: "adam",
      package: "@myelin/optimizers",
    });
    expect(json.trainingConfig!.loss[0]).toMatchObject({ className: "binaryCrossentropy" });
    expect(json.trainingConfig!.metrics).toEqual([["accuracy"]]);
    expect(json.weightsManifest.filter((w) => w.group === "model").map((w) => w.shape)).toEqual([
      [2, 3],
      [3],
      [3, 1],
      [1],
    ]);
  });

  it("refuses weights of another size, naming the layer and both shapes", () => {
    const registry = builtins();
    const source = xorModel(registry);
    const wider = sequential(
      [
        dense({ units: 4, activation: "sigmoid", inputShape: [2] }),
        dense({ units: 1, activation: "sigmoid" }),
      ],
      { registry },
    );
    const error = thrown(() => wider.loadWeights(source.saveArtifacts()));
    expect(error.message).toMatch(
      /dense\S* \(layer 0, Dense\): weight kernel is \[2, 4\] in the model but \[2, 3\] in the saved weights/,
    );
    expect(error.message).toMatch(
      /\(layer 1, Dense\): weight kernel is \[4, 1\] in the model but \[3, 1\] in the saved weights/,
    );
  });

  it("refuses missing weights, naming the layer and the weight", () => {
    const registry = builtins();
    const source = xorModel(registry);
    const artifacts = source.saveArtifacts();
    const biasName = source.weights[3]!.name;
    const withoutBias = {
      modelJson: artifacts.modelJson,
      weights: source.getWeightData().filter((e) => e.name !== biasName),
    };
    const error = thrown(() => loadModelFromArtifacts(withoutBias, { registry }));
    expect(error.message).toMatch(
      new RegExp(`${source.layers[1]!.name} \\(layer 1, Dense\\): no saved value for weight bias`),
    );
    const firstLayer = source.layers[0]!.name;
    const withoutLayer = source
      .getWeightData()
      .filter((e) => !e.name.startsWith(`${firstLayer}/`) && !e.name.startsWith("optimizer/"));
    expect(thrown(() => xorModel(registry).loadWeights(withoutLayer)).message).toMatch(
      /no saved weights for dense\S* \(layer \d, Dense\)/,
    );
  });

  it("rejects a file that is not a model", () => {
    expect(() =>
      loadModelFromArtifacts({ modelJson: { format: "other" } as never, weights: [] }),
    ).toThrow(/not a Myelin model file/);
    expect(() => artifactsFromJSON("{")).toThrow(/not valid JSON/);
  });
});

/** A plugin layer: y = x * factor, with a learned factor per feature. */
class Scale extends Layer {
  static override className = "Scale";
  factor: Variable | null = null;

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(shape: LayerShape): void {
    this.factor = this.addWeight("factor", [shape[shape.length - 1] as number], "ones");
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return mul(x, this.factor!);
  }
}

const plugin = {
  kind: "layer" as const,
  name: "scale",
  package: "my-plugin",
  version: "1.2.0",
  create: (config: Record<string, unknown>) => Scale.fromConfig(config),
};

describe("custom layers", () => {
  it("round-trip through a fresh child registry holding the same plugin", async () => {
    const base = builtins();
    const registry = base.child();
    registry.register(plugin);
    const model = sequential([new Scale({ inputShape: [3] }), dense({ units: 2 })], {
      registry,
      seed: 3,
    });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const x = random([8, 3], 1);
    await model.fit(x, random([8, 2], 2), { epochs: 3 });
    const artifacts = model.saveArtifacts();
    const layerJson = (
      artifacts.modelJson.topology as {
        layers: { className: string; package: string; version: string }[];
      }
    ).layers[0];
    expect(layerJson).toMatchObject({ className: "scale", package: "my-plugin", version: "1.2.0" });
    const fresh = base.child();
    fresh.register(plugin);
    const loaded = loadModelFromArtifacts(artifacts, { registry: fresh });
    expect(loaded.layers[0]).toBeInstanceOf(Scale);
    expect(bits(loaded.predict(x) as Tensor)).toEqual(bits(model.predict(x)));
  });

  it("loading without the plugin names the missing package/name and version", () => {
    const registry = builtins().child();
    registry.register(plugin);
    const model = sequential([new Scale({ inputShape: [2] })], { registry });
    const artifacts = model.saveArtifacts();
    const error = thrown(() => loadModelFromArtifacts(artifacts, { registry: builtins() }));
    expect(error.message).toContain('"my-plugin/scale" (version 1.2.0)');
  });

  it("saving an unregistered layer says how to register it", () => {
    const model = sequential([new Scale({ inputShape: [2] })], { registry: builtins() });
    expect(thrown(() => model.toJSON()).message).toMatch(
      /"Scale" is not registered, so it cannot be saved/,
    );
  });
});

describe("functional models", () => {
  it("round-trip with several inputs, a shared layer and several outputs", () => {
    const registry = builtins();
    const a = input({ shape: [3], name: "a" });
    const b = input({ shape: [3], name: "b" });
    const shared = dense({ units: 4, activation: "tanh", name: "shared" });
    const joined = registry
      .create<Layer>("layer", "concatenate", { registry })
      .apply([shared.apply(a), shared.apply(b)]);
    const head = dense({ units: 1, name: "head" }).apply(joined);
    const side = dense({ units: 2, name: "side" }).apply(shared.apply(a));
    const m = functionalModel({ inputs: [a, b], outputs: [head, side], registry });
    const xa = random([5, 3], 1);
    const xb = random([5, 3], 2);
    const [h, s] = m.predict([xa, xb]);
    const loaded = loadModelFromArtifacts(m.saveArtifacts(), { registry });
    const [h2, s2] = loaded.predict([xa, xb]) as Tensor[];
    expect(bits(h2!)).toEqual(bits(h!));
    expect(bits(s2!)).toEqual(bits(s!));
  });
});
