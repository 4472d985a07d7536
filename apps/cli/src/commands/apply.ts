import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { type CsvTable, DataError, loadTable, type Matrix, parseCsv } from "@myelin/data";
import { type Encoded, readCsv } from "../data-prep.js";
import { CliError } from "../errors.js";
import { openModel, type SavedModel } from "../model-files.js";
import { formatNumber, type Reporter } from "../reporter.js";
import { startRuntime } from "../runtime.js";
import { argmaxRows, predictRows, scoreModel } from "./score.js";

/** Options shared by `evaluate` and `predict`. */
export interface ApplyOptions {
  data?: string;
  backend?: string;
  ignoreExtraColumns?: boolean;
}

/** Options of `myelin predict`. */
export interface PredictOptions extends ApplyOptions {
  out?: string;
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
  const { saved, csv, file } = await open(dir, options, true);
  const { preprocessor, model } = saved;
  checkClasses(csv, preprocessor.targetName, preprocessor.classes);
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
  const lines = Object.entries(clean).map(([key, value]) => `${key}: ${formatNumber(value)}`);
  reporter.result(
    "evaluation",
    { model: dir, data: file, rows: part.rows, metrics: clean },
    [`${file}: ${part.rows} rows`, ...lines].join("\n"),
  );
}

/**
 * `myelin predict MODEL --data FILE.csv [--out predictions.csv]`: one row per
 * input row, with the class name and each class's probability (or the predicted
 * value, for regression). The target column may be present; it is ignored.
 */
export async function predict(
  dir: string,
  options: PredictOptions,
  reporter: Reporter,
): Promise<void> {
  const { saved, csv, file } = await open(dir, options, false);
  const { preprocessor, model } = saved;
  const x = preprocessor.features(featureMatrix(csv, preprocessor.featureNames));
  const outputs = predictRows(model, x);

  const header: string[] = [preprocessor.targetName];
  const rows: string[][] = [];
  const classes = preprocessor.classes;
  if (classes !== null) {
    header.push(...classes.map((name) => `probability_${name}`));
    const labels = argmaxRows(outputs, x.rows, classes.length);
    labels.forEach((label, i) => {
      const probabilities = Array.from(
        outputs.subarray(i * classes.length, (i + 1) * classes.length),
      );
      rows.push([classes[label]!, ...probabilities.map(String)]);
    });
  } else {
    preprocessor.unscaleTarget(outputs).forEach((value) => rows.push([String(value)]));
  }
  const text = [header, ...rows].map((cells) => cells.map(csvCell).join(",")).join("\n") + "\n";

  if (options.out !== undefined) {
    await writeFile(options.out, text);
    reporter.result(
      "predictions",
      { model: dir, data: file, rows: rows.length, out: resolve(options.out) },
      `wrote ${rows.length} predictions to ${options.out}`,
    );
    return;
  }
  reporter.result(
    "predictions",
    { model: dir, data: file, rows: rows.length, csv: text },
    text.trimEnd(),
  );
}

async function open(
  dir: string,
  options: ApplyOptions,
  needTarget: boolean,
): Promise<{ saved: SavedModel; csv: CsvTable; file: string }> {
  if (options.data === undefined) {
    throw new CliError(
      "missing_option",
      "--data FILE.csv is required.",
      "Pass the CSV file to read.",
    );
  }
  await startRuntime(options.backend ?? "js");
  const saved = await openModel(dir);
  const file = basename(options.data);
  const csv = parseCsv(await readCsv(resolve(options.data), file), { source: file });
  checkColumns(csv, saved, { needTarget, ignoreExtra: options.ignoreExtraColumns === true });
  return { saved, csv, file };
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
  options: { needTarget: boolean; ignoreExtra: boolean },
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
  const quote = (list: readonly string[]) => list.map((name) => JSON.stringify(name)).join(", ");
  const problems = [
    missing.length > 0 ? `missing ${quote(missing)}` : "",
    extra.length > 0 ? `unexpected ${quote(extra)}` : "",
  ].filter((part) => part !== "");
  const role = options.needTarget
    ? `and the target ${JSON.stringify(targetName)}`
    : `(the target ${JSON.stringify(targetName)} may be present)`;
  throw new CliError(
    "column_mismatch",
    `${csv.source}: the columns do not match the model's features: ${problems.join(
      "; ",
    )}. The model reads ${quote(featureNames)} ${role}.`,
    extra.length > 0 && missing.length === 0
      ? "Drop the unexpected columns, or pass --ignore-extra-columns."
      : "Pass a CSV with the columns the model was trained on.",
  );
}

/**
 * Every target value must be a class the model was trained on: a new class has
 * no output to be scored against.
 *
 * @throws {CliError} `unseen_class` naming the first such row.
 */
function checkClasses(csv: CsvTable, target: string, classes: readonly string[] | null): void {
  const column = csv.columns.find((c) => c.name === target);
  if (classes === null || column === undefined) {
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
  const listed = classes.map((name) => JSON.stringify(name)).join(", ");
  throw new CliError(
    "unseen_class",
    `${csv.source}:${where}: column ${JSON.stringify(target)}: found class ${JSON.stringify(
      String(values[i]),
    )}, which the model was never trained on; it knows ${listed}.`,
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
