import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catchDataError, rejectDataError } from "../test/catch-error.js";
import { listDatasets } from "./datasets/catalog.js";
import { csvFileDataset, datasetPath, loadDataset, readCsvFile } from "./node.js";
import { loadTable } from "./table/load-table.js";

describe("loadDataset", () => {
  it.each(listDatasets().map((d) => [d.name, d] as const))(
    "loads %s with the catalogue's rows, features and classes",
    (name, info) => {
      const table = loadDataset(name);

      expect(table.features.rows).toBe(info.rows);
      expect(table.features.cols).toBe(info.features);
      expect(table.featureNames).toHaveLength(info.features);
      expect(table.target.name).toBe(info.target);
      expect(table.target.kind).toBe(info.task);
      expect(table.features.data.every(Number.isFinite)).toBe(true);
      if (table.target.kind === "classification") {
        expect(table.target.classes).toEqual(info.classes);
        expect(table.target.labels).toHaveLength(info.rows);
      }
    },
  );

  it("agrees with the files themselves: header width, row count, last column as target", () => {
    for (const info of listDatasets()) {
      const text = readFileSync(datasetPath(info.name), "utf8");
      const lines = text.trimEnd().split("\n");
      const header = lines[0]!.split(",");

      expect(lines.length - 1).toBe(info.rows);
      expect(header).toHaveLength(info.features + 1);
      expect(header.at(-1)).toBe(info.target);
    }
  });

  it("gets each catalogue task from the auto rule as well", () => {
    for (const info of listDatasets()) {
      const text = readFileSync(datasetPath(info.name), "utf8");
      const table = loadTable(text, { target: info.target, source: info.file });

      expect(table.target.kind).toBe(info.task);
    }
  });

  it("builds one-hot targets on request", () => {
    const iris = loadDataset("iris", { oneHot: true });

    expect(iris.target.kind === "classification" && iris.target.oneHot).toMatchObject({
      rows: 150,
      cols: 3,
    });
  });

  it("names the datasets and the closest one for an unknown name", () => {
    const error = catchDataError(() => loadDataset("breast-cancer"));

    expect(error.code).toBe("unknown_dataset");
    expect(error.message).toMatchInlineSnapshot(
      `"there is no bundled dataset named "breast-cancer"; the datasets are "iris", "wine", "breast_cancer", "digits", "diabetes". Pass one of those names. Did you mean "breast_cancer"?"`,
    );
  });
});

describe("readCsvFile", () => {
  it("parses a file and names it in errors", async () => {
    const dir = await mkdtemp(join(tmpdir(), "myelin-data-"));
    try {
      const path = join(dir, "bad.csv");
      await writeFile(path, "a,b\n1,2\n3,x\n4,5\n");
      const error = await rejectDataError(readCsvFile(path));

      expect(error).toMatchObject({
        code: "not_a_number",
        source: "bad.csv",
        line: 3,
        column: "b",
      });
      await writeFile(path, "a,b\n1,2\n");
      expect((await readCsvFile(path)).rowCount).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports a file that cannot be read", async () => {
    const error = await rejectDataError(readCsvFile("/nonexistent/iris.csv"));

    expect(error).toMatchObject({ code: "missing_file", source: "iris.csv" });
    expect(error.message).toMatchInlineSnapshot(
      `"iris.csv: cannot read /nonexistent/iris.csv (ENOENT: no such file or directory, open '/nonexistent/iris.csv'). Check the path and the file's permissions."`,
    );
  });
});

describe("csvFileDataset", () => {
  it("reports a missing file when iteration starts", async () => {
    const dataset = csvFileDataset("/nonexistent/big.csv", { target: "y", batchSize: 4 });
    const error = await rejectDataError(dataset.columns());

    expect(error).toMatchObject({ code: "missing_file", source: "big.csv" });
  });
});
