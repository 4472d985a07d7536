import { describe, expect, it } from "vitest";
import { loadBundled, loadCsv } from "./bundled.js";

describe("loadBundled", () => {
  it("reads iris as 150 rows of 4 features in 3 classes, to be standardised", async () => {
    const iris = await loadBundled("iris");
    expect(iris.y.length).toBe(150);
    expect(iris.featureNames).toHaveLength(4);
    expect(iris.classes).toEqual(["setosa", "versicolor", "virginica"]);
    expect(iris.task).toBe("classification");
    expect(iris.targetName).toBe("species");
    expect(iris.standardize).toBe(true);
  });

  it("reads digits as 1797 images of 64 pixels scaled into [0, 1]", async () => {
    const digits = await loadBundled("digits");
    expect(digits.y.length).toBe(1797);
    expect(digits.featureNames).toHaveLength(64);
    expect(digits.classes).toHaveLength(10);
    expect(Math.max(...digits.x)).toBe(1);
    expect(Math.min(...digits.x)).toBe(0);
    expect(digits.standardize).toBe(false);
  });
});

describe("loadCsv", () => {
  it("predicts the last column, as classes when it holds text", () => {
    const data = loadCsv("a,b,kind\n1,2,x\n3,4,y\n5,6,x\n", "t.csv");
    expect(data.task).toBe("classification");
    expect(data.targetName).toBe("kind");
    expect(data.classes).toEqual(["x", "y"]);
    expect([...data.y]).toEqual([0, 1, 0]);
    expect(data.featureNames).toEqual(["a", "b"]);
  });

  it("regresses on a numeric last column", () => {
    const data = loadCsv("a,price\n1,2.5\n2,3.5\n3,4.25\n4,1.5\n", "p.csv");
    expect(data.task).toBe("regression");
    expect([...data.y]).toEqual([2.5, 3.5, 4.25, 1.5]);
  });

  it("names the file, line and column of a bad cell", () => {
    expect(() => loadCsv("a,b\n1,2\nx,3\n1,4\n2,5\n", "bad.csv")).toThrow(/bad\.csv/);
  });

  it("refuses a single column", () => {
    expect(() => loadCsv("a\n1\n2\n", "one.csv")).toThrow(/at least two columns/);
  });
});
