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
 * A mistake in what the user asked for, found by the CLI itself. The message says
 * what is wrong; `hint` says how to fix it.
 */
export class CliError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string) {
    super(hint === undefined ? message : `${message} ${hint}`);
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
 * The text shown for a user error: the message, with the library's hint replaced
 * by one that speaks of command-line options where the two differ.
 */
export function userMessage(error: Error): string {
  if (error instanceof DataError && error.code === "not_a_number" && error.hint !== undefined) {
    const body = error.message.slice(0, error.message.length - error.hint.length).trimEnd();
    return `${body} Fix the cell or drop the row; every feature column must hold numbers.`;
  }
  return error.message;
}
