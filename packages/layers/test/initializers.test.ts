import { Registry } from "@myelin/registry";
import { Generator, matMul, tensor, transpose } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  constraints,
  getInitializer,
  initializers,
  l1,
  l1l2,
  l2,
  maxNorm,
  nonNeg,
  registerLayers,
  unitNorm,
} from "../src/index.js";
import { expectClose } from "@myelin/test-utils";

function moments(values: ArrayLike<number>): { mean: number; variance: number; maxAbs: number } {
  let sum = 0;
  let squares = 0;
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    squares += values[i]! ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
  }
  const mean = sum / values.length;
  return { mean, variance: squares / values.length - mean * mean, maxAbs };
}

const shape = [200, 300];
const g = () => new Generator(3);

describe("initializers", () => {
  it("glorotUniform draws from ±sqrt(6 / (fanIn + fanOut))", () => {
    const limit = Math.sqrt(6 / 500);
    const m = moments(initializers.glorotUniform()(shape, "float32", g()).data());
    expect(m.maxAbs).toBeLessThanOrEqual(limit);
    expect(m.maxAbs).toBeGreaterThan(limit * 0.99);
    expect(Math.abs(m.variance / (limit ** 2 / 3) - 1)).toBeLessThan(0.03);
  });

  it("scales the variance by the fans (he, lecun, glorot normal), truncated at 2 stddev", () => {
    const cases: [string, number][] = [
      ["heNormal", 2 / 200],
      ["heUniform", 2 / 200],
      ["lecunNormal", 1 / 200],
      ["lecunUniform", 1 / 200],
      ["glorotNormal", 2 / 500],
    ];
    for (const [name, variance] of cases) {
      const m = moments(getInitializer(name)(shape, "float32", g()).data());
      expect(Math.abs(m.mean)).toBeLessThan(0.01 * Math.sqrt(variance) * 10);
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.03);
      if (name.endsWith("Normal")) {
        expect(m.maxAbs).toBeLessThanOrEqual((2 * Math.sqrt(variance)) / 0.8796256610342398 + 1e-6);
      }
    }
  });

  it("random, constant, zeros and ones give what they say", () => {
    const u = moments(
      initializers.randomUniform({ minval: 1, maxval: 3 })([10000], "float32", g()).data(),
    );
    expect(Math.abs(u.mean - 2)).toBeLessThan(0.02);
    const n = moments(
      initializers.randomNormal({ mean: 5, stddev: 2 })([10000], "float32", g()).data(),
    );
    expect(Math.abs(n.mean - 5)).toBeLessThan(0.06);
    expect(Math.abs(Math.sqrt(n.variance) - 2)).toBeLessThan(0.05);
    const t = moments(initializers.truncatedNormal({ stddev: 1 })([10000], "float32", g()).data());
    expect(t.maxAbs).toBeLessThanOrEqual(2);
    expect(Array.from(initializers.constant({ value: 7 })([2], "float32", g()).data())).toEqual([
      7, 7,
    ]);
    expect(Array.from(initializers.zeros()([2], "float64", g()).data())).toEqual([0, 0]);
    expect(Array.from(initializers.ones()([2], "float32", g()).data())).toEqual([1, 1]);
  });

  it("orthogonal makes orthonormal columns (tall) or rows (wide), times gain", () => {
    const tall = initializers.orthogonal()([6, 3], "float64", g());
    expectClose(matMul(transpose(tall), tall).data(), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-9);
    const wide = initializers.orthogonal({ gain: 2 })([3, 6], "float64", g());
    expectClose(matMul(wide, transpose(wide)).data(), [4, 0, 0, 0, 4, 0, 0, 0, 4], 1e-9);
  });

  it("draws from the generator it is given, unless it has its own seed", () => {
    const a = initializers.heNormal()([4], "float32", new Generator(1)).data();
    const b = initializers.heNormal()([4], "float32", new Generator(1)).data();
    const c = initializers.heNormal()([4], "float32", new Generator(2)).data();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const seeded = initializers.heNormal({ seed: 9 });
    expect(seeded([4], "float32", new Generator(1)).data()).toEqual(
      seeded([4], "float32", new Generator(2)).data(),
    );
  });

  it("resolves Keras spellings and serialized forms, and names unknown ones", () => {
    expect(getInitializer("he_normal").initializerName).toBe("heNormal");
    expect(getInitializer({ className: "constant", config: { value: 2 } }).config).toEqual({
      value: 2,
    });
    expect(() => getInitializer("heNormall")).toThrow(/Unknown initializer "heNormall"/);
  });
});

describe("regularizers", () => {
  it("l1, l2 and l1l2 sum the penalties with their factors (no 1/2 on l2)", () => {
    const w = tensor([1, -2, 3]);
    expectClose(l1({ l1: 0.1 })(w).data(), [0.6], 1e-6);
    expectClose(l2({ l2: 0.1 })(w).data(), [1.4], 1e-6);
    expectClose(l1l2({ l1: 0.1, l2: 0.1 })(w).data(), [2], 1e-6);
    expectClose(l1l2()(w).data(), [0]);
    expect(() => l2({ l2: -1 })).toThrow(/l2 is -1/);
  });
});

describe("constraints", () => {
  it("maxNorm rescales only columns whose norm exceeds the limit", () => {
    const w = tensor([
      [3, 0.3],
      [4, 0.4],
    ]);
    expectClose(maxNorm({ maxValue: 1 })(w).data(), [0.6, 0.3, 0.8, 0.4], 1e-5);
  });

  it("unitNorm divides by the norm, nonNeg clips below zero", () => {
    expectClose(unitNorm()(tensor([[3], [4]])).data(), [0.6, 0.8], 1e-6);
    expect(Array.from(nonNeg()(tensor([-1, 2])).data())).toEqual([0, 2]);
    expect(constraints.getConstraint("max_norm").constraintName).toBe("maxNorm");
  });
});

describe("registerLayers", () => {
  it("registers every layer, initializer, regularizer and constraint with package and version", () => {
    const registry = new Registry();
    registerLayers(registry);
    const names = (kind: Parameters<Registry["list"]>[0]) => registry.list(kind).map((e) => e.name);
    expect(names("layer")).toEqual(
      expect.arrayContaining([
        "dense",
        "dropout",
        "gaussianNoise",
        "gaussianDropout",
        "batchNormalization",
        "layerNormalization",
        "flatten",
        "reshape",
        "activation",
        "inputLayer",
      ]),
    );
    expect(names("initializer")).toEqual(
      expect.arrayContaining([
        "glorotUniform",
        "glorotNormal",
        "heUniform",
        "heNormal",
        "lecunUniform",
        "lecunNormal",
        "randomUniform",
        "randomNormal",
        "truncatedNormal",
        "zeros",
        "ones",
        "constant",
        "orthogonal",
      ]),
    );
    expect(names("regularizer")).toEqual(["l1", "l1l2", "l2"]);
    expect(names("constraint")).toEqual(["maxNorm", "nonNeg", "unitNorm"]);
    const entry = registry.get("layer", "BatchNormalization");
    expect(entry).toMatchObject({ package: "@myelin/layers", version: "0.1.0" });
    expect(() => registerLayers(registry)).not.toThrow();
  });

  it("reports the version in package.json", async () => {
    const { readFile } = await import("node:fs/promises");
    const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
      name: string;
    };
    const { VERSION, PACKAGE_NAME } = await import("../src/index.js");
    expect(VERSION).toBe(pkg.version);
    expect(PACKAGE_NAME).toBe(pkg.name);
  });
});
