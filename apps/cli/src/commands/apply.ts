import { resolve } from "node:path";
import { type CsvTable, DataError, loadTable, type Matrix } from "@myelin/data";
import { delimiterHint, parseDelimiter, readCsvInput } from "../csv-input.js";
import type { Encoded } from "../data-prep.js";
import { CliError } from "../errors.js";
import { openModel, type SavedModel } from "../model-files.js";
import { plural, quoteList, quoteName } from "../names.js";
import { checkNotAnInput, writeUserFile } from "../output-files.js";
import { formatNumber, metricLine, type Reporter } from "../reporter.js";
import { startRuntime } from "../runtime.js";
import { argmaxRows, metricUnits, predictRows, scoreModel } from "./score.js";

/** Options shared by `evaluate` and `predict`. */
export interface ApplyOptions {
  data?: string;
  backend?: string;
  ignoreExtraColumns?: boolean;
  /** Field separator of `--data` (default a comma). */
  delimiter?: string;
}

/** Options of `myelin predict`. */
export interface PredictOptions extends ApplyOptions {
  out?: string;
  /** Overwrite an existing `--out` file. */
  force?: boolean;
}

/**
 * `myelin evaluate MODEL --data FILE.csv`: the loss and metrics of a saved model
 * on a labelled CSV, with the saved preprocessing applied.
 */
export async function evaluate(
  dir: string,
  options: ApplyOptions,
  reporter: Reporter,
): Promise<void> {
  const { saved, csv, source } = await open(dir, options, true);
  const { preprocessor, model } = saved;
  checkTarget(csv, preprocessor.targetName, preprocessor.task, preprocessor.classes);
  const table = loadTable(csv, {
    target: preprocessor.targetName,
    task: preprocessor.task,
    classes: preprocessor.classes ?? undefined,
    features: preprocessor.featureNames,
    oneHot: true,
  });
  const savedLoss = saved.config?.compile.loss ?? JSON.stringify(model.trainingConfig?.loss ?? []);
  const sparse = /sparse/i.test(savedLoss);
  const part: Encoded = preprocessor.encode(table, sparse);
  const metrics = scoreModel(model, preprocessor, part, { prefix: "evaluation" });
  const clean = Object.fromEntries(
    Object.entries(metrics).map(([key, value]) => [key.replace(/^evaluation_/, ""), value]),
  );
  const units = metricUnits(preprocessor, "");
  const lines = Object.entries(clean).map(([key, value]) => metricLine(key, value, units));
  reporter.result(
    "evaluation",
    { model: dir, data: source, rows: part.rows, metrics: clean, units },
    [`${source}: ${plural(part.rows, "row")}`, ...lines].join("\n"),
  );
}

/**
 * `myelin predict MODEL --data FILE.csv [--out predictions.csv]`: one row per
 * input row, with the class name and each class's probability (or the predicted
 * value, for regression). The target column may be present; it is ignored.
 * Standard output shows four decimals; `--out` files and `--json` events carry
 * every digit.
 */
export async function predict(
  dir: string,
  options: PredictOptions,
  reporter: Reporter,
): Promise<void> {
  const { out } = options;
  if (out !== undefined && options.data !== undefined) {
    checkNotAnInput(out, { modelDir: dir, data: options.data }, "--out");
  }
  const { saved, csv, source } = await open(dir, options, false);
  const { preprocessor, model } = saved;
  const x = preprocessor.features(featureMatrix(csv, preprocessor.featureNames));
  const outputs = predictRows(model, x);

  const header: string[] = [preprocessor.targetName];
  const rows: { label: string | null; values: number[] }[] = [];
  const records: Record<string, unknown>[] = [];
  const classes = preprocessor.classes;
  if (classes !== null) {
    header.push(...classes.map((name) => `probability_${name}`));
    const labels = argmaxRows(outputs, x.rows, classes.length);
    labels.forEach((label, i) => {
      const probabilities = Array.from(
        outputs.subarray(i * classes.length, (i + 1) * classes.length),
      );
      rows.push({ label: classes[label]!, values: probabilities });
      const named = Object.fromEntries(classes.map((name, j) => [name, probabilities[j]!]));
      records.push({ row: i + 1, prediction: classes[label]!, probabilities: named });
    });
  } else {
    preprocessor.unscaleTarget(outputs).forEach((value, i) => {
      rows.push({ label: null, values: [value] });
      records.push({ row: i + 1, prediction: value });
    });
  }
  const summary = { model: dir, data: source, rows: rows.length, target: preprocessor.targetName };

  // A file is for programs: every digit, so the values read back exactly. The
  // terminal is for people: four decimals, as every other number the CLI prints.
  if (out !== undefined) {
    const text = csvText(header, rows, String);
    await writeUserFile(out, text, { flag: "--out", force: options.force === true });
    reporter.result(
      "predictions",
      { ...summary, out: resolve(out) },
      `wrote ${plural(rows.length, "prediction")} to ${out}`,
    );
    return;
  }
  // With --json, one event per input row, then a closing summary.
  reporter.records("prediction", records, csvText(header, rows, formatNumber).trimEnd());
  reporter.result("predictions", summary, "");
}

/** Predictions as CSV, with numbers written by `format`. */
function csvText(
  header: readonly string[],
  rows: readonly { label: string | null; values: number[] }[],
  format: (value: number) => string,
): string {
  const lines = rows.map((row) => {
    const cells = row.values.map(format);
    return row.label === null ? cells : [row.label, ...cells];
  });
  return [header, ...lines].map((cells) => cells.map(csvCell).join(",")).join("\n") + "\n";
}

