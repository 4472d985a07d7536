import { readFile } from "node:fs/promises";
import { CliError } from "./errors.js";

/** A layer by registry name and config, as in model files. */
export interface LayerSpec {
  className: string;
  config: Record<string, unknown>;
}

/** Optimizer, loss and metrics, by registry name. */
export interface CompileSpec {
  optimizer: { className: string; config: Record<string, unknown> };
  loss: string;
  metrics: string[];
}

/** What `--model` or `--layers` describe. */
export interface ModelSpec {
  layers: LayerSpec[];
  /**
   * True when the layers are the whole model (the `{ layers, compile }` form of
   * `--model`); false when they are hidden layers and the output layer is added
   * to fit the task.
   */
  complete: boolean;
  compile: Partial<CompileSpec>;
  /**
   * The JSON path of the layer list in a `--model` file: `layers`, or `""` for a
   * file that is a list; absent for `--layers`.
   */
  listPath?: string;
}

/** The hidden layers used when neither `--model` nor `--layers` is given. */
export const DEFAULT_HIDDEN = "128:relu,64:relu";

/** What one `--layers` entry may look like, for messages. */
const LAYER_FORMS = "UNITS[:ACTIVATION] such as 64:relu, or dropout:RATE such as dropout:0.2";

/**
 * Reads the short form `64:relu,32:relu`: dense layers of that many units and
 * activation (relu when left out), plus `dropout:RATE` entries.
 *
 * @throws {CliError} `invalid_layers` naming the bad entry and the expected form.
 * @example
 * ```ts
 * parseLayers("64:relu,dropout:0.2,32");
 * ```
 */
export function parseLayers(text: string): LayerSpec[] {
  const entries = text.split(",").map((entry) => entry.trim());
  return entries.map((entry, i) => {
    const [head = "", ...rest] = entry.split(":").map((part) => part.trim());
    if (head === "dropout") {
      const rate = Number(rest[0]);
      if (rest.length !== 1 || rest[0] === "" || !(rate >= 0 && rate < 1)) {
        const why = "expected dropout:RATE with a rate in [0, 1), such as dropout:0.2";
        throw badLayers(text, i, entry, why);
      }
      return { className: "dropout", config: { rate } };
    }
    const units = Number(head);
    if (!Number.isInteger(units) || units < 1 || head === "") {
      const why = `expected ${LAYER_FORMS}, with a positive whole number of units`;
      throw badLayers(text, i, entry, why);
    }
    if (rest.length > 1) {
      const parts = rest.length + 1;
      const why = `expected ${LAYER_FORMS}; found ${parts} parts separated by ":"`;
      throw badLayers(text, i, entry, why);
    }
    if (rest[0] === "") {
      throw badLayers(text, i, entry, `expected ${LAYER_FORMS}; the activation after ":" is empty`);
    }
    return { className: "dense", config: { units, activation: rest[0] ?? "relu" } };
  });
}

function badLayers(text: string, i: number, entry: string, why: string): CliError {
  return new CliError(
    "invalid_layers",
    `--layers ${JSON.stringify(text)}: entry ${i + 1} (${JSON.stringify(entry)}): ${why}.`,
    "For example: --layers 128:relu,dropout:0.2,64:relu",
  );
}

/**
 * Reads a `--model` file: either a JSON list of hidden layers
 * (`[{ "className": "dense", "config": { "units": 64 } }]`), or a whole model
 * `{ "layers": [...], "compile": { "optimizer", "loss", "metrics" } }`.
 *
 * @throws {CliError} `invalid_json` as `file:line:column: not valid JSON: reason`,
 *   or `invalid_model_spec` naming the file and the JSON path of what is wrong.
 */
export async function readModelSpec(path: string): Promise<ModelSpec> {
  const file = path;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new CliError(
      "missing_file",
      `cannot read the model spec ${path} (${(cause as Error).message}).`,
    );
  }
  // Some Windows editors start UTF-8 files with a byte-order mark, which JSON forbids.
  const json = parseJson(text.replace(/^\uFEFF/, ""), file);
  if (Array.isArray(json)) {
    return { layers: layerList(json, file, ""), complete: false, compile: {}, listPath: "" };
  }
  if (
    typeof json !== "object" ||
    json === null ||
    !Array.isArray((json as { layers?: unknown }).layers)
  ) {
    throw specError(file, 'must be a list of layers, or an object with a "layers" list');
  }
  const spec = json as { layers: unknown[]; compile?: unknown };
  return {
    layers: layerList(spec.layers, file, "layers"),
    complete: true,
    compile: compileSpec(spec.compile, file),
    listPath: "layers",
  };
}

