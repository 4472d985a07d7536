import { DataError, quoteValue } from "../errors.js";
import {
  type CsvColumn,
  type CsvTable,
  type NumericColumn,
  type ParseCsvOptions,
  parseCsv,
  tableFromRecords,
} from "../csv/parse-csv.js";
import type { CsvRecord } from "../csv/row-reader.js";
import { missingColumn } from "../csv/schema.js";
import type { Matrix } from "../matrix.js";
import { oneHot, sortClasses, unknownClass } from "../preprocess/label-encoder.js";

/** What the target column is predicted as. */
export type Task = "classification" | "regression";

/** A task, or `"auto"` to decide from the target column (see {@link chooseTask}). */
export type TaskOption = Task | "auto";

/** A class target: integer labels plus the class names they stand for. */
export interface ClassificationTarget {
  readonly kind: "classification";
  /** Name of the target column. */
  readonly name: string;
  /** One label in `[0, classes.length)` per row. */
  readonly labels: Int32Array;
  /** `classes[label]` is the original value; sorted (numerically for numbers). */
  readonly classes: readonly string[];
  /** `[rows, classes.length]` one-hot rows, when asked for with `oneHot: true`. */
  readonly oneHot: Matrix | undefined;
}

/** A numeric target to regress on. */
export interface RegressionTarget {
  readonly kind: "regression";
  /** Name of the target column. */
  readonly name: string;
  /** One value per row. */
  readonly values: Float32Array;
}

/** The encoded target column of a {@link Table}. */
export type TargetInfo = ClassificationTarget | RegressionTarget;

/** Features and target of a dataset, ready to become tensors. */
export interface Table {
  /** Name used in error messages. */
  readonly source: string;
  /** `[rows, featureNames.length]`, row-major. */
  readonly features: Matrix;
  readonly featureNames: readonly string[];
  readonly target: TargetInfo;
}

/** Options of {@link loadTable}. */
export interface LoadTableOptions extends ParseCsvOptions {
  /** Name of the target column. */
  target: string;
  /** Default `"auto"`. */
  task?: TaskOption;
  /** Also build one-hot rows for a classification target. Default false. */
  oneHot?: boolean;
  /** Feature columns, in this order. Default: every column but the target. */
  features?: readonly string[];
  /**
   * The classes of a classification target, in label order. Fixing them keeps
   * labels the same across files; a value not in the list is an error.
   */
  classes?: readonly string[];
}

/** An in-memory row: column name to cell value. */
export type TableRow = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Largest number of distinct integer values `"auto"` treats as classes. */
export const AUTO_MAX_CLASSES = 20;

/**
 * Reads CSV text, a parsed {@link CsvTable}, or in-memory rows into a feature
 * matrix and an encoded target.
 *
 * @throws {DataError} every error of {@link parseCsv}; `missing_column` (listing the
 *   columns and the closest name); `categorical_feature`; `target_type`;
 *   `unknown_class` when `classes` is given and a value is not in it.
 * @example
 * ```ts
 * const csv = "x,y,kind\n1,2,a\n3,4,b\n5,6,a\n";
 * const table = loadTable(csv, { target: "kind", source: "tiny.csv" });
 * table.features.cols; // 2
 * table.target.kind === "classification" && table.target.classes; // ["a", "b"]
 * ```
 */
export function loadTable(
  input: string | CsvTable | readonly TableRow[],
  options: LoadTableOptions,
): Table {
  const table = toCsvTable(input, options);
  const { source } = table;
  const names = table.columns.map((column) => column.name);
  const byName = new Map(table.columns.map((column) => [column.name, column]));

  const targetColumn = byName.get(options.target);
  if (targetColumn === undefined) {
    throw missingColumn(options.target, names, source, "target");
  }
  const featureNames = options.features ?? names.filter((name) => name !== options.target);
  const featureColumns = featureNames.map((name) => {
    const column = byName.get(name);
    if (column === undefined) {
      throw missingColumn(name, names, source, "features");
    }
    if (name === options.target) {
      throw new DataError("invalid_option", "the target column is also listed as a feature", {
        source,
        column: name,
        hint: "Leave the target out of features.",
      });
    }
    if (column.kind === "categorical") {
      throw categoricalFeature(column.name, column.values[0] ?? "", source);
    }
    return column;
  });

  return {
    source,
    features: featureMatrix(featureColumns, table.rowCount),
    featureNames: [...featureNames],
    target: encodeTarget(targetColumn, table, options),
  };
}

