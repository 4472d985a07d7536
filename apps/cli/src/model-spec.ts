import { readFile } from "node:fs/promises";
import { basename } from "node:path";
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
}

/** The hidden layers used when neither `--model` nor `--layers` is given. */
export const DEFAULT_HIDDEN = "128:relu,64:relu";

/**
 * Reads the short form `64:relu,32:relu`: dense layers of that many units and
 * activation (relu when left out), plus `dropout:RATE` entries.
 *
 * @throws {CliError} `invalid_layers` naming the bad entry.
 * @example
 * ```ts
 * parseLayers("64:relu,dropout:0.2,32");
 * ```
 */
export function parseLayers(text: string): LayerSpec[] {
  const entries = text.split(",").map((entry) => entry.trim());
  return entries.map((entry, i) => {
    const [head = "", tail] = entry.split(":").map((part) => part.trim());
    if (head === "dropout") {
      const rate = Number(tail);
      if (!(rate >= 0 && rate < 1)) {
        throw badLayers(text, i, entry, "a dropout rate must be in [0, 1), such as dropout:0.2");
      }
      return { className: "dropout", config: { rate } };
    }
    const units = Number(head);
    if (!Number.isInteger(units) || units < 1 || head === "") {
      throw badLayers(
        text,
        i,
        entry,
        "expected UNITS[:ACTIVATION] with a positive whole number of units",
      );
    }
    return {
      className: "dense",
      config: { units, activation: tail === undefined || tail === "" ? "relu" : tail },
    };
  });
}

function badLayers(text: string, i: number, entry: string, why: string): CliError {
  return new CliError(
    "invalid_layers",
    `--layers ${JSON.stringify(text)}: entry ${i + 1} (${JSON.stringify(entry)}): ${why}.`,
    "For example: --layers 128:relu,64:relu",
  );
}

/**
 * Reads a `--model` file: either a JSON list of hidden layers
 * (`[{ "className": "dense", "config": { "units": 64 } }]`), or a whole model
 * `{ "layers": [...], "compile": { "optimizer", "loss", "metrics" } }`.
 *
 * @throws {CliError} `invalid_model_spec` naming the file and what is wrong.
 */
export async function readModelSpec(path: string): Promise<ModelSpec> {
  const file = basename(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new CliError(
      "missing_file",
      `cannot read the model spec ${path} (${(cause as Error).message}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw specError(file, `is not valid JSON (${(cause as Error).message})`);
  }
  if (Array.isArray(json)) {
    return { layers: layerList(json, file), complete: false, compile: {} };
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
    layers: layerList(spec.layers, file),
    complete: true,
    compile: compileSpec(spec.compile, file),
  };
}

function layerList(list: unknown[], file: string): LayerSpec[] {
  if (list.length === 0) {
    throw specError(file, "lists no layers");
  }
  return list.map((layer, i) => {
    const entry = layer as { className?: unknown; config?: unknown };
    if (typeof entry !== "object" || entry === null || typeof entry.className !== "string") {
      throw specError(file, `layer ${i + 1} needs a "className" such as "dense"`);
    }
    const config = entry.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw specError(file, `layer ${i + 1} (${entry.className}): "config" must be an object`);
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
    spec.optimizer = {
      className: optimizer.className,
      config: { ...(optimizer.config as object) },
    };
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

function specError(file: string, why: string): CliError {
  return new CliError(
    "invalid_model_spec",
    `${file}: ${why}.`,
    'Write a list such as [{"className":"dense","config":{"units":64,"activation":"relu"}}].',
  );
}

/**
 * The whole layer list: the spec's layers with the input shape on the first, and
 * (unless the spec is complete) an output layer that fits the task.
 */
export function resolveLayers(
  spec: ModelSpec,
  shape: { features: number; outputs: number; task: "classification" | "regression" },
): LayerSpec[] {
  const layers = spec.layers.map((layer) => ({ ...layer, config: { ...layer.config } }));
  if (!spec.complete) {
    const activation = shape.task === "classification" ? "softmax" : "linear";
    layers.push({ className: "dense", config: { units: shape.outputs, activation } });
  }
  const first = layers[0]!;
  if (first.config.inputShape === undefined && first.config.batchInputShape === undefined) {
    first.config.inputShape = [shape.features];
  }
  return layers;
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
