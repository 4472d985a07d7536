import { CliError } from "./errors.js";
import type { CompileSpec, LayerSpec } from "./model-spec.js";
import { defaultRegistry, type Layer, type RegistryKind } from "./myelin.js";
import { didYouMean, nearestName, quoteName } from "./names.js";

/** Options every layer takes, whether or not its `getConfig()` lists them. */
const COMMON_LAYER_KEYS = [
  "name",
  "trainable",
  "dtype",
  "inputShape",
  "batchInputShape",
  "activityRegularizer",
];

/** The metric names the model resolves itself, without the registry. */
const ACCURACY_NAMES = new Set(["accuracy", "acc"]);

/** The registry kind a layer option names, judged by its key (`kernelInitializer`). */
function referenceKind(key: string): RegistryKind | undefined {
  if (key === "activation" || key.endsWith("Activation")) {
    return "activation";
  }
  if (key.endsWith("Initializer")) {
    return "initializer";
  }
  if (key.endsWith("Regularizer")) {
    return "regularizer";
  }
  return key.endsWith("Constraint") ? "constraint" : undefined;
}

/** The registry name in a config value: a string, or `{ className }`. */
function referenceName(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value;
  }
  const className = (value as { className?: unknown } | null)?.className;
  return typeof className === "string" ? className : undefined;
}

function pluralKind(kind: RegistryKind): string {
  return kind.endsWith("s") ? `${kind}es` : `${kind}s`;
}

/**
 * Checks that `name` is registered as `kind`. The error lists the known names
 * and suggests only names a typo away, so `--loss foo` is not told to try
 * "kullbackLeiblerDivergence".
 *
 * @param where how the message names the place, such as `--loss`
 * @throws {CliError} `unknown_name`.
 */
export function checkName(kind: RegistryKind, name: string, where: string): void {
  if (defaultRegistry.has(kind, name)) {
    return;
  }
  if (kind === "metric" && ACCURACY_NAMES.has(name.toLowerCase())) {
    return;
  }
  const entries = defaultRegistry.list(kind);
  const names = entries.map((entry) => entry.name);
  const aliases = new Map(entries.map((entry) => [entry.name, entry.aliases ?? []]));
  if (kind === "metric" && !names.includes("accuracy")) {
    names.unshift("accuracy");
  }
  const guess = didYouMean(name, names, aliases);
  const known = `Known ${pluralKind(kind)}: ${names.join(", ")}.`;
  throw new CliError(
    "unknown_name",
    `${where}: there is no ${kind} named ${quoteName(name)}.`,
    guess === "" ? known : `${guess} ${known}`,
  );
}

/**
 * Checks every registry name a layer list uses (layer types, activations,
 * initializers, regularizers, constraints), before anything is built.
 *
 * @param origin how messages name the list (`--layers`, `--model spec.json`)
 * @throws {CliError} `unknown_name` naming the layer and option.
 */
export function checkLayerNames(layers: readonly LayerSpec[], origin: string): void {
  layers.forEach((layer, i) => {
    checkName("layer", layer.className, `${origin}: layer ${i + 1}`);
    for (const [key, value] of Object.entries(layer.config)) {
      const kind = referenceKind(key);
      const name = referenceName(value);
      if (kind !== undefined && name !== undefined) {
        checkName(kind, name, `${origin}: layer ${i + 1} (${layer.className}), ${key}`);
      }
    }
  });
}

/**
 * Checks that every config key of each layer is one the created layer knows:
 * its `getConfig()` keys plus the options every layer takes. Without this a
 * misspelt key (`activaton`) would be dropped and the layer built without it.
 *
 * @throws {CliError} `unknown_option` listing every unknown key, with its layer
 *   and the closest known key.
 */
export function checkLayerKeys(
  specs: readonly LayerSpec[],
  layers: readonly Layer[],
  origin: string,
): void {
  const problems: string[] = [];
  specs.forEach((spec, i) => {
    const known = [...new Set([...Object.keys(layers[i]!.getConfig()), ...COMMON_LAYER_KEYS])];
    for (const key of Object.keys(spec.config)) {
      if (known.includes(key)) {
        continue;
      }
      const guess =
        didYouMean(key, known) ||
        `The closest known option is ${quoteName(nearestName(key, known) ?? "")}.`;
      problems.push(
        `layer ${i + 1} (${spec.className}) has no option ${quoteName(key)}. ${guess} ` +
          `Its options are: ${known.join(", ")}.`,
      );
    }
  });
  if (problems.length === 0) {
    return;
  }
  const body =
    problems.length === 1
      ? problems[0]!
      : problems.map((problem, i) => `(${i + 1}) ${problem}`).join(" ");
  throw new CliError(
    "unknown_option",
    `${origin}: ${body}`,
    "Fix or remove the option; unknown options would otherwise be ignored.",
  );
}

/**
 * Checks the optimizer, loss and metric names of a run.
 *
 * @param where how messages name each setting (`--loss`, or the spec file's field)
 */
export function checkCompileNames(
  compile: CompileSpec,
  where: { optimizer: string; loss: string; metrics: string },
): void {
  checkName("optimizer", compile.optimizer.className, where.optimizer);
  checkName("loss", compile.loss, where.loss);
  for (const metric of compile.metrics) {
    checkName("metric", metric, where.metrics);
  }
}
