/**
 * Stable machine-readable reasons a {@link DataError} can carry. Code paths and tests
 * switch on these; the message text is for people.
 */
export type DataErrorCode =
  | "empty_file"
  | "header_only"
  | "empty_column_name"
  | "duplicate_column"
  | "ragged_row"
  | "malformed_csv"
  | "empty_cell"
  | "not_a_number"
  | "non_finite"
  | "missing_column"
  | "categorical_feature"
  | "target_type"
  | "unknown_class"
  | "unknown_dataset"
  | "shape_mismatch"
  | "not_fitted"
  | "invalid_option"
  | "invalid_json"
  | "source_consumed"
  | "schema_changed"
  | "mnist_data"
  | "missing_file";

/** Where in the input a problem sits, plus what to do about it. */
export interface DataErrorDetails {
  /** Name of the file or stream, as given by the caller (`iris.csv`). */
  source?: string | undefined;
  /** 1-based physical line in the source where the offending row starts. */
  line?: number | undefined;
  /** 1-based data row, counting the first row after the header as 1. */
  row?: number | undefined;
  /** Name of the offending column. */
  column?: string | undefined;
  /** The next step for the user. */
  hint?: string | undefined;
  /** The underlying error, when rethrowing. */
  cause?: unknown;
}

/**
 * The one error class of `@myelin/data`. The message is rendered from the fields:
 * `source:line: column "name": what was expected and found. What to do.`
 *
 * @example
 * ```ts
 * try {
 *   parseCsv("a\nx\n1\n2\n", { source: "t.csv", columnTypes: { a: "numeric" } });
 * } catch (error) {
 *   if (error instanceof DataError && error.code === "not_a_number") {
 *     console.log(error.line, error.column); // 2 "a"
 *   }
 * }
 * ```
 */
export class DataError extends Error {
  /** Why it failed, as a stable code. */
  readonly code: DataErrorCode;
  /** Name of the file or stream, when the error is about one. */
  readonly source: string | undefined;
  /** 1-based physical line in the source where the offending row starts. */
  readonly line: number | undefined;
  /** 1-based data row (the header is row 0). */
  readonly row: number | undefined;
  /** Name of the offending column. */
  readonly column: string | undefined;
  /** What to do about it. */
  readonly hint: string | undefined;

  /**
   * @param code stable reason
   * @param detail what was expected and what was found, without the location prefix
   * @param details location fields, hint and cause
   */
  constructor(code: DataErrorCode, detail: string, details: DataErrorDetails = {}) {
    super(renderMessage(detail, details), { cause: details.cause });
    this.name = "DataError";
    this.code = code;
    this.source = details.source;
    this.line = details.line;
    this.row = details.row;
    this.column = details.column;
    this.hint = details.hint;
  }
}

function renderMessage(detail: string, details: DataErrorDetails): string {
  const parts: string[] = [];
  const where = location(details);
  if (where !== undefined) {
    parts.push(where);
  }
  if (details.column !== undefined) {
    parts.push(`column ${JSON.stringify(details.column)}`);
  }
  parts.push(detail);

  const body = `${parts.join(": ")}.`;
  return details.hint === undefined ? body : `${body} ${details.hint}`;
}

function location(details: DataErrorDetails): string | undefined {
  if (details.source === undefined) {
    return undefined;
  }
  if (details.line !== undefined) {
    return `${details.source}:${details.line}`;
  }
  if (details.row !== undefined) {
    return `${details.source}: row ${details.row}`;
  }
  return details.source;
}

/** Quotes a cell for an error message, shortening long ones. */
export function quoteValue(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  return JSON.stringify(shown);
}

/** Renders a list of names for an error message: `"a", "b", "c"` (at most `max`). */
export function listNames(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).map((name) => JSON.stringify(name));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}
