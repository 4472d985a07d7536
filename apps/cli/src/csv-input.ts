import { readFile } from "node:fs/promises";
import { type CsvTable, DataError, parseCsv } from "@myelin/data";
import { CliError } from "./errors.js";
import { didYouMean, quoteList, quoteName } from "./names.js";

/** What `--delimiter` accepts besides a single character. */
const DELIMITER_NAMES: Readonly<Record<string, string>> = {
  comma: ",",
  semicolon: ";",
  tab: "\t",
  "\\t": "\t",
  pipe: "|",
};

/** Field separators worth suggesting when a file does not use the one asked for. */
const LIKELY_DELIMITERS = [",", ";", "\t", "|"];

/**
 * Reads `--delimiter`: one character, or `comma`, `semicolon`, `tab` (also `\t`)
 * or `pipe`, since a literal tab is awkward to type in a shell.
 *
 * @throws {CliError} `invalid_option` for anything else.
 */
export function parseDelimiter(value: string): string {
  const named = DELIMITER_NAMES[value.toLowerCase()];
  if (named !== undefined) {
    return named;
  }
  if (value.length !== 1 || value === '"' || value === "\n" || value === "\r") {
    throw new CliError(
      "invalid_option",
      `--delimiter ${JSON.stringify(value)} is not a field separator.`,
      'Pass one character such as ";", or comma, semicolon, tab or pipe.',
    );
  }
  return value;
}

/** How a delimiter reads in a message. */
function describeDelimiter(delimiter: string): string {
  const names: Record<string, string> = { ",": "commas", ";": "semicolons", "\t": "tabs" };
  return names[delimiter] ?? JSON.stringify(delimiter);
}

/** How to write a delimiter on the command line. */
function delimiterFlag(delimiter: string): string {
  return delimiter === "\t" ? "--delimiter tab" : `--delimiter '${delimiter}'`;
}

/**
 * A hint when the header row holds none of `delimiter` but another common
 * separator, as a `;`-separated file read with commas does; empty otherwise.
 *
 * @example
 * ```ts
 * delimiterHint("a;b;c\n1;2;3\n", ","); // "The header row has no commas but has semicolons..."
 * ```
 */
export function delimiterHint(text: string, delimiter: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  if (header.includes(delimiter)) {
    return "";
  }
  const likely = LIKELY_DELIMITERS.find((d) => d !== delimiter && header.includes(d));
  if (likely === undefined) {
    return "";
  }
  return (
    `The header row has no ${describeDelimiter(delimiter)} but has ` +
    `${describeDelimiter(likely)}; if the file is separated by them, pass ${delimiterFlag(likely)}.`
  );
}

/** A CSV file read and parsed, with what messages need to point at it. */
export interface CsvInput {
  csv: CsvTable;
  /** The whole file, for checksums. */
  text: string;
  /** The path as the user gave it, which every message about the file names. */
  source: string;
  delimiter: string;
}

/**
 * Reads and parses a CSV file. Errors name the path as given, and a parse error
 * in a file that looks separated by another delimiter says so.
 *
 * @throws {CliError} `missing_file` when the file cannot be read.
 * @throws {DataError} every parse error of `parseCsv`, or a {@link CliError} with
 *   the same code and a `--delimiter` hint added.
 */
export async function readCsvInput(path: string, delimiter = ","): Promise<CsvInput> {
  const text = await readCsv(path);
  return { csv: parseWithHint(text, path, delimiter), text, source: path, delimiter };
}

/** Parses CSV text, adding the delimiter hint to parse errors where it applies. */
export function parseWithHint(text: string, source: string, delimiter: string): CsvTable {
  try {
    return parseCsv(text, { source, delimiter });
  } catch (error) {
    const hint = delimiterHint(text, delimiter);
    if (error instanceof DataError && hint !== "") {
      throw new CliError(error.code, `${error.message} ${hint}`);
    }
    throw error;
  }
}

/** Reads a CSV file as text; the data package parses it. */
export async function readCsv(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(cause);
    throw new CliError("missing_file", `cannot read ${path} (${why}).`, "Check the path.");
  }
}

/** How the command line chooses the target and feature columns. */
export interface ColumnChoice {
  target: string;
  /** `--features`: the feature columns, in this order. */
  features?: readonly string[] | undefined;
  /** `--ignore-columns`: columns that are neither target nor feature. */
  ignoreColumns?: readonly string[] | undefined;
}

