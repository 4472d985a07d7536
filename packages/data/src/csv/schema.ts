import { closestName } from "../closest.js";
import { DataError, listNames } from "../errors.js";
import { cellShape } from "./cells.js";
import type { CsvRecord } from "./row-reader.js";

/** How a column's cells are read: as numbers, or as labels (strings). */
export type ColumnKind = "numeric" | "categorical";

/** A column's name and inferred (or forced) kind. */
export interface ColumnInfo {
  readonly name: string;
  readonly kind: ColumnKind;
}

/** Per-column kinds that override inference, keyed by column name. */
export type ColumnTypes = Readonly<Record<string, ColumnKind>>;

/**
 * Reads the header record: trims names and rejects blank or repeated ones.
 *
 * @throws {DataError} `empty_column_name` or `duplicate_column`.
 */
export function readHeader(record: CsvRecord, source: string): string[] {
  const names = record.fields.map((name) => name.trim());
  const seen = new Set<string>();

  names.forEach((name, i) => {
    if (name === "") {
      throw new DataError("empty_column_name", `header field ${i + 1} is empty`, {
        source,
        line: record.line,
        hint: "Give every column a name in the first row.",
      });
    }
    if (seen.has(name)) {
      throw new DataError(
        "duplicate_column",
        `the header names column ${JSON.stringify(name)} twice`,
        {
          source,
          line: record.line,
          hint: "Rename one of them so every column name is unique.",
        },
      );
    }
    seen.add(name);
  });
  return names;
}

/**
 * Checks that a data record has one field per header column.
 *
 * @throws {DataError} `ragged_row`.
 */
export function checkWidth(
  record: CsvRecord,
  row: number,
  header: readonly string[],
  source: string,
): void {
  if (record.fields.length === header.length) {
    return;
  }
  const found = record.fields.length;
  throw new DataError(
    "ragged_row",
    `found ${found} ${found === 1 ? "field" : "fields"}, expected ${header.length} from the header`,
    {
      source,
      line: record.line,
      row,
      hint: "Look for a missing or extra delimiter, or quote fields that contain one.",
    },
  );
}

/**
 * Decides each column's kind from its cells. A column is numeric when more than half
 * of its non-empty cells are spelled as numbers (`NaN` and `Infinity` count as
 * numbers, so they are reported as bad values rather than turning the column into
 * labels); otherwise it is categorical. `columnTypes` overrides the guess.
 *
 * @throws {DataError} `missing_column` when `columnTypes` names an unknown column.
 */
export function inferKinds(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  columnTypes: ColumnTypes | undefined,
  source: string,
): ColumnInfo[] {
  for (const name of Object.keys(columnTypes ?? {})) {
    if (!header.includes(name)) {
      throw missingColumn(name, header, source, "columnTypes");
    }
  }

  return header.map((name, j) => {
    const forced = columnTypes?.[name];
    if (forced !== undefined) {
      return { name, kind: forced };
    }
    let numbers = 0;
    let texts = 0;
    for (const row of rows) {
      const shape = cellShape(row[j]!);
      if (shape === "number" || shape === "non_finite") {
        numbers += 1;
      } else if (shape === "text") {
        texts += 1;
      }
    }
    return { name, kind: numbers > texts ? "numeric" : "categorical" };
  });
}

/**
 * The error for a column name that is not in the header: it lists the columns that
 * exist and suggests the closest one.
 */
export function missingColumn(
  name: string,
  header: readonly string[],
  source: string | undefined,
  option: string,
): DataError {
  const closest = closestName(name, header);
  const hint =
    closest === undefined
      ? `Pass one of the columns that exist as ${option}.`
      : `Did you mean ${JSON.stringify(closest)}?`;
  return new DataError(
    "missing_column",
    `no such column for the ${option} option; the header has ${listNames(header, 40)}`,
    { source, column: name, hint },
  );
}
