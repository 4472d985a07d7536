import { CliError, messageBody } from "./errors.js";
import type { CompileSpec, LayerSpec } from "./model-spec.js";
import {
  defaultRegistry,
  type Layer,
  MyelinError,
  RegistryError,
  type RegistryKind,
} from "./myelin.js";
import { didYouMean, nearestName, quoteName } from "./names.js";

/**
 * How messages name a layer list and its layers. In a file, a layer is named
 * by its JSON path and 0-based index, as the library numbers layers:
 * `layers[0] (dense)`, and one of its keys `layers[0] (dense).config.units`.
 */
export interface LayerSource {
  /** Where the list comes from: `--layers`, or the path of the file. */
  origin: string;
  /** Layer `index`, with its type: `layers[0] (dense)`. */
  layer(index: number, className: string): string;
  /** A key of layer `index`: `layers[0].className`, `layers[0] (dense).config.units`. */
  key(index: number, className: string, key: string): string;
}

/**
 * The names of the layers a file lists at `listPath` (`layers`, or `""` for a
 * file that is a list). Layers from `count` on are not in the file: they are
 * the output layer added for the task.
 *
 * @param indices the index in the file of each layer checked, when not 0, 1, 2...
 */
export function fileLayers(
  origin: string,
  listPath: string,
  count: number,
  indices?: readonly number[],
): LayerSource {
  const at = (i: number) => `${listPath}[${indices?.[i] ?? i}]`;
  return {
    origin,
    layer: (i, className) => (i < count ? `${at(i)} (${className})` : added(className)),
    key: (i, className, key) => {
      if (i >= count) {
        return `${added(className)} ${key}`;
      }
      return key === "className" ? `${at(i)}.className` : `${at(i)} (${className}).config.${key}`;
    },
  };
}

/** The names of the layers of `--layers`, by their 1-based entry, as its own errors say. */
export function shortLayers(count: number): LayerSource {
  const layer = (i: number, className: string) =>
    i < count ? `entry ${i + 1} (${className})` : added(className);
  return {
    origin: "--layers",
    layer,
    key: (i, className, key) => `${layer(i, className)} ${key}`,
  };
}

function added(className: string): string {
  return `the output layer added for the task (${className})`;
}

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
 * @param source how messages name the list and its layers
 * @throws {CliError} `unknown_name` naming the layer and option.
 */
export function checkLayerNames(layers: readonly LayerSpec[], source: LayerSource): void {
  layers.forEach((layer, i) => {
    const { className } = layer;
    checkName("layer", className, `${source.origin}: ${source.key(i, className, "className")}`);
    for (const [key, value] of Object.entries(layer.config)) {
      const kind = referenceKind(key);
      const name = referenceName(value);
      if (kind !== undefined && name !== undefined) {
        checkName(kind, name, `${source.origin}: ${source.key(i, className, key)}`);
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
  source: LayerSource,
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
        `${source.layer(i, spec.className)} has no option ${quoteName(key)}. ${guess} ` +
          `Its options are: ${known.join(", ")}.`,
      );
    }
  });
  if (problems.length > 0) {
    throw new CliError(
      "unknown_option",
      `${source.origin}: ${numbered(problems)}`,
      "Fix or remove the option; unknown options would otherwise be ignored.",
    );
  }
}

/** One problem as it is, several as `(1) ... (2) ...`. */
function numbered(problems: readonly string[]): string {
  return problems.length === 1
    ? problems[0]!
    : problems.map((problem, i) => `(${i + 1}) ${problem}`).join(" ");
}

/** The JSON type a layer option of the built-in layers takes, by key. */
type ValueKind = "positive integer" | "integer" | "number" | "boolean";

/**
 * The numeric and boolean options of the layers in `@myelin/layers`, which
 * mean the same in every layer that has them. Checked before a layer is built,
 * so `"units": "16"` is reported as a quoted number rather than as a bad count.
 */
