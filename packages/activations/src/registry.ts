import {
  defaultRegistry,
  type Registry,
  type RegistryEntry,
  type SerializedObject,
} from "@myelin/registry";
import {
  checkOptionKeys,
  describeArgument,
  describeValue,
  type Tensor,
  ValueError,
} from "@myelin/tensor-core";
import {
  type Activation,
  isNamedActivation,
  nameActivation,
  type NamedActivation,
} from "./activation.js";
import * as fns from "./functions.js";

/** This package's name and version, as written into registry entries. */
export const ACTIVATIONS_PACKAGE = { name: "@myelin/activations", version: "0.1.0" } as const;

/** The config types each built-in accepts, by option name. */
type OptionKind = "number" | "integer" | "boolean";

interface Builtin {
  name: string;
  description: string;
  aliases?: readonly string[];
  options?: Readonly<Record<string, OptionKind>>;
  build: (config: Record<string, unknown>) => NamedActivation;
}

const plain = (fn: NamedActivation) => () => fn;

/** Activations this package made: they serialize with its package name. */
const OWN = new WeakSet<Activation>(Object.values(fns));

const BUILTINS: readonly Builtin[] = [
  { name: "linear", description: "The identity, x.", build: plain(fns.linear) },
  { name: "sigmoid", description: "1 / (1 + exp(-x)).", build: plain(fns.sigmoid) },
  {
    name: "hardSigmoid",
    description: "Piecewise-linear sigmoid, relu6(x + 3) / 6.",
    build: plain(fns.hardSigmoid),
  },
  { name: "tanh", description: "The hyperbolic tangent.", build: plain(fns.tanh) },
  { name: "relu", description: "max(x, 0).", build: plain(fns.relu) },
  { name: "relu6", description: "min(max(x, 0), 6).", build: plain(fns.relu6) },
  {
    name: "leakyRelu",
    description: "x for x >= 0, alpha x below (alpha 0.3).",
    options: { alpha: "number" },
    build: (config) => {
      const alpha = (config.alpha as number | undefined) ?? 0.3;
      return nameActivation("leakyRelu", (x: Tensor) => fns.leakyRelu(x, alpha), { alpha });
    },
  },
  {
    name: "elu",
    description: "x for x > 0, alpha (exp(x) - 1) below (alpha 1).",
    options: { alpha: "number" },
    build: (config) => {
      const alpha = (config.alpha as number | undefined) ?? 1;
      return nameActivation("elu", (x: Tensor) => fns.elu(x, alpha), { alpha });
    },
  },
  {
    name: "selu",
    description: "Scaled ELU with self-normalising constants.",
    build: plain(fns.selu),
  },
  {
    name: "gelu",
    description: "x Phi(x), exact (erf) form; { approximate: true } gives the tanh form.",
    options: { approximate: "boolean" },
    build: (config) => (config.approximate === true ? fns.geluTanh : fns.gelu),
  },
  {
    name: "geluTanh",
    description: "GELU's tanh approximation.",
    aliases: ["geluNew", "approximateGelu"],
    build: plain(fns.geluTanh),
  },
  { name: "softplus", description: "log(1 + exp(x)).", build: plain(fns.softplus) },
  { name: "softsign", description: "x / (1 + |x|).", build: plain(fns.softsign) },
  { name: "swish", description: "x sigmoid(x).", aliases: ["silu"], build: plain(fns.swish) },
  { name: "mish", description: "x tanh(softplus(x)).", build: plain(fns.mish) },
  {
    name: "softmax",
    description: "Softmax over the last axis (or config.axis).",
    options: { axis: "integer" },
    build: (config) => withAxis("softmax", fns.softmax, config),
  },
  {
    name: "logSoftmax",
    description: "log(softmax(x)) over the last axis (or config.axis).",
    options: { axis: "integer" },
    build: (config) => withAxis("logSoftmax", fns.logSoftmax, config),
  },
];

function withAxis(
  name: string,
  fn: (x: Tensor, axis?: number) => Tensor,
  config: Record<string, unknown>,
): NamedActivation {
  const axis = (config.axis as number | undefined) ?? -1;
  if (axis === -1) {
    return fn as NamedActivation;
  }
  return nameActivation(name, (x: Tensor) => fn(x, axis), { axis });
}

function checkConfig(builtin: Builtin, config: Record<string, unknown>): void {
  const options = builtin.options ?? {};
  checkOptionKeys(builtin.name, config, Object.keys(options));
  for (const [key, value] of Object.entries(config)) {
    const kind = options[key]!;
    const ok =
      kind === "boolean"
        ? typeof value === "boolean"
        : typeof value === "number" &&
          Number.isFinite(value) &&
          (kind === "number" || Number.isInteger(value));
    if (value !== undefined && !ok) {
      const expected = kind === "boolean" ? "true or false" : `a finite ${kind}`;
      throw new ValueError(
        builtin.name,
        describeArgument(`option ${key}`, value, expected, kind === "boolean" ? "boolean" : "number"),
        `Pass ${expected} for ${key}.`,
      );
    }
  }
}

