import { describe, expect, it } from "vitest";
import { closestNames, Registry, RegistryError, unknownNameError } from "./index.js";

const dense = {
  kind: "layer" as const,
  name: "dense",
  package: "@myelin/layers",
  version: "0.1.0",
  aliases: ["Dense"],
  create: (config: Record<string, unknown>) => ({ type: "dense", ...config }),
};

describe("Registry", () => {
  it("creates entries by name, by Keras spelling and from a serialized form", () => {
    const registry = new Registry();
    registry.register(dense);
    expect(registry.create("layer", "dense")).toEqual({ type: "dense" });
    expect(registry.create("layer", "Dense")).toEqual({ type: "dense" });
    const serialized = registry.serialize("layer", "dense", { units: 3 });
    expect(serialized).toEqual({ className: "dense", package: "@myelin/layers", version: "0.1.0", config: { units: 3 } });
    expect(registry.create("layer", JSON.parse(JSON.stringify(serialized)))).toEqual({ type: "dense", units: 3 });
  });

  it("refuses a duplicate name unless asked to replace", () => {
    const registry = new Registry();
    registry.register(dense);
    expect(() => registry.register({ ...dense })).toThrow(/already registered \(by @myelin\/layers@0\.1\.0\)/);
    const replaced = registry.register({ ...dense, version: "0.2.0" }, { replace: true });
    expect(registry.get("layer", "dense")).toBe(replaced);
  });

  it("lists the closest names for an unknown one", () => {
    const registry = new Registry();
    registry.register(dense);
    registry.register({ ...dense, name: "dropout", aliases: [] });
    const error = (() => {
      try {
        registry.get("layer", "dens");
      } catch (e) {
        return e as Error & { code: string };
      }
      return null;
    })();
    expect(error?.code).toBe("unknown_name");
    expect(error?.message).toMatchInlineSnapshot(`"Unknown layer "dens". Did you mean "dense" or "dropout"? Known layers: dense, dropout."`);
  });

  it("counts aliases when suggesting and spells plurals right", () => {
    const registry = new Registry();
    registry.register({ kind: "loss", name: "meanSquaredError", package: "@myelin/losses", version: "0.1.0", aliases: ["mse"], create: () => 0 });
    expect(() => registry.get("loss", "msee")).toThrow(/Did you mean "meanSquaredError"\? Known losses: meanSquaredError\./);
  });

  it("names the missing plugin and version when a file needs it", () => {
    const registry = new Registry();
    expect(() =>
      registry.create("layer", { className: "antirectifier", package: "my-plugin", version: "1.2.0", config: {} }),
    ).toThrow(/needs the layer "my-plugin\/antirectifier" \(version 1\.2\.0\)/);
  });

  it("lets child registries add entries without touching the parent", () => {
    const parent = new Registry();
    parent.register(dense);
    const child = parent.child();
    child.register({ ...dense, name: "custom", aliases: [] });
    expect(child.has("layer", "dense")).toBe(true);
    expect(child.has("layer", "custom")).toBe(true);
    expect(parent.has("layer", "custom")).toBe(false);
    expect(child.list("layer").map((e) => e.name)).toEqual(["custom", "dense"]);
  });

  it("passes instances through create unchanged", () => {
    const registry = new Registry();
    const instance = { already: "built" };
    expect(registry.create("optimizer", instance)).toBe(instance);
  });
});

describe("closestNames", () => {
  it("puts a match that differs only in case before closer spellings", () => {
    expect(closestNames("Units", ["unit", "units"], { limit: 1 })).toEqual(["units"]);
    expect(closestNames("BATCHSIZE", ["batchSizes", "batchSize"], { limit: 1 })).toEqual([
      "batchSize",
    ]);
  });

  it("ranks the rest by edit distance, ignoring case, _ and -", () => {
    expect(closestNames("bathSize", ["epochs", "batchSize", "shuffle"], { limit: 1 })).toEqual([
      "batchSize",
    ]);
    expect(closestNames("use_bais", ["units", "useBias", "activation"], { limit: 2 })).toEqual([
      "useBias",
      "units",
    ]);
  });

  it("counts aliases for closeness but names the candidate", () => {
    const candidates = [{ name: "meanSquaredError", aliases: ["mse"] }, { name: "hinge" }];
    expect(closestNames("msee", candidates, { limit: 1 })).toEqual(["meanSquaredError"]);
  });

  it("returns each candidate once and at most limit of them", () => {
    expect(closestNames("a", ["b", "b", "c", "d"], { limit: 2 })).toEqual(["b", "c"]);
    expect(closestNames("a", [])).toEqual([]);
  });

  it("keeps only plausible typos when asked", () => {
    const keys = ["reduction", "learningRate", "axis"];
    expect(closestNames("delta", keys, { typosOnly: true })).toEqual([]);
    expect(closestNames("rate", keys, { typosOnly: true })).toEqual(["learningRate"]);
    expect(closestNames("axsi", keys, { typosOnly: true })).toEqual(["axis"]);
    expect(closestNames("delta", keys, { limit: 1 })).toEqual(["axis"]);
  });
});

describe("unknownNameError", () => {
  it("words an unknown name the way registry lookups do", () => {
    const error = unknownNameError("metric", "acuracy", [
      { name: "accuracy", aliases: ["acc"] },
      "auc",
    ]);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.code).toBe("unknown_name");
    expect(error.message).toMatchInlineSnapshot(
      `"Unknown metric "acuracy". Did you mean "accuracy" or "auc"? Known metrics: accuracy, auc."`,
    );
  });

  it("gives the same text as Registry.get for the same entries", () => {
    const registry = new Registry();
    registry.register(dense);
    registry.register({ ...dense, name: "dropout", aliases: [] });
    const viaRegistry = (() => {
      try {
        registry.get("layer", "dens");
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(unknownNameError("layer", "dens", registry.list("layer")).message).toBe(viaRegistry);
  });
});