async function open(
  dir: string,
  options: ApplyOptions,
  needTarget: boolean,
): Promise<{ saved: SavedModel; csv: CsvTable; source: string }> {
  if (options.data === undefined) {
    throw new CliError(
      "missing_option",
      "--data FILE.csv is required.",
      "Pass the CSV file to read.",
    );
  }
  await startRuntime(options.backend ?? "js");
  const saved = await openModel(dir);
  const delimiter = options.delimiter === undefined ? "," : parseDelimiter(options.delimiter);
  const input = await readCsvInput(options.data, delimiter);
  const hint = delimiterHint(input.text, input.delimiter);
  const ignoreExtra = options.ignoreExtraColumns === true;
  checkColumns(input.csv, saved, { needTarget, ignoreExtra, hint });
  return { saved, csv: input.csv, source: input.source };
}

/**
 * The CSV must hold every feature the model reads (any order) and, to evaluate,
 * the target. Other columns are an error unless ignored, since they often mean
 * the wrong file.
 *
 * @throws {CliError} `column_mismatch` naming the missing and unexpected columns.
 */
function checkColumns(
  csv: CsvTable,
  saved: SavedModel,
  options: { needTarget: boolean; ignoreExtra: boolean; hint: string },
): void {
  const { featureNames, targetName } = saved.preprocessor;
  const names = csv.columns.map((column) => column.name);
  const wanted = options.needTarget ? [...featureNames, targetName] : featureNames;
  const missing = wanted.filter((name) => !names.includes(name));
  const known = new Set([...featureNames, targetName]);
  const extra = options.ignoreExtra ? [] : names.filter((name) => !known.has(name));
  if (missing.length === 0 && extra.length === 0) {
    return;
  }
  const count = (list: readonly string[]) => (list.length > 6 ? ` (${list.length} columns)` : "");
  const problems = [
    missing.length > 0 ? `missing ${quoteList(missing)}${count(missing)}` : "",
    extra.length > 0 ? `unexpected ${quoteList(extra)}${count(extra)}` : "",
  ].filter((part) => part !== "");
  const role = options.needTarget
    ? `and the target ${quoteName(targetName)}`
    : `(the target ${quoteName(targetName)} may be present)`;
  // Listing the features again only helps when the missing ones are not all of them.
  const reads =
    missing.length >= featureNames.length
      ? `The model reads ${plural(featureNames.length, "feature")} ${role}.`
      : `The model reads ${quoteList(featureNames)}${count(featureNames)} ${role}.`;
  const fix =
    extra.length > 0 && missing.length === 0
      ? "Drop the unexpected columns, or pass --ignore-extra-columns."
      : "Pass a CSV with the columns the model was trained on.";
  throw new CliError(
    "column_mismatch",
    `${csv.source}: the columns do not match the model's features: ` +
      `${problems.join("; ")}. ${reads}`,
    [options.hint, fix].filter((part) => part !== "").join(" "),
  );
}

/**
 * The target column must fit the model: for a classifier every value is a class
 * it was trained on (a new class has no output to be scored against), for a
 * regressor every value is a number.
 *
 * @throws {CliError} `unseen_class` or `target_type` naming the first bad row.
 */
function checkTarget(
  csv: CsvTable,
  target: string,
  task: "classification" | "regression",
  classes: readonly string[] | null,
): void {
  const column = csv.columns.find((c) => c.name === target);
  if (column === undefined) {
    return;
  }
  if (task === "regression") {
    if (column.kind === "categorical") {
      throw new CliError(
        "target_type",
        `${csv.source}: column ${quoteName(target)} holds text such as ` +
          `${quoteName(column.values[0] ?? "")}, but the model predicts numbers.`,
        "Pass a CSV whose target column holds the values to compare with.",
      );
    }
    return;
  }
  if (classes === null) {
    return;
  }
  const known = new Set(classes);
  const values: readonly (string | number)[] =
    column.kind === "numeric" ? Array.from(column.values) : column.values;
  const i = values.findIndex((value) => !known.has(String(value)));
  if (i < 0) {
    return;
  }
  const where = csv.lines === undefined ? `row ${i + 1}` : String(csv.lines[i]);
  throw new CliError(
    "unseen_class",
    `${csv.source}:${where}: column ${JSON.stringify(target)}: found class ${JSON.stringify(
      String(values[i]),
    )}, which the model was never trained on; it knows ${quoteList(classes, 12)}.`,
    "Drop the rows of new classes, or retrain on data that has them.",
  );
}

/** The feature columns of a CSV, in the model's order, as a matrix. */
function featureMatrix(csv: CsvTable, featureNames: readonly string[]): Matrix {
  const rows = csv.rowCount;
  const cols = featureNames.length;
  const data = new Float32Array(rows * cols);
  featureNames.forEach((name, j) => {
    const column = csv.columns.find((c) => c.name === name)!;
    if (column.kind !== "numeric") {
      throw new DataError(
        "categorical_feature",
        `features must be numeric, but this column holds text such as ${JSON.stringify(
          column.values[0],
        )}`,
        {
          source: csv.source,
          column: name,
          hint: "Pass the numeric values the model was trained on.",
        },
      );
    }
    for (let i = 0; i < rows; i++) {
      data[i * cols + j] = column.values[i]!;
    }
  });
  return { data, rows, cols };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
