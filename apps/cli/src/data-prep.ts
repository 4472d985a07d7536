import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import {
  datasetInfo,
  loadTable,
  type Matrix,
  parseCsv,
  type Scaler,
  type ScalerJSON,
  scalerFromJSON,
  splitTable,
  standardScaler,
  subset,
  type Table,
} from "@myelin/data";
import { loadDataset } from "@myelin/data/node";
import { type Preprocessing, sha256Hex } from "@myelin/io";
import { CliError } from "./errors.js";

/** Where training data comes from, as stored in a checkpoint. */
export type DataSource =
  | { kind: "dataset"; name: string }
  | { kind: "csv"; path: string; target: string; sha256: string };

/** A loaded table and the name to show for it. */
export interface LoadedData {
  table: Table;
  /** `digits`, or the CSV file's name. */
  label: string;
  source: DataSource;
}

/**
 * Reads a bundled dataset or a CSV file. For a CSV the file's SHA-256 is kept, so
 * a resumed run can tell when the data changed underneath it.
 *
 * @throws {DataError} for every problem in the file (with file, line and column).
 * @throws {CliError} `missing_target` when a CSV comes without `--target`.
 */
export async function loadData(options: {
  dataset?: string | undefined;
  data?: string | undefined;
  target?: string | undefined;
}): Promise<LoadedData> {
  if (options.data === undefined) {
    const name = options.dataset ?? "digits";
    const table = loadDataset(name, { oneHot: true });
    return { table, label: datasetInfo(name).name, source: { kind: "dataset", name } };
  }
  if (options.dataset !== undefined) {
    throw new CliError(
      "conflicting_options",
      "--dataset and --data both name the training data.",
      "Pass one of them.",
    );
  }
  const path = resolve(options.data);
  const file = basename(path);
  const text = await readCsv(path, file);
  if (options.target === undefined) {
    const header = parseCsv(text, { source: file }).columns.map((c) => c.name);
    throw new CliError(
      "missing_target",
      `--data ${file} needs --target COLUMN to say which column to predict; the columns are ${header
        .map((n) => JSON.stringify(n))
        .join(", ")}.`,
      `For example: --target ${header[header.length - 1]}`,
    );
  }
  const table = loadTable(text, { source: file, target: options.target, oneHot: true });
  const sha256 = await sha256Hex(new TextEncoder().encode(text));
  return { table, label: file, source: { kind: "csv", path, target: options.target, sha256 } };
}

/**
 * Loads the data a checkpoint was trained on, checking a CSV file is unchanged.
 *
 * @throws {CliError} `data_changed` when the file's contents differ.
 */
export async function reloadData(source: DataSource): Promise<LoadedData> {
  if (source.kind === "dataset") {
    return loadData({ dataset: source.name });
  }
  const loaded = await loadData({ data: source.path, target: source.target });
  if (loaded.source.kind === "csv" && loaded.source.sha256 !== source.sha256) {
    throw new CliError(
      "data_changed",
      `${source.path} has changed since the checkpoint was written ` +
        `(SHA-256 ${loaded.source.sha256}, expected ${source.sha256}).`,
      "Resume needs the same data; restore the file, or start a new run.",
    );
  }
  return loaded;
}

/** Reads a CSV file as text; the data package parses it. */
export async function readCsv(path: string, file = basename(path)): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(cause);
    throw new CliError("missing_file", `cannot read ${file} (${why}).`, `Check the path ${path}.`);
  }
}

/** The rows of each part of a run. */
export interface Parts {
  train: Table;
  validation: Table | null;
  test: Table | null;
  warnings: string[];
}

/**
 * Number of training rows when `fraction` of `n` rows is held out for validation
 * from the end: `floor(n * (1 - fraction))`, the rule of Keras's validationSplit.
 *
 * @throws {CliError} `empty_split` when either part would be empty.
 */
export function validationCut(n: number, fraction: number): number {
  const cut = Math.floor(n * (1 - fraction));
  if (cut === 0) {
    throw new CliError(
      "empty_split",
      `--validation-split ${fraction} of ${n} training rows leaves no training rows ` +
        `(floor(${n} * (1 - ${fraction})) = 0).`,
      "Use a smaller --validation-split or more data.",
    );
  }
  if (cut === n) {
    throw new CliError(
      "empty_split",
      `--validation-split ${fraction} of ${n} training rows leaves no validation rows.`,
      "Use a larger --validation-split, or 0 for none.",
    );
  }
  return cut;
}

/**
 * Splits a table into train, validation and test parts. The test rows are a
 * seeded random sample (stratified by class for classification). The validation
 * rows are the last `validationSplit` of the remaining rows in file order, as with
 * Keras's validationSplit: shuffle the file first when it is sorted.
 *
 * @throws {CliError} for splits that leave a part empty.
 */
