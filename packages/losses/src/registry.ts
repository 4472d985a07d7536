import {
  defaultRegistry,
  type Registry,
  type RegistryEntry,
  type SerializedObject,
} from "@myelin/registry";
import {
  binaryCrossentropyLoss,
  categoricalCrossentropyLoss,
  cosineSimilarityLoss,
  hingeLoss,
  huberLoss,
  isBuiltInLoss,
  kullbackLeiblerDivergenceLoss,
  logCoshLoss,
  type Loss,
  makeLoss,
  meanAbsoluteErrorLoss,
  meanSquaredErrorLoss,
  type PerSampleLoss,
  sparseCategoricalCrossentropyLoss,
} from "./loss.js";

/** This package's name and version, as written into registry entries. */
export const LOSSES_PACKAGE = { name: "@myelin/losses", version: "0.1.0" } as const;

interface Builtin {
  name: string;
  description: string;
  aliases?: readonly string[];
  create: (config: Record<string, unknown>) => Loss;
}

const BUILTINS: readonly Builtin[] = [
  {
    name: "meanSquaredError",
    description: "mean((yPred - yTrue)^2) over the last axis.",
    aliases: ["mse"],
    create: meanSquaredErrorLoss,
  },
  {
    name: "meanAbsoluteError",
    description: "mean(|yPred - yTrue|) over the last axis.",
    aliases: ["mae"],
    create: meanAbsoluteErrorLoss,
  },
  {
    name: "huber",
    description: "Quadratic below delta, linear above.",
    aliases: ["huberLoss"],
    create: huberLoss,
  },
  { name: "logCosh", description: "log(cosh(yPred - yTrue)).", create: logCoshLoss },
  {
    name: "binaryCrossentropy",
    description: "Sigmoid cross-entropy, from probabilities or logits.",
    create: binaryCrossentropyLoss,
  },
  {
    name: "categoricalCrossentropy",
    description: "Softmax cross-entropy with one-hot or soft targets.",
    create: categoricalCrossentropyLoss,
  },
  {
    name: "sparseCategoricalCrossentropy",
    description: "Softmax cross-entropy with integer class labels.",
    create: sparseCategoricalCrossentropyLoss,
  },
  {
    name: "kullbackLeiblerDivergence",
    description: "sum(yTrue log(yTrue / yPred)) over the last axis.",
    aliases: ["kld", "klDivergence"],
    create: kullbackLeiblerDivergenceLoss,
  },
  { name: "hinge", description: "mean(max(1 - yTrue yPred, 0)).", create: hingeLoss },
  {
    name: "cosineSimilarity",
    description: "Negative cosine similarity over the last axis.",
    create: cosineSimilarityLoss,
  },
];

function toEntry(builtin: Builtin): RegistryEntry<Loss> {
  return {
    kind: "loss",
    name: builtin.name,
    package: LOSSES_PACKAGE.name,
    version: LOSSES_PACKAGE.version,
    description: builtin.description,
    aliases: builtin.aliases,
    create: (config: Record<string, unknown>) => builtin.create(config ?? {}),
  };
}

/** Names of the built-in losses. */
export const LOSS_NAMES: readonly string[] = BUILTINS.map((b) => b.name);

/**
 * Registers every built-in loss as kind "loss". Keras spellings
 * ("categorical_crossentropy", "mse") resolve through the registry's name matching.
 *
 * @throws RegistryError when one of the names is already registered.
 * @example
 * const registry = new Registry();
 * registerLosses(registry);
 * registry.create("loss", "mse");
 */
export function registerLosses(registry: Registry = defaultRegistry): void {
  for (const builtin of BUILTINS) {
    registry.register(toEntry(builtin));
  }
}

function withBuiltins(registry: Registry): Registry {
  const view = registry.child();
  for (const builtin of BUILTINS) {
    const names = [builtin.name, ...(builtin.aliases ?? [])];
    if (!names.some((name) => registry.has("loss", name))) {
      view.register(toEntry(builtin));
    }
  }
  return view;
}

function isLoss(value: unknown): value is Loss {
  return typeof value === "function" && typeof (value as Loss).config === "object";
}

/** What {@link getLoss} accepts. */
export type LossSpec = string | Loss | PerSampleLoss | SerializedObject;

/**
 * Resolves a loss from a name ("mse", "categorical_crossentropy"), a
 * serialized `{ className, config }`, a {@link Loss}, or a per-sample
 * function (wrapped with reduction "mean"). Names are looked up in
 * `registry` first and fall back to the built-ins.
 *
 * @throws RegistryError for an unknown name, listing the closest known ones.
 * @throws ValueError for an invalid option.
 * @example
 * getLoss({ className: "binary_crossentropy", config: { fromLogits: true } }).fromLogits; // true
 */
export function getLoss(spec: LossSpec, registry: Registry = defaultRegistry): Loss {
  if (isLoss(spec)) {
    return spec;
  }
  if (typeof spec === "function") {
    return makeLoss(spec.name || "custom", spec);
  }
  const made = withBuiltins(registry).create<Loss | PerSampleLoss>("loss", spec);
  if (isLoss(made)) {
    return made;
  }
  return makeLoss(typeof spec === "string" ? spec : spec.className, made);
}

/**
 * The serialized form of a loss: `{ className, package, version, config }`
 * for built-ins, `{ className, config }` for others.
 *
 * @example
 * serializeLoss(huberLoss({ delta: 2 })).config; // { delta: 2, reduction: "mean" }
 */
export function serializeLoss(loss: Loss): SerializedObject {
  const config = { ...loss.config };
  return isBuiltInLoss(loss)
    ? {
        className: loss.name,
        package: LOSSES_PACKAGE.name,
        version: LOSSES_PACKAGE.version,
        config,
      }
    : { className: loss.name, config };
}