/**
 * Checks the target and feature columns against the header and returns the
 * feature columns: `--features` as given, or every column but the target and
 * `--ignore-columns`. Every message speaks of those flags.
 *
 * @param where how messages name the data, such as the path as given
 * @param extraHint added to the missing-target message (such as a delimiter hint)
 * @throws {CliError} `missing_column`, `invalid_option` or `categorical_feature`.
 */
export function pickColumns(
  csv: CsvTable,
  choice: ColumnChoice,
  where: string,
  extraHint = "",
): string[] {
  const names = csv.columns.map((column) => column.name);
  const byName = new Map(csv.columns.map((column) => [column.name, column]));
  const { target } = choice;
  if (!byName.has(target)) {
    const guess = didYouMean(target, names) || "Pass one of them as --target.";
    throw new CliError(
      "missing_column",
      `${where}: there is no column ${quoteName(target)} to use as --target; ` +
        `the columns are ${quoteList(names, 8)}.`,
      [guess, extraHint].filter((part) => part !== "").join(" "),
    );
  }
  if (choice.features !== undefined && choice.ignoreColumns !== undefined) {
    throw new CliError(
      "conflicting_options",
      "--features and --ignore-columns both choose the feature columns.",
      "Pass one of them: --features lists the columns to use, --ignore-columns those to skip.",
    );
  }

  const flag = choice.features !== undefined ? "--features" : "--ignore-columns";
  const listed = choice.features ?? choice.ignoreColumns ?? [];
  const seen = new Set<string>();
  for (const name of listed) {
    if (!byName.has(name)) {
      const guess = didYouMean(name, names);
      throw new CliError(
        "missing_column",
        `${where}: ${flag} names ${quoteName(name)}, which is not a column; ` +
          `the columns are ${quoteList(names, 8)}.`,
        guess || `List columns of ${where}, separated by commas.`,
      );
    }
    if (seen.has(name)) {
      const twice = `${flag} lists ${quoteName(name)} twice.`;
      throw new CliError("invalid_option", twice, "List it once.");
    }
    if (name === target && choice.features !== undefined) {
      throw new CliError(
        "invalid_option",
        `--features lists ${quoteName(name)}, which is the --target column.`,
        "Leave the target out of --features.",
      );
    }
    seen.add(name);
  }

  const features =
    choice.features !== undefined
      ? [...choice.features]
      : names.filter((name) => name !== target && !seen.has(name));
  if (features.length === 0) {
    throw new CliError(
      "invalid_option",
      `${where}: no feature columns are left besides the --target ${quoteName(target)}.`,
      "The model needs at least one numeric column to read.",
    );
  }
  const text = features.filter((name) => byName.get(name)!.kind === "categorical");
  if (text.length > 0) {
    throw textFeatures(csv, text, features, { where, given: choice.features !== undefined });
  }
  return features;
}

function textFeatures(
  csv: CsvTable,
  text: readonly string[],
  features: readonly string[],
  options: { where: string; given: boolean },
): CliError {
  const first = csv.columns.find((column) => column.name === text[0])!;
  const example = first.kind === "categorical" ? first.values[0] ?? "" : "";
  const columns =
    text.length === 1 ? `column ${quoteName(text[0]!)} holds` : `columns ${quoteList(text)} hold`;
  const found =
    `${options.where}: ${columns} text such as ${quoteName(example)}, ` +
    "but features must be numeric";
  if (options.given) {
    return new CliError(
      "categorical_feature",
      `${found}.`,
      "Leave such columns out of --features, or encode them as numbers first.",
    );
  }
  const numeric = features.filter((name) => !text.includes(name));
  const list = numeric.length <= 8 ? numeric.join(",") : `${numeric.slice(0, 3).join(",")},...`;
  const them = text.length === 1 ? "it" : "them";
  const alternatives = [`leave ${them} out with --ignore-columns ${text.join(",")}`];
  if (numeric.length > 0) {
    alternatives.push(`list the numeric feature columns with --features ${list}`);
  }
  return new CliError(
    "categorical_feature",
    `${found}.`,
    `Either ${alternatives.join(", or ")}. Text features are not encoded.`,
  );
}

/** Splits a comma-separated list option, dropping blanks: `a, b,` is `["a", "b"]`. */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
