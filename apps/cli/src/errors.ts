import { DataError } from "@myelin/data";
import { ModelFileError } from "@myelin/io";
import { MyelinError, RegistryError } from "./myelin.js";

/** Exit code of a run that did what was asked. */
export const EXIT_OK = 0;
/** Exit code of a mistake in the input: options, data, model files. */
export const EXIT_USER_ERROR = 1;
/** Exit code of a fault in Myelin itself. */
export const EXIT_INTERNAL_ERROR = 2;
/**
 * Exit code when the reader of standard output or error went away (`| head`):
 * 128 + SIGPIPE, what a shell reports for a program that a closed pipe stopped.
 */
export const EXIT_CLOSED_PIPE = 141;

/**
 * A mistake in what the user asked for, found by the CLI itself. The message says
 * what is wrong; `hint` says how to fix it.
 */
export class CliError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(hint === undefined ? message : `${message} ${hint}`, options);
    this.name = "CliError";
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Whether an error comes from the user's input rather than from a fault in Myelin.
 * Myelin's own error classes are thrown on purpose, after checking inputs, so
 * they count as user errors; anything else (a TypeError, a RangeError) is a bug.
 */
export function isUserError(error: unknown): boolean {
  return (
    error instanceof CliError ||
    error instanceof DataError ||
    error instanceof ModelFileError ||
    error instanceof RegistryError ||
    error instanceof MyelinError
  );
}

/** The stable code of a user error, for `--json` output. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "internal_error";
}

/**
 * An error's message without its hint and closing period, for quoting inside
 * another message: `expected a number, found "abc"`.
 */
export function messageBody(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const hint = (error as { hint?: unknown }).hint;
  let body = error.message;
  if (typeof hint === "string" && hint !== "" && body.endsWith(hint)) {
    body = body.slice(0, body.length - hint.length);
  }
  return body.trimEnd().replace(/\.$/, "");
}

/**
 * What the command line says instead of the data package's hints, which speak
 * of library options (`columnTypes`, `task:`, `features`) the CLI has no flag for.
 */
const DATA_HINTS: Partial<Record<DataError["code"], string>> = {
  not_a_number: "Fix the cell or drop the row; every feature column must hold numbers.",
  categorical_feature:
    "Leave the column out with --ignore-columns, or list the numeric columns with --features.",
  target_type: "Pick another --target column.",
  missing_column: "Check the column names in the header row.",
  unknown_class: "Drop those rows, or retrain on data that has them.",
};

/**
 * The text shown for a user error: the message, with the library's hint replaced
 * by one that speaks of command-line options where the two differ.
 */
export function userMessage(error: Error): string {
  if (error instanceof DataError && error.hint !== undefined) {
    const hint = DATA_HINTS[error.code];
    if (hint !== undefined) {
      return `${messageBody(error)}. ${hint}`;
    }
  }
  return error.message;
}
