import { describe, expect, it } from "vitest";
import { expectClose } from "./index.js";

describe("expectClose", () => {
  it("accepts values within atol + rtol * |expected|", () => {
    expect(() => expectClose([1.0000005, 100.00005], [1, 100])).not.toThrow();
    expect(() => expectClose([1.5], [1], 0.5, 0)).not.toThrow();
    expect(() => expectClose([110], [100], 0, 0.1)).not.toThrow();
  });

  it("names the first element out of tolerance with both tolerances", () => {
    expect(() => expectClose([1, 2.1, 9], [1, 2, 3], 0.01, 0)).toThrowErrorMatchingInlineSnapshot(
      `[Error: element 1 is 2.1, expected 2 (atol 0.01, rtol 0)]`,
    );
  });

  it("scales the relative tolerance by the expected value", () => {
    expect(() => expectClose([111], [100], 0, 0.1)).toThrow(/element 0 is 111/);
    expect(() => expectClose([1e-7], [0], 1e-8, 1)).toThrow(/element 0/);
  });

  it("prefixes the message with the label", () => {
    expect(() => expectClose([0], [1], 1e-6, 1e-6, "relu")).toThrowErrorMatchingInlineSnapshot(
      `[Error: relu: element 0 is 0, expected 1 (atol 0.000001, rtol 0.000001)]`,
    );
  });

  it("rejects lists of different lengths", () => {
    expect(() => expectClose([1, 2], [1], 1, 1, "y")).toThrowErrorMatchingInlineSnapshot(
      `[Error: y: 2 values, expected 1]`,
    );
  });

  it("lets two NaNs and two equal infinities agree", () => {
    expect(() => expectClose([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity])).not.toThrow();
  });

  it("rejects NaN against a number, and any other value against an infinity", () => {
    expect(() => expectClose([NaN], [0])).toThrow(/element 0 is NaN/);
    expect(() => expectClose([0], [NaN])).toThrow(/expected NaN/);
    expect(() => expectClose([-Infinity], [Infinity], 1, 1)).toThrow(/element 0/);
    expect(() => expectClose([1e300], [Infinity], 1, 1)).toThrow(/element 0/);
    expect(() => expectClose([Infinity], [1e300], 1, 1)).toThrow(/element 0/);
  });

  it("reads any array-like, typed arrays included", () => {
    expect(() => expectClose(new Float32Array([0.5]), new Float64Array([0.5]), 0, 0)).not.toThrow();
  });
});
