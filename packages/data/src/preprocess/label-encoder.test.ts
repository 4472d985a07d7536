import { describe, expect, it } from "vitest";
import { catchDataError, where } from "../../test/catch-error.js";
import { labelEncoder, oneHot } from "./label-encoder.js";

describe("labelEncoder", () => {
  it("sorts classes and encodes and decodes values", () => {
    const encoder = labelEncoder().fit(["dog", "cat", "emu", "cat"]);

    expect(encoder.classes).toEqual(["cat", "dog", "emu"]);
    expect(Array.from(encoder.encode(["emu", "cat"]))).toEqual([2, 0]);
    expect(encoder.decode([1, 2])).toEqual(["dog", "emu"]);
  });

  it("sorts numeric classes by value and treats 1 and '1' alike", () => {
    const encoder = labelEncoder().fit([10, 9, "2", 10]);

    expect(encoder.classes).toEqual(["2", "9", "10"]);
    expect(Array.from(encoder.encode([2, "10"]))).toEqual([0, 2]);
  });

  it("keeps classes given up front in their order", () => {
    const encoder = labelEncoder(["low", "mid", "high"]);

    expect(Array.from(encoder.encode(["high", "low"]))).toEqual([2, 0]);
  });

  it("names the unseen value, the known classes and the closest one", () => {
    const encoder = labelEncoder().fit(["setosa", "versicolor", "virginica"]);
    const error = catchDataError(() =>
      encoder.encode(["setosa", "versicolour"], { source: "new.csv", column: "species" }),
    );

    expect(where(error)).toEqual({
      code: "unknown_class",
      source: "new.csv",
      line: undefined,
      row: 2,
      column: "species",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"new.csv: row 2: column "species": found class "versicolour", which was not seen when the encoder was fitted; the known classes are "setosa", "versicolor", "virginica". Fit on data that contains every class, or drop rows of unknown classes. Did you mean "versicolor"?"`,
    );
  });

  it("refuses to encode before it knows any class", () => {
    expect(catchDataError(() => labelEncoder().encode(["a"])).code).toBe("not_fitted");
  });

  it("rejects labels outside the classes when decoding", () => {
    expect(catchDataError(() => labelEncoder(["a"]).decode([1])).code).toBe("invalid_option");
  });

  it("round-trips through JSON", () => {
    const saved = JSON.parse(JSON.stringify(labelEncoder().fit(["b", "a"]).toJSON()));
    const restored = labelEncoder().fromJSON(saved);

    expect(restored.classes).toEqual(["a", "b"]);
    expect(catchDataError(() => labelEncoder().fromJSON({} as never)).code).toBe("invalid_json");
  });

  it("rejects a class listed twice", () => {
    expect(catchDataError(() => labelEncoder(["a", "a"])).code).toBe("invalid_option");
  });
});

describe("oneHot", () => {
  it("puts a single 1 per row at the label's column", () => {
    const m = oneHot(new Int32Array([2, 0]), 3);

    expect(m).toMatchObject({ rows: 2, cols: 3 });
    expect(Array.from(m.data)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it("rejects a label outside the class count", () => {
    expect(catchDataError(() => oneHot([3], 3)).code).toBe("invalid_option");
  });
});