/**
 * The `"auto"` rule. A text column is a classification target. A numeric column is
 * one too when every value is an integer and the number of distinct values is at
 * most {@link AUTO_MAX_CLASSES} and either at most 2 or at most 5% of the rows
 * (digit labels 0-9 over 1797 rows: classes; ages over 400 rows: regression).
 * Everything else is regression. Pass `task` explicitly when the guess is wrong.
 *
 * @example
 * ```ts
 * chooseTask({ name: "y", kind: "categorical", values: ["a", "b"] }); // "classification"
 * ```
 */
export function chooseTask(column: CsvColumn): Task {
  if (column.kind === "categorical") {
    return "classification";
  }
  if (!column.integer) {
    return "regression";
  }
  const distinct = new Set(column.values).size;
  const rows = column.values.length;
  const few = distinct <= 2 || distinct <= 0.05 * rows;
  return distinct <= AUTO_MAX_CLASSES && few ? "classification" : "regression";
}

/** The error for a text column used as a feature. */
export function categoricalFeature(name: string, example: string, source: string): DataError {
  const found = `this column holds text labels such as ${quoteValue(example)}`;
  return new DataError("categorical_feature", `features must be numeric, but ${found}`, {
    source,
    column: name,
    hint:
      "List the numeric columns in the features option to leave it out, " +
      "or encode it as numbers first.",
  });
}

/** The error for a text column used as a regression target. */
export function textRegressionTarget(name: string, example: string, source: string): DataError {
  const found = `this column holds text labels such as ${quoteValue(example)}`;
  return new DataError("target_type", `a regression target must be numeric, but ${found}`, {
    source,
    column: name,
    hint: 'Use task: "classification", or pick a numeric target.',
  });
}

function toCsvTable(
  input: string | CsvTable | readonly TableRow[],
  options: LoadTableOptions,
): CsvTable {
  if (typeof input === "string") {
    return parseCsv(input, options);
  }
  if (!Array.isArray(input)) {
    return input as CsvTable;
  }
  const rows = input as readonly TableRow[];
  const header: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        header.push(key);
      }
    }
  }
  const records: CsvRecord[] = [{ fields: header, line: 0 }];
  for (const row of rows) {
    records.push({ fields: header.map((key) => cellText(row[key])), line: 0 });
  }
  return tableFromRecords(records, {
    source: options.source ?? "rows",
    columnTypes: options.columnTypes,
    lines: false,
  });
}

function cellText(value: TableRow[string]): string {
  return value === null || value === undefined ? "" : String(value);
}

function featureMatrix(columns: readonly NumericColumn[], rows: number): Matrix {
  const cols = columns.length;
  const data = new Float32Array(rows * cols);
  columns.forEach((column, j) => {
    for (let i = 0; i < rows; i++) {
      data[i * cols + j] = column.values[i]!;
    }
  });
  return { data, rows, cols };
}

function encodeTarget(column: CsvColumn, table: CsvTable, options: LoadTableOptions): TargetInfo {
  const task =
    options.task === undefined || options.task === "auto" ? chooseTask(column) : options.task;
  const { source } = table;

  if (task === "regression") {
    if (column.kind === "categorical") {
      throw textRegressionTarget(column.name, column.values[0] ?? "", source);
    }
    return { kind: "regression", name: column.name, values: Float32Array.from(column.values) };
  }

  const names = classNames(column, table);
  const classes =
    options.classes === undefined ? sortClasses(new Set(names)) : [...options.classes];
  const index = new Map(classes.map((name, label) => [name, label]));
  const labels = new Int32Array(names.length);
  names.forEach((name, i) => {
    const label = index.get(name);
    if (label === undefined) {
      const where = { source, column: column.name, row: i + 1, line: table.lines?.[i] };
      const fix = "Add it to the classes option, or drop those rows.";
      throw unknownClass(name, classes, where, "is not in the classes option", fix);
    }
    labels[i] = label;
  });

  return {
    kind: "classification",
    name: column.name,
    labels,
    classes,
    oneHot: options.oneHot ? oneHot(labels, classes.length) : undefined,
  };
}

function classNames(column: CsvColumn, table: CsvTable): readonly string[] {
  if (column.kind === "categorical") {
    return column.values;
  }
  const i = column.values.findIndex((v) => !Number.isInteger(v));
  if (i >= 0) {
    throw new DataError(
      "target_type",
      `class labels must be integers or text, found ${column.values[i]}`,
      {
        source: table.source,
        column: column.name,
        row: i + 1,
        line: table.lines?.[i],
        hint: 'Use task: "regression" for a continuous target.',
      },
    );
  }
  return Array.from(column.values, String);
}
