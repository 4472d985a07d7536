import { describe, expect, it } from "vitest";
import { DataError } from "./errors.js";

describe("DataError", () => {
  it("renders source, line, column, detail and hint in that order", () => {
    const error = new DataError("not_a_number", 'expected a number, found "abc"', {
      source: "iris.csv",
      line: 12,
      row: 11,
      column: "sepal_length",
      hint: "Fix the cell.",
    });

    expect(error.message).toBe(
      'iris.csv:12: column "sepal_length": expected a number, found "abc". Fix the cell.',
    );
    expect(error).toMatchObject({ name: "DataError", code: "not_a_number", row: 11 });
    expect(error).toBeInstanceOf(Error);
  });

  it("falls back to the row number when there is no line, and to the bare detail", () => {
    expect(new DataError("empty_cell", "empty", { source: "rows", row: 3 }).message).toBe(
      "rows: row 3: empty.",
    );
    expect(new DataError("invalid_option", "bad").message).toBe("bad.");
  });

  it("keeps the cause", () => {
    const cause = new Error("low level");

    expect(new DataError("missing_file", "cannot read", { cause }).cause).toBe(cause);
  });
});
