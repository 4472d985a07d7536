import { DataError } from "../errors.js";
import { type CellPlace, readCategory, readNumber } from "./cells.js";
import { type CsvRecord, CsvRecordReader } from "./row-reader.js";
import { type ColumnKind, type ColumnTypes, checkWidth, inferKinds, readHeader } from "./schema.js";

/** A numeric column: every cell parsed to a finite number. */
export interface NumericColumn {
  readonly name: string;
  readonly kind: "numeric";
  /** Parsed values, kept in double precision until they become a matrix. */
  readonly values: Float64Array;
  /** True when every value is a whole number. */
  readonly integer: boolean;
}

/** A categorical column: every cell kept as its trimmed text. */
export interface CategoricalColumn {
  readonly name: string;
  readonly kind: "categorical";
  readonly values: readonly string[];
}

/** One typed column of a {@link CsvTable}. */
export type CsvColumn = NumericColumn | CategoricalColumn;

/** A parsed, validated CSV: typed columns in header order. */
export interface CsvTable {
  /** Name used in error messages (a file name, or `<input>`). */
  readonly source: string;
  readonly columns: readonly CsvColumn[];
  /** Number of data rows (the header and blank lines are not counted). */
  readonly rowCount: number;
  /** Physical line (1-based) of each data row, or `undefined` for in-memory rows. */
  readonly lines: Int32Array | undefined;
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Name used in error messages, usually the file name. Default `<input>`. */
  source?: string;
  /** Field separator. Default `,`. */
  delimiter?: string;
  /** Forces a column's kind instead of inferring it. */
  columnTypes?: ColumnTypes;
}

/** The source name used when the caller gives none. */
export const DEFAULT_SOURCE = "<input>";

/**
 * Parses CSV text whose first row is a header. Each column's kind is inferred
 * (numeric when most of its cells are numbers, else categorical; see
 * {@link inferKinds}) and every cell is then checked against it.
 *
 * @param text the whole CSV
 * @param options source name for messages, delimiter, kind overrides
 * @throws {DataError} `empty_file`, `header_only`, `ragged_row`, `empty_cell`,
 *   `not_a_number`, `non_finite`, `malformed_csv`, `empty_column_name`,
 *   `duplicate_column`; each names the source, line and column.
 * @example
 * ```ts
 * const table = parseCsv("x,label\n1.5,a\n2,b\n", { source: "tiny.csv" });
 * table.columns.map((c) => c.kind); // ["numeric", "categorical"]
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const source = options.source ?? DEFAULT_SOURCE;
  const reader = new CsvRecordReader(source, options.delimiter ?? ",");
  reader.feed(text);
  reader.end();
  return tableFromRecords(reader.take(Number.POSITIVE_INFINITY), {
    source,
    columnTypes: options.columnTypes,
  });
}

/**
 * Builds a typed table from raw records, the first of which is the header.
 * Shared by {@link parseCsv} and in-memory row input.
 *
 * @throws {DataError} as {@link parseCsv}.
 */
export function tableFromRecords(
  records: readonly CsvRecord[],
  options: { source: string; columnTypes: ColumnTypes | undefined; lines?: boolean },
): CsvTable {
  const { source } = options;
  const [head, ...body] = records;
  if (head === undefined) {
    throw new DataError("empty_file", "there is no header row and no data", {
      source,
      hint: "Check that the right file was read; a CSV needs a header row and data rows.",
    });
  }
  const header = readHeader(head, source);
  if (body.length === 0) {
    throw new DataError("header_only", "the header is there but no data rows follow it", {
      source,
      line: head.line,
      hint: "Add data rows below the header.",
    });
  }

  // Trimmed in place: for a large file a second copy of every cell would double
  // the peak memory.
  const rows = body.map((record, i) => {
    checkWidth(record, i + 1, header, source);
    const cells = record.fields;
    for (let j = 0; j < cells.length; j++) {
      cells[j] = cells[j]!.trim();
    }
    return cells;
  });
  const kinds = inferKinds(header, rows, options.columnTypes, source);
  const withLines = options.lines ?? true;
  const lines = withLines ? Int32Array.from(body, (record) => record.line) : undefined;
  const columns = kinds.map(({ name, kind }) => emptyColumn(name, kind, rows.length));

  const place: CellPlace = { source, line: undefined, row: 0, column: "" };
  rows.forEach((cells, i) => {
    place.line = lines?.[i];
    place.row = i + 1;
    columns.forEach((column, j) => {
      place.column = column.name;
      const cell = cells[j]!;
      if (column.kind === "numeric") {
        column.values[i] = readNumber(cell, place);
      } else {
        column.values[i] = readCategory(cell, place);
      }
    });
  });

  return { source, columns: columns.map(finishColumn), rowCount: rows.length, lines };
}

type Building =
  | { name: string; kind: "numeric"; values: Float64Array }
  | { name: string; kind: "categorical"; values: string[] };

function emptyColumn(name: string, kind: ColumnKind, rows: number): Building {
  return kind === "numeric"
    ? { name, kind, values: new Float64Array(rows) }
    : { name, kind, values: new Array<string>(rows) };
}

function finishColumn(column: Building): CsvColumn {
  if (column.kind === "categorical") {
    return column;
  }
  return { ...column, integer: column.values.every((v) => Number.isInteger(v)) };
}