export function splitParts(
  table: Table,
  options: { testSplit: number; validationSplit: number; seed: number },
): Parts {
  let trainRows: Int32Array;
  let test: Table | null = null;
  if (options.testSplit > 0) {
    const split = splitTable(table, { test: options.testSplit, seed: options.seed });
    trainRows = split.indices.train.slice().sort();
    test = split.test;
  } else {
    trainRows = Int32Array.from({ length: table.features.rows }, (_, i) => i);
  }

  let validation: Table | null = null;
  if (options.validationSplit > 0) {
    const cut = validationCut(trainRows.length, options.validationSplit);
    validation = subset(table, trainRows.subarray(cut));
    trainRows = trainRows.subarray(0, cut);
  }
  const train = subset(table, trainRows);
  const warnings = validation === null ? [] : unseenClassWarnings(train, validation);
  return { train, validation, test, warnings };
}

function unseenClassWarnings(train: Table, validation: Table): string[] {
  if (train.target.kind !== "classification" || validation.target.kind !== "classification") {
    return [];
  }
  const seen = new Set(train.target.labels);
  const classes = train.target.classes;
  const unseen = [...new Set(validation.target.labels)].filter((label) => !seen.has(label));
  if (unseen.length === 0) {
    return [];
  }
  const names = unseen.map((label) => JSON.stringify(classes[label])).join(", ");
  return [
    `the validation rows (the last rows of the training part) hold class ${names}, ` +
      "which no training row has; the file looks sorted by class. " +
      "Shuffle it, or lower --validation-split.",
  ];
}

/** Model inputs and targets of one part. */
export interface Encoded {
  x: Matrix;
  y: Matrix;
  rows: number;
  /** Class labels, for classification. */
  labels: Int32Array | null;
  /** Target values in their own units, for regression. */
  values: Float32Array | null;
}

/** How features and targets are turned into model inputs, fitted on training rows. */
export class Preprocessor {
  private constructor(
    readonly featureNames: readonly string[],
    readonly targetName: string,
    readonly task: "classification" | "regression",
    readonly classes: readonly string[] | null,
    private readonly scaler: Scaler,
    private readonly targetScaler: Scaler | null,
  ) {}

  /** Fits the feature scaler (and, for regression, a target scaler) on `train`. */
  static fit(train: Table): Preprocessor {
    const scaler = standardScaler().fit(train.features);
    const target = train.target;
    if (target.kind === "classification") {
      return new Preprocessor(
        train.featureNames,
        target.name,
        "classification",
        target.classes,
        scaler,
        null,
      );
    }
    const values = { data: target.values, rows: target.values.length, cols: 1 };
    const targetScaler = standardScaler().fit(values);
    return new Preprocessor(
      train.featureNames,
      target.name,
      "regression",
      null,
      scaler,
      targetScaler,
    );
  }

  /** Restores what {@link toJSON} saved. */
  static fromJSON(json: Preprocessing): Preprocessor {
    const task = json.task === "regression" ? "regression" : "classification";
    if (json.scaler == null) {
      throw new CliError("invalid_model", "the model's preprocessing has no feature scaler.");
    }
    const scaler = scalerFromJSON(json.scaler as unknown as ScalerJSON);
    const saved = (json as { targetScaler?: unknown }).targetScaler;
    const targetScaler = saved == null ? null : scalerFromJSON(saved as ScalerJSON);
    return new Preprocessor(
      json.featureNames,
      json.targetName ?? "target",
      task,
      json.classes ?? null,
      scaler,
      targetScaler,
    );
  }

  /** What model.json stores under `preprocessing`. */
  toJSON(): Preprocessing & { targetScaler: unknown } {
    return {
      featureNames: [...this.featureNames],
      targetName: this.targetName,
      task: this.task,
      classes: this.classes === null ? null : [...this.classes],
      scaler: this.scaler.toJSON() as unknown as Preprocessing["scaler"],
      targetScaler: this.targetScaler?.toJSON() ?? null,
    };
  }

  /** Scales a feature matrix whose columns are in `featureNames` order. */
  features(matrix: Matrix): Matrix {
    return this.scaler.transform(matrix);
  }

  /**
   * Model inputs and targets of a part: one-hot rows (or label columns when
   * `sparse`) for classes, a standardised column for regression.
   */
  encode(table: Table, sparse: boolean): Encoded {
    const rows = table.features.rows;
    const target = table.target;
    const x = this.features(table.features);
    if (target.kind === "classification") {
      const labels = { data: Float32Array.from(target.labels), rows, cols: 1 };
      const y = sparse ? labels : target.oneHot!;
      return { x, y, rows, labels: target.labels, values: null };
    }
    const y = this.targetScaler!.transform({ data: target.values, rows, cols: 1 });
    return { x, y, rows, labels: null, values: target.values };
  }

  /** Turns regression outputs back into target units. */
  unscaleTarget(values: Float32Array): Float32Array {
    if (this.targetScaler === null) {
      return values;
    }
    return this.targetScaler.inverseTransform({ data: values, rows: values.length, cols: 1 }).data;
  }

  /** Number of model outputs. */
  get outputs(): number {
    return this.classes === null ? 1 : this.classes.length;
  }
}