/**
 * Parses JSON text, or fails with the line and column of the first error,
 * taken from the parser's `at position N`. Some of V8's messages give no
 * position (`Unexpected token '}', ..."tru}" is not valid JSON`); the position
 * is then the length of the longest prefix that is still the start of some
 * JSON text, found by bisection.
 *
 * @throws {CliError} `invalid_json`.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const given = /\bat position (\d+)/.exec(message);
    const position = given === null ? errorOffset(text) : Number(given[1]);
    const { line, column } = lineAndColumn(text, position);
    throw new CliError(
      "invalid_json",
      `${file}:${line}:${column}: not valid JSON: ${jsonReason(message)}.`,
      "JSON needs double-quoted keys and strings, and allows no trailing commas or comments.",
      { cause },
    );
  }
}

/** The parser's reason without the position or V8's quoted excerpt. */
function jsonReason(message: string): string {
  return message
    .replace(/\s*\(line \d+ column \d+\)/, "")
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/ at position \d+.*$/, "")
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, "")
    .replace(/\.$/, "");
}

/** Where parsing fails: the length of the longest prefix that could still begin valid JSON. */
function errorOffset(text: string): number {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (couldContinue(text.slice(0, mid))) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return low;
}

function couldContinue(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    // A number or escape cut short ("-", "1e", "\u12") fails at its very end.
    const at = /at position (\d+)/.exec(message);
    return message.includes("Unexpected end") || (at !== null && Number(at[1]) >= prefix.length);
  }
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

function layerList(list: unknown[], file: string, listPath: string): LayerSpec[] {
  if (list.length === 0) {
    throw specError(file, `${listPath === "" ? "the list" : listPath} has no layers`);
  }
  return list.map((layer, i) => {
    const at = `${listPath}[${i}]`;
    const entry = layer as { className?: unknown; config?: unknown };
    if (typeof entry !== "object" || entry === null || typeof entry.className !== "string") {
      throw specError(file, `${at} needs a "className" such as "dense"`);
    }
    const config = entry.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw specError(file, `${at} (${entry.className}).config must be an object`);
    }
    return { className: entry.className, config: { ...(config as Record<string, unknown>) } };
  });
}

function compileSpec(value: unknown, file: string): Partial<CompileSpec> {
  if (value === undefined) {
    return {};
  }
  if (typeof value !== "object" || value === null) {
    throw specError(file, '"compile" must be an object with optimizer, loss and metrics');
  }
  const raw = value as { optimizer?: unknown; loss?: unknown; metrics?: unknown };
  const spec: Partial<CompileSpec> = {};
  if (typeof raw.optimizer === "string") {
    spec.optimizer = { className: raw.optimizer, config: {} };
  } else if (typeof raw.optimizer === "object" && raw.optimizer !== null) {
    const optimizer = raw.optimizer as { className?: unknown; config?: unknown };
    if (typeof optimizer.className !== "string") {
      throw specError(file, 'compile.optimizer needs a "className" such as "adam"');
    }
    const config = optimizer.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw specError(file, 'compile.optimizer.config must be an object such as {"momentum": 0.9}');
    }
    spec.optimizer = {
      className: optimizer.className,
      config: { ...(config as Record<string, unknown>) },
    };
  } else if (raw.optimizer !== undefined) {
    throw specError(file, 'compile.optimizer must be a name such as "adam", or an object');
  }
  if (raw.loss !== undefined) {
    if (typeof raw.loss !== "string") {
      throw specError(file, 'compile.loss must be a loss name such as "categoricalCrossentropy"');
    }
    spec.loss = raw.loss;
  }
  if (raw.metrics !== undefined) {
    if (!Array.isArray(raw.metrics) || !raw.metrics.every((m) => typeof m === "string")) {
      throw specError(file, 'compile.metrics must be a list of names such as ["accuracy"]');
    }
    spec.metrics = raw.metrics as string[];
  }
  return spec;
}

const LAYERS_EXAMPLE =
  'Write a list such as [{"className":"dense","config":{"units":64,"activation":"relu"}}].';
const COMPILE_EXAMPLE =
  'For example: "compile": {"optimizer": {"className": "sgd", "config": {"learningRate": 0.1}}, ' +
  '"loss": "categoricalCrossentropy", "metrics": ["accuracy"]}.';

