import { describe, expect, it } from "vitest";
import { catchDataError, where } from "../../test/catch-error.js";
import { parseCsv } from "./parse-csv.js";

const IRIS_HEAD = [
  "sepal_length,sepal_width,petal_length,petal_width,species",
  "5.1,3.5,1.4,0.2,setosa",
  "4.9,3.0,1.4,0.2,setosa",
  "4.7,3.2,1.3,0.2,setosa",
  "4.6,3.1,1.5,0.2,setosa",
  "5.0,3.6,1.4,0.2,setosa",
  "5.4,3.9,1.7,0.4,setosa",
  "4.6,3.4,1.4,0.3,setosa",
  "5.0,3.4,1.5,0.2,setosa",
  "4.4,2.9,1.4,0.2,setosa",
  "4.9,3.1,1.5,0.1,setosa",
];

/** The iris head with one more row (line 12) whose first cell is `cell`. */
function irisWith(cell: string): string {
  return [...IRIS_HEAD, `${cell},3.7,1.5,0.2,setosa`, ""].join("\n");
}

describe("parseCsv", () => {
  it("infers numeric and categorical columns and keeps values", () => {
    const table = parseCsv("x, y ,label\n1.5,-2e3,a\n2, 3 , b \n", { source: "t.csv" });

    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ["x", "numeric"],
      ["y", "numeric"],
      ["label", "categorical"],
    ]);
    expect(table.columns[0]!.values).toEqual(Float64Array.from([1.5, 2]));
    expect(table.columns[1]!.values).toEqual(Float64Array.from([-2000, 3]));
    expect(table.columns[2]!.values).toEqual(["a", "b"]);
    expect(table.rowCount).toBe(2);
  });

  it("marks a numeric column integer only when every value is whole", () => {
    const table = parseCsv("a,b\n1,1.5\n2,2\n");
    const [a, b] = table.columns;

    expect(a!.kind === "numeric" && a!.integer).toBe(true);
    expect(b!.kind === "numeric" && b!.integer).toBe(false);
  });

  it("records the physical line of each row across blank lines, CRLF and quoted newlines", () => {
    const text = '\uFEFFa,b\r\n1,"x"\r\n\r\n2,"two\r\nlines"\r\n3,z\r\n';
    const table = parseCsv(text);

    expect(Array.from(table.lines!)).toEqual([2, 4, 6]);
    expect(table.columns[0]!.name).toBe("a");
    expect(table.columns[1]!.values).toEqual(["x", "two\r\nlines", "z"]);
  });

  it("reads quoted delimiters, escaped quotes and a custom delimiter", () => {
    const table = parseCsv('name;note\n"a;b";"say ""hi"""\n', { delimiter: ";" });

    expect(table.columns[0]!.values).toEqual(["a;b"]);
    expect(table.columns[1]!.values).toEqual(['say "hi"']);
  });

  it("lets columnTypes force a numeric-looking column to be categorical", () => {
    const table = parseCsv("zip,v\n01234,1\n98765,2\n", { columnTypes: { zip: "categorical" } });

    expect(table.columns[0]).toMatchObject({ kind: "categorical", values: ["01234", "98765"] });
  });

  it("reports a non-numeric cell in a numeric column with file, line and column", () => {
    const error = catchDataError(() => parseCsv(irisWith("abc"), { source: "iris.csv" }));

    expect(where(error)).toEqual({
      code: "not_a_number",
      source: "iris.csv",
      line: 12,
      row: 11,
      column: "sepal_length",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"iris.csv:12: column "sepal_length": expected a number, found "abc". Fix the cell, or pass columnTypes: { "sepal_length": "categorical" } if the column holds labels."`,
    );
  });

  it("reports NaN and Infinity cells as non-finite", () => {
    const nan = catchDataError(() => parseCsv(irisWith("NaN"), { source: "iris.csv" }));
    const inf = catchDataError(() => parseCsv(irisWith("-Infinity"), { source: "iris.csv" }));

    expect(where(nan)).toEqual({
      code: "non_finite",
      source: "iris.csv",
      line: 12,
      row: 11,
      column: "sepal_length",
    });
    expect(inf.code).toBe("non_finite");
    expect(nan.message).toMatchInlineSnapshot(
      `"iris.csv:12: column "sepal_length": found "NaN", which is not a finite number. Replace it with a finite value or drop the row."`,
    );
    expect(inf.message).toMatchInlineSnapshot(
      `"iris.csv:12: column "sepal_length": found "-Infinity", which is not a finite number. Replace it with a finite value or drop the row."`,
    );
  });

  it("reports a number too large for a 32-bit float", () => {
    const error = catchDataError(() => parseCsv(irisWith("1e39"), { source: "iris.csv" }));

    expect(error.code).toBe("non_finite");
    expect(error.message).toMatchInlineSnapshot(
      `"iris.csv:12: column "sepal_length": found "1e39", which is too large for a 32-bit float. Replace it with a finite value or drop the row."`,
    );
  });

  it("reports an empty cell", () => {
    const text = "a,b,label\n1,2,x\n3,,y\n";
    const error = catchDataError(() => parseCsv(text, { source: "gaps.csv" }));

    expect(where(error)).toEqual({
      code: "empty_cell",
      source: "gaps.csv",
      line: 3,
      row: 2,
      column: "b",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"gaps.csv:3: column "b": the cell is empty. Fill in the value or drop the row; missing values are not imputed."`,
    );
  });

  it("reports an empty cell in a categorical column too", () => {
    const error = catchDataError(() => parseCsv("a,label\n1,x\n2, \n", { source: "g.csv" }));

    expect(where(error)).toEqual({
      code: "empty_cell",
      source: "g.csv",
      line: 3,
      row: 2,
      column: "label",
    });
  });

  it("reports ragged rows with the field counts", () => {
    const short = catchDataError(() => parseCsv("a,b,c\n1,2,3\n4,5\n", { source: "r.csv" }));
    const long = catchDataError(() => parseCsv("a,b\n1,2\n\n3,4,5\n", { source: "r.csv" }));

    expect(where(short)).toEqual({
      code: "ragged_row",
      source: "r.csv",
      line: 3,
      row: 2,
      column: undefined,
    });
    expect(short.message).toMatchInlineSnapshot(
      `"r.csv:3: found 2 fields, expected 3 from the header. Look for a missing or extra delimiter, or quote fields that contain one."`,
    );
    expect(where(long)).toMatchObject({ line: 4, row: 2 });
    expect(long.message).toMatchInlineSnapshot(
      `"r.csv:4: found 3 fields, expected 2 from the header. Look for a missing or extra delimiter, or quote fields that contain one."`,
    );
  });

  it("reports an empty file, including one of blank lines", () => {
    const empty = catchDataError(() => parseCsv("", { source: "empty.csv" }));
    const blank = catchDataError(() => parseCsv("\n\n  \n", { source: "blank.csv" }));

    expect(where(empty)).toEqual({
      code: "empty_file",
      source: "empty.csv",
      line: undefined,
      row: undefined,
      column: undefined,
    });
    expect(blank.code).toBe("empty_file");
    expect(empty.message).toMatchInlineSnapshot(
      `"empty.csv: there is no header row and no data. Check that the right file was read; a CSV needs a header row and data rows."`,
    );
  });

  it("reports a header-only file", () => {
    const error = catchDataError(() => parseCsv("a,b,label\n\n", { source: "head.csv" }));

    expect(where(error)).toEqual({
      code: "header_only",
      source: "head.csv",
      line: 1,
      row: undefined,
      column: undefined,
    });
    expect(error.message).toMatchInlineSnapshot(
      `"head.csv:1: the header is there but no data rows follow it. Add data rows below the header."`,
    );
  });

  it("reports blank and repeated column names", () => {
    const blank = catchDataError(() => parseCsv("a,,c\n1,2,3\n", { source: "h.csv" }));
    const twice = catchDataError(() => parseCsv("a,b,a\n1,2,3\n", { source: "h.csv" }));

    expect(blank).toMatchObject({ code: "empty_column_name", line: 1 });
    expect(twice).toMatchObject({ code: "duplicate_column", line: 1 });
    expect(blank.message).toMatchInlineSnapshot(
      `"h.csv:1: header field 2 is empty. Give every column a name in the first row."`,
    );
    expect(twice.message).toMatchInlineSnapshot(
      `"h.csv:1: the header names column "a" twice. Rename one of them so every column name is unique."`,
    );
  });

  it("reports an unterminated quote at the line where its row starts", () => {
    const error = catchDataError(() => parseCsv('a,b\n1,2\n3,"open\n4,5\n', { source: "q.csv" }));

    expect(where(error)).toMatchObject({ code: "malformed_csv", source: "q.csv", line: 3 });
    expect(error.message).toMatchInlineSnapshot(
      `"q.csv:3: a quoted field is never closed. Inside a quoted field, write a literal quote as two quotes ("")."`,
    );
  });

  it("names <input> when no source is given", () => {
    const error = catchDataError(() => parseCsv("a\n1\nx\n2\n"));

    expect(error.source).toBe("<input>");
    expect(error.message.startsWith("<input>:3:")).toBe(true);
  });

  it("rejects columnTypes naming a column that does not exist", () => {
    const error = catchDataError(() => parseCsv("a,b\n1,2\n", { columnTypes: { c: "numeric" } }));

    expect(error).toMatchObject({ code: "missing_column", column: "c" });
  });
});
