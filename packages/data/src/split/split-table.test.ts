import { describe, expect, it } from "vitest";
import { catchDataError } from "../../test/catch-error.js";
import { getRow } from "../matrix.js";
import { loadTable } from "../table/load-table.js";
import { splitTable } from "./split-table.js";

/** 60 rows: x = row number, three classes of 30, 20 and 10 rows. */
function table() {
  const lines = ["x,y,label"];
  for (let i = 0; i < 60; i++) {
    lines.push(`${i},${i * 2},${i < 30 ? "a" : i < 50 ? "b" : "c"}`);
  }
  return loadTable(lines.join("\n"), { target: "label", oneHot: true });
}

describe("splitTable", () => {
  it("splits rows three ways with stratified class counts", () => {
    const { train, validation, test } = splitTable(table(), {
      test: 0.2,
      validation: 0.1,
      seed: 5,
    });
    const counts = (labels: Int32Array) =>
      [0, 1, 2].map((c) => labels.filter((l) => l === c).length);

    expect([train.features.rows, validation!.features.rows, test.features.rows]).toEqual([
      42, 6, 12,
    ]);
    expect(test.target.kind === "classification" && counts(test.target.labels)).toEqual([6, 4, 2]);
    expect(
      validation!.target.kind === "classification" && counts(validation!.target.labels),
    ).toEqual([3, 2, 1]);
  });

  it("keeps features, labels and one-hot rows of a row together", () => {
    const whole = table();
    const split = splitTable(whole, { test: 0.25, seed: 2 });

    split.indices.test.forEach((original, k) => {
      expect(Array.from(getRow(split.test.features, k))).toEqual(
        Array.from(getRow(whole.features, original)),
      );
      const target = split.test.target;
      if (target.kind === "classification" && whole.target.kind === "classification") {
        expect(target.labels[k]).toBe(whole.target.labels[original]);
        expect(Array.from(getRow(target.oneHot!, k))).toEqual(
          Array.from(getRow(whole.target.oneHot!, original)),
        );
      }
    });
  });

  it("uses every row once and repeats for the same seed", () => {
    const a = splitTable(table(), { test: 0.3, seed: 11 });
    const b = splitTable(table(), { test: 0.3, seed: 11 });
    const all = [...a.indices.train, ...a.indices.test].sort((x, y) => x - y);

    expect(all).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(b.indices).toEqual(a.indices);
    expect(a.validation).toBeUndefined();
  });

  it("does not stratify regression targets and refuses stratify: true for them", () => {
    const regression = loadTable("x,y\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n", { target: "y" });

    expect(splitTable(regression, { test: 0.5, seed: 0 }).test.features.rows).toBe(2);
    const error = catchDataError(() =>
      splitTable(regression, { test: 0.5, seed: 0, stratify: true }),
    );
    expect(error.code).toBe("invalid_option");
    expect(error.message).toMatchInlineSnapshot(
      `"stratify: true needs a classification target, but "y" is a regression target. Pass stratify: false, or an array of group labels to stratify by."`,
    );
  });

  it("rejects fractions that leave nothing for training", () => {
    const error = catchDataError(() =>
      splitTable(table(), { test: 0.6, validation: 0.4, seed: 0 }),
    );

    expect(error.code).toBe("invalid_option");
    expect(error.message).toMatchInlineSnapshot(
      `"test + validation must be below 1, found 1. Leave some rows for training."`,
    );
  });
});
