import { readFileSync } from "node:fs";
import { Registry, RegistryError } from "@myelin/registry";
import { mul, tensor, ValueError } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import {
  ACTIVATION_NAMES,
  ACTIVATIONS_PACKAGE,
  getActivation,
  leakyRelu,
  nameActivation,
  registerActivations,
  relu,
  serializeActivation,
  softmax,
  swish,
} from "./index.js";

function freshRegistry(): Registry {
  const registry = new Registry();
  registerActivations(registry);
  return registry;
}

describe("registerActivations", () => {
  it("registers every built-in as kind activation", () => {
    const names = freshRegistry()
      .list("activation")
      .map((e) => e.name);
    expect(names.sort()).toEqual([...ACTIVATION_NAMES].sort());
  });

  it("resolves Keras spellings and aliases", () => {
    const registry = freshRegistry();
    for (const [keras, ours] of [
      ["hard_sigmoid", "hardSigmoid"],
      ["LeakyReLU", "leakyRelu"],
      ["log_softmax", "logSoftmax"],
      ["silu", "swish"],
      ["gelu_new", "geluTanh"],
    ]) {
      expect(registry.get("activation", keras!).name).toBe(ours);
    }
  });

  it("fails when called twice on one registry", () => {
    const registry = freshRegistry();
    expect(() => registerActivations(registry)).toThrow(RegistryError);
  });

  it("writes the package's own version into each entry", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(ACTIVATIONS_PACKAGE).toEqual({ name: manifest.name, version: manifest.version });
    const entry = freshRegistry().get("activation", "relu");
    expect([entry.package, entry.version]).toEqual([manifest.name, manifest.version]);
  });
});

describe("getActivation", () => {
  it("refuses a number, a boolean or a list with what it expected", () => {
    for (const spec of [3, true, ["relu"]]) {
      expect(() => getActivation(spec as never, new Registry())).toThrow(
        /the activation is .*; expected a name, a function or \{ className, config \}/,
      );
    }
    expect(() => getActivation(3 as never, new Registry())).toThrow(/the activation is 3;/);
  });

  it("finds built-ins by name before anything is registered", () => {
    expect(getActivation("relu", new Registry())).toBe(relu);
  });

  it("returns the same function for a name, a serialized form and the function", () => {
    const registry = freshRegistry();
    expect(getActivation("swish", registry)).toBe(swish);
    expect(getActivation({ className: "silu", config: {} }, registry)).toBe(swish);
    expect(getActivation(swish, registry)).toBe(swish);
  });

  it("gives linear for null and undefined", () => {
    expect(getActivation(undefined).activationName).toBe("linear");
    expect(getActivation(null).activationName).toBe("linear");
  });

  it("builds configured variants that carry their config", () => {
    const fn = getActivation({ className: "leaky_relu", config: { alpha: 0.1 } });
    expect(fn.activationName).toBe("leakyRelu");
    expect(fn.config).toEqual({ alpha: 0.1 });
    expectClose(fn(tensor([-2, 2])).data(), [-0.2, 2]);
  });

  it("maps gelu with approximate: true to the tanh form", () => {
    expect(getActivation({ className: "gelu", config: { approximate: true } }).activationName).toBe(
      "geluTanh",
    );
  });

  it("prefers an entry the registry already has over the built-in", () => {
    const registry = new Registry();
    const custom = nameActivation("relu", (x) => mul(x, 2));
    registry.register({
      kind: "activation",
      name: "relu",
      package: "my-app",
      version: "1.0.0",
      create: () => custom,
    });
    expect(getActivation("relu", registry)).toBe(custom);
  });

  it("names an unnamed function after itself", () => {
    function double(x: Parameters<typeof relu>[0]) {
      return mul(x, 2);
    }
    const named = getActivation(double);
    expect(named.activationName).toBe("double");
    expectClose(named(tensor([1.5])).data(), [3]);
  });

  it("rejects an unknown name and suggests the closest ones", () => {
    expect(() => getActivation("rellu", new Registry())).toThrow(
      /Unknown activation "rellu".*"relu"/,
    );
  });

  it("rejects unknown and ill-typed options", () => {
    expect(() => getActivation({ className: "relu", config: { maxValue: 6 } })).toThrow(
      'relu: unknown option "maxValue"; it takes no options. Remove "maxValue".',
    );
    expect(() => getActivation({ className: "elu", config: { alpha: "big" } })).toThrow(ValueError);
    expect(() => getActivation({ className: "softmax", config: { axis: 0.5 } })).toThrow(
      "softmax: option axis is 0.5. Pass a finite integer for axis.",
    );
  });

  it("suggests the closest option for a misspelt one", () => {
    expect(() => getActivation({ className: "leakyRelu", config: { alhpa: 0.1 } })).toThrow(
      'leakyRelu: unknown option "alhpa"; the options are: alpha. Did you mean "alpha"?',
    );
  });

  it("shows an option of the wrong type by its type", () => {
    expect(() => getActivation({ className: "elu", config: { alpha: "0.5" } })).toThrow(
      'elu: option alpha is the string "0.5"; expected a finite number. ' +
        "Pass a finite number for alpha.",
    );
  });
});

describe("serializeActivation", () => {
  it("round-trips built-ins and configured variants through the registry", () => {
    const registry = freshRegistry();
    const variants = [
      relu,
      leakyRelu,
      softmax,
      getActivation({ className: "elu", config: { alpha: 2 } }),
    ];
    for (const fn of variants) {
      const serialized = serializeActivation(fn);
      expect(serialized.package).toBe("@myelin/activations");
      const back = getActivation(JSON.parse(JSON.stringify(serialized)), registry);
      expect(back.activationName).toBe(getActivation(fn).activationName);
      expect(back.config).toEqual(getActivation(fn).config);
      const x = tensor([-1.5, 0.5, 2]);
      expectClose(back(x).data(), getActivation(fn)(x).data(), 0, 0);
    }
  });

  it("writes other activations without a package", () => {
    const custom = nameActivation("double", (x) => mul(x, 2));
    expect(serializeActivation(custom)).toEqual({ className: "double", config: {} });
  });
});