function toEntry(builtin: Builtin): RegistryEntry<NamedActivation> {
  return {
    kind: "activation",
    name: builtin.name,
    package: ACTIVATIONS_PACKAGE.name,
    version: ACTIVATIONS_PACKAGE.version,
    description: builtin.description,
    aliases: builtin.aliases,
    create: (config: Record<string, unknown>) => {
      checkConfig(builtin, config ?? {});
      const made = builtin.build(config ?? {});
      OWN.add(made);
      return made;
    },
  };
}

/** Names of the built-in activations, in registration order. */
export const ACTIVATION_NAMES: readonly string[] = BUILTINS.map((b) => b.name);

/**
 * Registers every built-in activation as kind "activation". Keras spellings
 * ("hard_sigmoid", "LeakyReLU") resolve through the registry's name matching.
 *
 * @throws RegistryError when one of the names is already registered.
 * @example
 * const registry = new Registry();
 * registerActivations(registry);
 * registry.create("activation", "relu");
 */
export function registerActivations(registry: Registry = defaultRegistry): void {
  for (const builtin of BUILTINS) {
    registry.register(toEntry(builtin));
  }
}

/**
 * A view of `registry` in which the built-ins are visible too: names the
 * registry already has keep their registered entry.
 */
function withBuiltins(registry: Registry): Registry {
  const view = registry.child();
  for (const builtin of BUILTINS) {
    const names = [builtin.name, ...(builtin.aliases ?? [])];
    if (!names.some((name) => registry.has("activation", name))) {
      view.register(toEntry(builtin));
    }
  }
  return view;
}

/** What {@link getActivation} accepts. */
export type ActivationSpec = string | Activation | SerializedObject | null | undefined;

/**
 * Resolves an activation from a name ("relu", Keras's "leaky_relu"), a
 * serialized `{ className, config }`, or a function. Names are looked up in
 * `registry` first and fall back to the built-ins, so this works before
 * {@link registerActivations} is called. `null` and `undefined` give
 * {@link linear}. The result always carries `activationName` and `config`;
 * an unnamed function is named after its `name` (or "custom").
 *
 * @throws RegistryError for an unknown name, listing the closest known ones.
 * @throws ValueError for an unknown or ill-typed option.
 * @example
 * getActivation("relu")(tensor([-1, 1])); // [0, 1]
 * getActivation({ className: "leakyRelu", config: { alpha: 0.1 } }).config; // { alpha: 0.1 }
 */
export function getActivation(
  spec: ActivationSpec,
  registry: Registry = defaultRegistry,
): NamedActivation {
  if (spec === null || spec === undefined) {
    return fns.linear;
  }
  if (typeof spec === "function") {
    if (isNamedActivation(spec)) {
      return spec;
    }
    const fn = spec;
    return nameActivation(fn.name || "custom", (x: Tensor) => fn(x));
  }
  if (typeof spec !== "string" && (typeof spec !== "object" || Array.isArray(spec))) {
    throw new ValueError(
      "getActivation",
      `the activation is ${describeValue(spec)}; expected a name, a function or ` +
        "{ className, config }",
      'Pass e.g. "relu", relu, or { className: "leakyRelu", config: { alpha: 0.1 } }.',
    );
  }
  const made = withBuiltins(registry).create<Activation>("activation", spec);
  if (typeof made !== "function") {
    throw new ValueError(
      "getActivation",
      `the registry entry for ${JSON.stringify(spec)} made ${describeValue(made)}, not a function`,
      "Register activations as functions from a tensor to a tensor.",
    );
  }
  if (isNamedActivation(made)) {
    return made;
  }
  const name = typeof spec === "string" ? spec : spec.className;
  return nameActivation(name, (x: Tensor) => made(x));
}

/**
 * The serialized form of an activation, for model files:
 * `{ className, package, version, config }`. Built-ins name this package;
 * other named activations are written with their name and config only.
 *
 * @example
 * serializeActivation(relu); // { className: "relu", package: "@myelin/activations", ... }
 */
export function serializeActivation(fn: Activation): SerializedObject {
  const named = getActivation(fn);
  return OWN.has(named)
    ? {
        className: named.activationName,
        package: ACTIVATIONS_PACKAGE.name,
        version: ACTIVATIONS_PACKAGE.version,
        config: { ...named.config },
      }
    : { className: named.activationName, config: { ...named.config } };
}
