import { describe, expect, it } from "vitest";
import { catchDataError, where } from "../../test/catch-error.js";
import { parseCsv } from "../csv/parse-csv.js";
import { matrixToRows } from "../matrix.js";
import { chooseTask, loadTable } from "./load-table.js";

const FLOWERS = [
  "sepal_length,petal_length,species",
  "5.1,1.4,setosa",
  "7.0,4.7,versicolor",
  "6.3,6.0,virginica",
  "4.9,1.4,setosa",
].join("\n");

describe("loadTable", () => {
  it("splits features from a text target and encodes it with sorted classes", () => {
    const table = loadTable(FLOWERS, { target: "species", source: "flowers.csv" });

    expect(table.featureNames).toEqual(["sepal_length", "petal_length"]);
    expect(table.features.rows).toBe(4);
    expect(matrixToRows(table.features)[1]).toEqual([7, Math.fround(4.7)]);
    expect(table.target).toMatchObject({
      kind: "classification",
      name: "species",
      classes: ["setosa", "versicolor", "virginica"],
      oneHot: undefined,
    });
    expect(table.target.kind === "classification" && Array.from(table.target.labels)).toEqual([
      0, 1, 2, 0,
    ]);
  });

  it("builds one-hot rows on request", () => {
    const table = loadTable(FLOWERS, { target: "species", oneHot: true });

    expect(table.target.kind === "classification" && matrixToRows(table.target.oneHot!)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it("keeps a given class order and features order", () => {
    const table = loadTable(FLOWERS, {
      target: "species",
      classes: ["virginica", "versicolor", "setosa"],
      features: ["petal_length"],
    });

    expect(table.featureNames).toEqual(["petal_length"]);
    expect(table.target.kind === "classification" && Array.from(table.target.labels)).toEqual([
      2, 1, 0, 2,
    ]);
  });

  it("treats a float target as regression", () => {
    const table = loadTable("x,y\n1,0.5\n2,1.5\n", { target: "y" });

    expect(table.target.kind).toBe("regression");
    expect(table.target.kind === "regression" && Array.from(table.target.values)).toEqual([
      0.5, 1.5,
    ]);
  });

  it("turns integer targets into classes when asked, with numeric class order", () => {
    const table = loadTable("x,y\n1,10\n2,2\n3,10\n", { target: "y", task: "classification" });

    expect(table.target).toMatchObject({ kind: "classification", classes: ["2", "10"] });
    expect(table.target.kind === "classification" && Array.from(table.target.labels)).toEqual([
      1, 0, 1,
    ]);
  });

  it("accepts in-memory rows and a parsed table", () => {
    const rows = [
      { a: 1, b: "2", label: "x" },
      { a: 3, b: 4, label: "y" },
    ];
    const fromRows = loadTable(rows, { target: "label" });
    const fromTable = loadTable(parseCsv("a,b,label\n1,2,x\n3,4,y\n"), { target: "label" });

    expect(matrixToRows(fromRows.features)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(fromTable.features).toEqual(fromRows.features);
  });

  it("reports a missing cell of an in-memory row by row number", () => {
    const rows = [{ a: 1, label: "x" }, { label: "y" }];
    const error = catchDataError(() => loadTable(rows, { target: "label" }));

    expect(where(error)).toEqual({
      code: "empty_cell",
      source: "rows",
      line: undefined,
      row: 2,
      column: "a",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"rows: row 2: column "a": the cell is empty. Fill in the value or drop the row; missing values are not imputed."`,
    );
  });

  it("reports a missing target with the columns and the closest name", () => {
    const error = catchDataError(() =>
      loadTable(FLOWERS, { target: "specis", source: "flowers.csv" }),
    );

    expect(where(error)).toEqual({
      code: "missing_column",
      source: "flowers.csv",
      line: undefined,
      row: undefined,
      column: "specis",
    });
    expect(error.hint).toBe('Did you mean "species"?');
    expect(error.message).toMatchInlineSnapshot(
      `"flowers.csv: column "specis": no such column for the target option; the header has "sepal_length", "petal_length", "species". Did you mean "species"?"`,
    );
  });

  it("reports a missing target with no close name", () => {
    const error = catchDataError(() =>
      loadTable(FLOWERS, { target: "price", source: "flowers.csv" }),
    );

    expect(error.code).toBe("missing_column");
    expect(error.message).toMatchInlineSnapshot(
      `"flowers.csv: column "price": no such column for the target option; the header has "sepal_length", "petal_length", "species". Pass one of the columns that exist as target."`,
    );
  });

  it("reports a missing feature column", () => {
    const error = catchDataError(() =>
      loadTable(FLOWERS, { target: "species", features: ["petal_lenght"] }),
    );

    expect(error).toMatchObject({ code: "missing_column", column: "petal_lenght" });
    expect(error.hint).toBe('Did you mean "petal_length"?');
  });

  it("reports a text column used as a feature", () => {
    const text = "colour,size,label\nred,1,a\nblue,2,b\n";
    const error = catchDataError(() => loadTable(text, { target: "label", source: "c.csv" }));

    expect(where(error)).toMatchObject({
      code: "categorical_feature",
      source: "c.csv",
      column: "colour",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"c.csv: column "colour": features must be numeric, but this column holds text labels such as "red". List the numeric columns in the features option to leave it out, or encode it as numbers first."`,
    );
  });

  it("reports a text target used for regression", () => {
    const error = catchDataError(() =>
      loadTable(FLOWERS, { target: "species", task: "regression" }),
    );

    expect(error).toMatchObject({ code: "target_type", column: "species" });
    expect(error.message).toMatchInlineSnapshot(
      `"<input>: column "species": a regression target must be numeric, but this column holds text labels such as "setosa". Use task: "classification", or pick a numeric target."`,
    );
  });

  it("reports a fractional target used for classification at its row", () => {
    const text = "x,y\n1,1\n2,2.5\n";
    const error = catchDataError(() =>
      loadTable(text, { target: "y", task: "classification", source: "f.csv" }),
    );

    expect(where(error)).toEqual({
      code: "target_type",
      source: "f.csv",
      line: 3,
      row: 2,
      column: "y",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"f.csv:3: column "y": class labels must be integers or text, found 2.5. Use task: "regression" for a continuous target."`,
    );
  });

  it("reports a value outside the given classes", () => {
    const error = catchDataError(() =>
      loadTable(FLOWERS, {
        target: "species",
        classes: ["setosa", "virginica"],
        source: "flowers.csv",
      }),
    );

    expect(where(error)).toEqual({
      code: "unknown_class",
      source: "flowers.csv",
      line: 3,
      row: 2,
      column: "species",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"flowers.csv:3: column "species": found class "versicolor", which is not in the classes option; the known classes are "setosa", "virginica". Add it to the classes option, or drop those rows."`,
    );
  });

  it("rejects the target listed as a feature", () => {
    const error = catchDataError(() =>
      loadTable(FLOWERS, { target: "species", features: ["species"] }),
    );

    expect(error.code).toBe("invalid_option");
  });
});

describe("chooseTask", () => {
  const numeric = (values: number[]) => ({
    name: "y",
    kind: "numeric" as const,
    values: Float64Array.from(values),
    integer: values.every(Number.isInteger),
  });
  const repeat = (values: number[], times: number) =>
    Array.from({ length: times }, () => values).flat();

  it("calls text targets classification", () => {
    expect(chooseTask({ name: "y", kind: "categorical", values: ["a"] })).toBe("classification");
  });

  it("calls few integer values over many rows classification", () => {
    expect(chooseTask(numeric(repeat([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20)))).toBe("classification");
  });

  it("calls a binary integer target classification even in a small table", () => {
    expect(chooseTask(numeric([0, 1, 1, 0, 1]))).toBe("classification");
  });

  it("calls integers regression when distinct values exceed 5% of rows", () => {
    expect(chooseTask(numeric(repeat([1, 2, 3], 10)))).toBe("regression");
  });

  it("calls more than 20 distinct integers regression however many rows", () => {
    const many = repeat(
      Array.from({ length: 21 }, (_, i) => i),
      100,
    );
    expect(chooseTask(numeric(many))).toBe("regression");
  });

  it("calls fractional values regression", () => {
    expect(chooseTask(numeric(repeat([0.5, 1], 100)))).toBe("regression");
  });
});
