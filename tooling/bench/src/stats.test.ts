import { describe, expect, it } from "vitest";
import { summarize } from "./stats.js";

describe("summarize", () => {
  it("takes the middle value of an odd count as the median", () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, count: 3 });
  });

  it("averages the two middle values of an even count", () => {
    expect(summarize([4, 1, 2, 10])).toEqual({ median: 3, min: 1, max: 10, count: 4 });
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("refuses an empty list", () => {
    expect(() => summarize([])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: summarize: expected at least one value, got none.]`,
    );
  });
});