function specError(file: string, why: string): CliError {
  const hint = why.includes("compile") ? COMPILE_EXAMPLE : LAYERS_EXAMPLE;
  return new CliError("invalid_model_spec", `${file}: ${why}.`, hint);
}

/** The layer list of a run, and what the user should know about it. */
export interface ResolvedLayers {
  layers: LayerSpec[];
  warnings: string[];
}

/**
 * The whole layer list: the spec's layers with the input shape on the first and,
 * unless the spec is complete, an output layer that fits the task. A list that
 * already ends with such a layer (dense, as many units as outputs, softmax for
 * classes, linear for regression) keeps it as the output layer; one that ends
 * with a dense layer of that size but another activation gets an output layer
 * added, with a warning.
 *
 * @param origin how messages name the spec (`--layers`, or the spec file)
 */
export function resolveLayers(
  spec: ModelSpec,
  shape: { features: number; outputs: number; task: "classification" | "regression" },
  origin: string,
): ResolvedLayers {
  const layers = spec.layers.map((layer) => ({ ...layer, config: { ...layer.config } }));
  const warnings: string[] = [];
  if (!spec.complete) {
    const expected = shape.task === "classification" ? "softmax" : "linear";
    const last = layers[layers.length - 1]!;
    const sized = normalizeName(last.className) === "dense" && last.config.units === shape.outputs;
    const activation = activationName(last.config.activation);
    if (!sized || activation !== expected) {
      layers.push({ className: "dense", config: { units: shape.outputs, activation: expected } });
    }
    if (sized && activation !== expected) {
      const what =
        shape.task === "classification" ? "the number of classes" : "one regression output";
      warnings.push(
        `${origin}: the last layer is dense with ${shape.outputs} units, as many as ${what}, ` +
          `but its activation is ${JSON.stringify(activation)}, so it stays a hidden layer and ` +
          `a ${expected} output layer of ${shape.outputs} units is added after it. To make it ` +
          `the output layer, give it activation ${JSON.stringify(expected)}.`,
      );
    }
  }
  const first = layers[0]!;
  if (first.config.inputShape === undefined && first.config.batchInputShape === undefined) {
    first.config.inputShape = [shape.features];
  }
  return { layers, warnings };
}

/** The activation a layer config names, normalised; none means linear. */
function activationName(value: unknown): string {
  const name =
    typeof value === "string"
      ? value
      : typeof value === "object" && value !== null
        ? String((value as { className?: unknown }).className ?? "linear")
        : "linear";
  const key = normalizeName(name);
  return key === "softmax" ? "softmax" : key === "linear" ? "linear" : name;
}

/** Names compare ignoring case, `_` and `-`, as the registry does. */
function normalizeName(name: string): string {
  return name.replace(/[_\-\s]/g, "").toLowerCase();
}

/** Command-line overrides of the compile settings. */
export interface CompileOptions {
  optimizer?: string | undefined;
  lr?: number | undefined;
  loss?: string | undefined;
  metrics?: string | undefined;
}

/**
 * Optimizer, loss and metrics: the command line wins over the spec file, which
 * wins over the task's defaults (adam; categorical cross-entropy and accuracy for
 * classes, mean squared error and MAE for regression).
 */
export function resolveCompile(
  spec: Partial<CompileSpec>,
  options: CompileOptions,
  task: "classification" | "regression",
): CompileSpec {
  const optimizer =
    options.optimizer !== undefined
      ? { className: options.optimizer, config: {} as Record<string, unknown> }
      : { className: spec.optimizer?.className ?? "adam", config: { ...spec.optimizer?.config } };
  if (options.lr !== undefined) {
    optimizer.config.learningRate = options.lr;
  }
  const classification = task === "classification";
  const loss =
    options.loss ?? spec.loss ?? (classification ? "categoricalCrossentropy" : "meanSquaredError");
  const metrics =
    options.metrics !== undefined
      ? options.metrics
          .split(",")
          .map((m) => m.trim())
          .filter((m) => m !== "")
      : spec.metrics ?? (classification ? ["accuracy"] : ["mae"]);
  return { optimizer, loss, metrics };
}

/** Whether a loss takes class labels rather than one-hot rows. */
export function isSparseLoss(loss: string): boolean {
  return loss
    .replace(/[_\-\s]/g, "")
    .toLowerCase()
    .startsWith("sparse");
}
