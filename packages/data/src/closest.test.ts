import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "./closest.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions, ignoring case", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("Species", "species")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("irsi", "iris")).toBe(1);
  });
});

describe("closestName", () => {
  const columns = ["sepal_length", "sepal_width", "petal_length", "species"];

  it("finds typos, swapped letters and prefixes", () => {
    expect(closestName("specis", columns)).toBe("species");
    expect(closestName("petal_lenght", columns)).toBe("petal_length");
    expect(closestName("SEPAL_WIDTH", columns)).toBe("sepal_width");
    expect(closestName("spec", columns)).toBe("species");
    expect(closestName("sepal_lenght", columns)).toBe("sepal_length");
  });

  it("suggests nothing when no name is plausibly meant", () => {
    expect(closestName("price", columns)).toBeUndefined();
    expect(closestName("z", ["x", "y"])).toBeUndefined();
  });
});