const BUILT_IN_OPTION_KINDS: Readonly<Record<string, ValueKind>> = {
  units: "positive integer",
  filters: "positive integer",
  groups: "positive integer",
  depthMultiplier: "positive integer",
  inputDim: "positive integer",
  outputDim: "positive integer",
  numHeads: "positive integer",
  keyDim: "positive integer",
  valueDim: "positive integer",
  seed: "integer",
  rate: "number",
  dropout: "number",
  recurrentDropout: "number",
  stddev: "number",
  momentum: "number",
  epsilon: "number",
  maskValue: "number",
  trainable: "boolean",
  useBias: "boolean",
  center: "boolean",
  scale: "boolean",
  maskZero: "boolean",
  keepDims: "boolean",
  returnSequences: "boolean",
  returnState: "boolean",
  goBackwards: "boolean",
  resetAfter: "boolean",
  unitForgetBias: "boolean",
  useCausalMask: "boolean",
};

const LAYERS_PACKAGE = "@myelin/layers";

/** A JSON value as a message names it: `the string "16"`, `the number 3`, `a list`. */
function describeValue(value: unknown): string {
  if (typeof value === "string") {
    return `the string ${quoteName(value)}`;
  }
  if (typeof value === "number") {
    return `the number ${value}`;
  }
  if (typeof value === "boolean") {
    return String(value);
  }
  return Array.isArray(value) ? "a list" : "an object";
}

/** Whether `value` has the JSON type of `kind` (ranges are the library's to check). */
function hasKind(value: unknown, kind: ValueKind): boolean {
  return kind === "boolean" ? typeof value === "boolean" : typeof value === "number";
}

/** `(write 16 without quotes)` when a string holds what was meant. */
function quotedFix(value: unknown, kind: ValueKind): string {
  if (typeof value !== "string") {
    return "";
  }
  const text = value.trim();
  const meant =
    kind === "boolean"
      ? text === "true" || text === "false"
      : text !== "" && Number.isFinite(Number(text));
  return meant ? ` (write ${text} without quotes)` : "";
}

/** `a positive integer`, `true or false`. */
function expected(kind: ValueKind): string {
  return kind === "boolean" ? "true or false" : kind === "integer" ? "an integer" : `a ${kind}`;
}

/**
 * Checks the JSON types of layer options before any layer is built: the
 * numeric and boolean options of the built-in layers, and every registry
 * reference (`activation`, `kernelInitializer`...), which must be a name or a
 * `{ "className": ... }` object. A null is left to the layer, which reads it
 * as its default. Ranges (a positive count, a rate below 1) are the layer's
 * own to check.
 *
 * @throws {CliError} `invalid_option_type` listing every value of the wrong
 *   type with its layer, key, what was found and what was expected.
 */
