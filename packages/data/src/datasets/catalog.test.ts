import { describe, expect, it } from "vitest";
import { catchDataError } from "../../test/catch-error.js";
import { datasetInfo, listDatasets } from "./catalog.js";

describe("listDatasets", () => {
  it("lists the five bundled datasets with size, task and provenance", () => {
    const summary = listDatasets().map((d) => [
      d.name,
      d.rows,
      d.features,
      d.task,
      d.classes?.length,
    ]);

    expect(summary).toEqual([
      ["iris", 150, 4, "classification", 3],
      ["wine", 178, 13, "classification", 3],
      ["breast_cancer", 569, 30, "classification", 2],
      ["digits", 1797, 64, "classification", 10],
      ["diabetes", 442, 10, "regression", undefined],
    ]);
    expect(listDatasets().every((d) => d.citation.length > 0 && d.license.length > 0)).toBe(true);
  });

  it("returns a copy, so callers cannot change the catalogue", () => {
    listDatasets().pop();

    expect(listDatasets()).toHaveLength(5);
  });
});

describe("datasetInfo", () => {
  it("finds a dataset by name", () => {
    expect(datasetInfo("wine").target).toBe("cultivar");
  });

  it("lists the names and the closest one for an unknown name", () => {
    const error = catchDataError(() => datasetInfo("digit"));

    expect(error.code).toBe("unknown_dataset");
    expect(error.hint).toBe('Pass one of those names. Did you mean "digits"?');
  });
});
