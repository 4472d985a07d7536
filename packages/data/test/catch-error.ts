import { expect } from "vitest";
import { DataError } from "../src/errors.js";

/** Runs `fn`, asserts it throws a `DataError`, and returns that error. */
export function catchDataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, but nothing was thrown");
}

/** Like {@link catchDataError} for async work. */
export async function rejectDataError(
  work: Promise<unknown> | (() => Promise<unknown>),
): Promise<DataError> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, but the promise resolved");
}

/** The location fields of an error, for one `toEqual`. */
export function where(error: DataError): Record<string, unknown> {
  const { code, source, line, row, column } = error;
  return { code, source, line, row, column };
}
