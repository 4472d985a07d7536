import { readFileSync } from "node:fs";
import { Registry, RegistryError } from "@myelin/registry";
import { square, sub, type Tensor, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import {
  getLoss,
  huberLoss,
  LOSS_NAMES,
  LOSSES_PACKAGE,
  makeLoss,
  meanSquaredErrorLoss,
  registerLosses,
  serializeLoss,
} from "./index.js";

function freshRegistry(): Registry {
  const registry = new Registry();
  registerLosses(registry);
  return registry;
}

describe("registerLosses", () => {
  it("registers every built-in as kind loss", () => {
    const names = freshRegistry()
      .list("loss")
      .map((e) => e.name);
    expect(names.sort()).toEqual([...LOSS_NAMES].sort());
  });

  it("resolves Keras spellings and short names", () => {
    const registry = freshRegistry();
    for (const [keras, ours] of [
      ["categorical_crossentropy", "categoricalCrossentropy"],
      ["SparseCategoricalCrossentropy", "sparseCategoricalCrossentropy"],
      ["mse", "meanSquaredError"],
      ["mae", "meanAbsoluteError"],
      ["kl_divergence", "kullbackLeiblerDivergence"],
      ["kld", "kullbackLeiblerDivergence"],
      ["log_cosh", "logCosh"],
      ["Huber", "huber"],
      ["cosine_similarity", "cosineSimilarity"],
    ]) {
      expect(registry.get("loss", keras!).name).toBe(ours);
    }
  });

  it("fails when called twice on one registry", () => {
    const registry = freshRegistry();
    expect(() => registerLosses(registry)).toThrow(RegistryError);
  });

  it("writes the package's own version into each entry", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(LOSSES_PACKAGE).toEqual({ name: manifest.name, version: manifest.version });
  });
});

describe("getLoss", () => {
  it("builds a configured loss from a serialized form before anything is registered", () => {
    const loss = getLoss(
      { className: "binary_crossentropy", config: { fromLogits: true } },
      new Registry(),
    );
    expect(loss.name).toBe("binaryCrossentropy");
    expect(loss.fromLogits).toBe(true);
    expectClose([loss(tensor([1]), tensor([0])).item()], [Math.LN2]);
  });

  it("returns a Loss as it is and wraps a per-sample function with the mean", () => {
    const loss = meanSquaredErrorLoss();
    expect(getLoss(loss)).toBe(loss);
    function squared(yTrue: Tensor, yPred: Tensor) {
      return square(sub(yPred, yTrue));
    }
    const wrapped = getLoss(squared);
    expect(wrapped.name).toBe("squared");
    expect(wrapped(tensor([0, 0]), tensor([1, 3])).item()).toBe(5);
  });

  it("prefers an entry the registry already has over the built-in", () => {
    const registry = new Registry();
    const custom = makeLoss("mse", (t, p) => sub(p, t));
    registry.register({
      kind: "loss",
      name: "mse",
      package: "my-app",
      version: "1.0.0",
      create: () => custom,
    });
    expect(getLoss("mse", registry)).toBe(custom);
  });

  it("rejects an unknown name and suggests the closest ones", () => {
    expect(() => getLoss("meanSquaredErorr", new Registry())).toThrow(
      /Unknown loss "meanSquaredErorr". Did you mean "meanSquaredError"/,
    );
  });

  it("passes invalid options on to the factory's checks", () => {
    expect(() => getLoss({ className: "huber", config: { delta: -1 } })).toThrow(
      "huber: delta is -1.",
    );
  });
});

describe("serializeLoss", () => {
  it("round-trips built-ins with their options through JSON and the registry", () => {
    const registry = freshRegistry();
    const original = huberLoss({ delta: 2, reduction: "sum" });
    const serialized = serializeLoss(original);
    expect(serialized).toEqual({
      className: "huber",
      package: "@myelin/losses",
      version: LOSSES_PACKAGE.version,
      config: { delta: 2, reduction: "sum" },
    });
    const back = getLoss(JSON.parse(JSON.stringify(serialized)), registry);
    const [t, p] = [tensor([0, 0]), tensor([1, 5])];
    expect(back(t, p).item()).toBe(original(t, p).item());
  });

  it("writes other losses without a package", () => {
    const custom = makeLoss("myLoss", (t, p) => sub(p, t), { scale: 2 });
    expect(serializeLoss(custom)).toEqual({
      className: "myLoss",
      config: { scale: 2, reduction: "mean" },
    });
  });
});