export function checkLayerValues(layers: readonly LayerSpec[], source: LayerSource): void {
  const problems: string[] = [];
  layers.forEach((layer, i) => {
    const builtIn = defaultRegistry.get("layer", layer.className).package === LAYERS_PACKAGE;
    for (const [key, value] of Object.entries(layer.config)) {
      if (value === null || value === undefined) {
        continue;
      }
      const where = source.key(i, layer.className, key);
      const reference = referenceKind(key);
      if (reference !== undefined) {
        if (typeof value !== "string" && (typeof value !== "object" || Array.isArray(value))) {
          const what = `the name of ${article(reference)} ${reference}, in quotes`;
          problems.push(`${where} is ${describeValue(value)}; expected ${what}.`);
        }
        continue;
      }
      const kind = builtIn ? BUILT_IN_OPTION_KINDS[key] : undefined;
      if (kind !== undefined && !hasKind(value, kind)) {
        problems.push(
          `${where} is ${describeValue(value)}; expected ${expected(kind)}` +
            `${quotedFix(value, kind)}.`,
        );
      }
    }
  });
  if (problems.length > 0) {
    throw new CliError("invalid_option_type", `${source.origin}: ${numbered(problems)}`);
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

/** The options every optimizer takes, whether or not its `getConfig()` lists them. */
const COMMON_OPTIMIZER_KEYS = ["learningRate", "clipValue", "clipNorm", "globalClipNorm"];

/** Where an optimizer's options were given, for messages. */
export interface OptimizerPlace {
  /** The spec file, or `--optimizer` when the command line named the optimizer. */
  origin: string;
  /** The optimizer's JSON path in the file (`compile.optimizer`); absent for `--optimizer`. */
  path?: string;
  /** Options a flag set, by key, such as `{ learningRate: "--lr" }`. */
  flags: Readonly<Record<string, string>>;
}

/** An option as its origin names it: `compile.optimizer.config.momentum`, or its flag. */
function optionPath(place: OptimizerPlace, key: string): string {
  return place.flags[key] ?? (place.path === undefined ? key : `${place.path}.config.${key}`);
}

/** An option named in full, for a message of its own. */
function optionPlace(place: OptimizerPlace, key: string): string {
  const flag = place.flags[key];
  return flag ?? `${place.origin}: ${optionPath(place, key)}`;
}

interface Configurable {
  getConfig(): Record<string, unknown>;
}

/**
 * Checks an optimizer's options before the model is compiled: every key must
 * be one the optimizer knows (its `getConfig()` keys plus the rate and
 * clipping options all optimizers take), numbers and booleans must be JSON
 * numbers and booleans, and each value must be one the optimizer accepts. The
 * optimizer's name must be checked first (see {@link checkCompileNames}).
 *
 * @throws {CliError} `unknown_option`, `invalid_option_type` or the optimizer's
 *   own code, naming where each bad option was given.
 */
export function checkOptimizerConfig(
  optimizer: CompileSpec["optimizer"],
  place: OptimizerPlace,
): void {
  const { className, config } = optimizer;
  const create = (options: Record<string, unknown>) =>
    defaultRegistry.create<Partial<Configurable>>("optimizer", { className, config: options });
  const defaults = defaultConfig(() => create({}));
  if (defaults === undefined) {
    // An optimizer that needs options to be made at all: only its own checks apply.
    createChecked(() => create(config), wholePlace(place));
    return;
  }
  const known = [...new Set([...COMMON_OPTIMIZER_KEYS, ...Object.keys(defaults)])];

  const problems: string[] = [];
  let unknownKey = false;
  for (const [key, value] of Object.entries(config)) {
    if (!known.includes(key)) {
      unknownKey = true;
      const guess =
        didYouMean(key, known) ||
        `The closest known option is ${quoteName(nearestName(key, known) ?? "")}.`;
      problems.push(
        `${optionPath(place, key)}: ${className} has no option ${quoteName(key)}. ${guess} ` +
          `Its options are: ${known.join(", ")}.`,
      );
      continue;
    }
    const kind = optimizerKind(key, defaults[key]);
    // The rate may also be a schedule, written as an object.
    const schedule = key === "learningRate" && typeof value === "object" && value !== null;
    if (kind !== undefined && value !== null && !schedule && !hasKind(value, kind)) {
      problems.push(
        `${optionPath(place, key)} is ${describeValue(value)}; expected ${expected(kind)}` +
          `${quotedFix(value, kind)}.`,
      );
    }
  }
  if (problems.length > 0) {
    const code = unknownKey ? "unknown_option" : "invalid_option_type";
    throw new CliError(code, `${place.origin}: ${numbered(problems)}`);
  }

  // One option at a time first, so a refused value is reported where it was given.
  for (const [key, value] of Object.entries(config)) {
    createChecked(() => create({ [key]: value }), optionPlace(place, key));
  }
  createChecked(() => create(config), wholePlace(place));
}

function wholePlace(place: OptimizerPlace): string {
  return place.path === undefined ? place.origin : `${place.origin}: ${place.path}`;
}

/** The options of a default instance, or undefined when one cannot be made without options. */
function defaultConfig(create: () => Partial<Configurable>): Record<string, unknown> | undefined {
  try {
    const instance = create();
    return typeof instance.getConfig === "function" ? instance.getConfig() : undefined;
  } catch (error) {
    if (error instanceof MyelinError || error instanceof RegistryError) {
      return undefined;
    }
    throw error;
  }
}

function optimizerKind(key: string, value: unknown): ValueKind | undefined {
  if (COMMON_OPTIMIZER_KEYS.includes(key) || typeof value === "number") {
    return "number";
  }
  return typeof value === "boolean" ? "boolean" : undefined;
}

function createChecked(create: () => unknown, where: string): void {
  try {
    create();
  } catch (error) {
    if (!(error instanceof MyelinError || error instanceof RegistryError)) {
      throw error;
    }
    const { hint } = error;
    const body = `${where}: ${messageBody(error)}.`;
    throw new CliError(error.code, body, hint, { cause: error });
  }
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
