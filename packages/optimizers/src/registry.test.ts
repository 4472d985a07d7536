import { readFileSync } from "node:fs";
import { Registry, RegistryError } from "@myelin/registry";
import { describe, expect, it } from "vitest";
import {
  Adam,
  adam,
  getOptimizer,
  getSchedule,
  OPTIMIZER_NAMES,
  OPTIMIZERS_PACKAGE,
  registerOptimizers,
  SCHEDULE_NAMES,
  serializeOptimizer,
  sgd,
  stepDecay,
} from "./index.js";

function freshRegistry(): Registry {
  const registry = new Registry();
  registerOptimizers(registry);
  return registry;
}

describe("registerOptimizers", () => {
  it("registers every optimizer and every schedule", () => {
    const registry = freshRegistry();
    expect(
      registry
        .list("optimizer")
        .map((e) => e.name)
        .sort(),
    ).toEqual([...OPTIMIZER_NAMES].sort());
    expect(
      registry
        .list("schedule")
        .map((e) => e.name)
        .sort(),
    ).toEqual([...SCHEDULE_NAMES].sort());
  });

  it("resolves Keras spellings", () => {
    const registry = freshRegistry();
    expect(registry.get("optimizer", "SGD").name).toBe("sgd");
    expect(registry.get("optimizer", "RMSprop").name).toBe("rmsprop");
    expect(registry.get("optimizer", "AdamW").name).toBe("adamw");
    expect(registry.get("schedule", "ExponentialDecay").name).toBe("exponentialDecay");
    expect(registry.get("schedule", "PiecewiseConstantDecay").name).toBe("piecewiseConstant");
  });

  it("fails when called twice on one registry", () => {
    const registry = freshRegistry();
    expect(() => registerOptimizers(registry)).toThrow(RegistryError);
  });

  it("writes the package's own version into each entry", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(OPTIMIZERS_PACKAGE).toEqual({ name: manifest.name, version: manifest.version });
  });
});

describe("getOptimizer", () => {
  it("builds an optimizer from a name before anything is registered", () => {
    const optimizer = getOptimizer("adam", new Registry());
    expect(optimizer).toBeInstanceOf(Adam);
    expect(optimizer.getConfig().learningRate).toBe(0.001);
  });

  it("returns an instance as it is", () => {
    const optimizer = sgd();
    expect(getOptimizer(optimizer)).toBe(optimizer);
  });

  it("round-trips an optimizer with a schedule and clipping through JSON", () => {
    const registry = freshRegistry();
    const original = adam({
      learningRate: stepDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5 }),
      beta1: 0.8,
      clipNorm: 2,
    });
    const serialized = JSON.parse(JSON.stringify(serializeOptimizer(original)));
    expect(serialized.className).toBe("adam");
    expect(serialized.package).toBe("@myelin/optimizers");
    const copy = getOptimizer(serialized, registry);
    expect(copy.getConfig()).toEqual(original.getConfig());
    expect(copy.clipNorm).toBe(2);
    expect([0, 3, 6].map((step) => (copy.learningRate as (s: number) => number)(step))).toEqual([
      0.1, 0.05, 0.025,
    ]);
  });

  it("rejects an unknown name and suggests the closest ones", () => {
    expect(() => getOptimizer("adamm", new Registry())).toThrow(
      /Unknown optimizer "adamm". Did you mean "adam"/,
    );
  });

  it("passes invalid hyper-parameters on to the constructor's checks", () => {
    expect(() => getOptimizer({ className: "adam", config: { beta1: 1 } })).toThrow(
      "adam: beta1 is 1.",
    );
  });
});

describe("getSchedule", () => {
  it("builds a schedule from its serialized form", () => {
    const schedule = getSchedule({
      className: "exponential_decay",
      config: { initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 },
    });
    expect(schedule(2)).toBe(0.25);
  });
});

describe("serializeOptimizer", () => {
  it("writes subclasses from elsewhere without this package's name", () => {
    class Custom extends Adam {
      override readonly name = "custom";
    }
    expect(serializeOptimizer(new Custom()).package).toBeUndefined();
    expect(serializeOptimizer(adam()).package).toBe("@myelin/optimizers");
  });
});
