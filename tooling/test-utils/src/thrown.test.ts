import { describe, expect, it } from "vitest";
import { caught, thrown } from "./index.js";

class CodedError extends Error {
  readonly code = "E_SHAPE";
}

describe("thrown", () => {
  it("returns the error the call throws, fields included", () => {
    const error = thrown(() => {
      throw new CodedError("bad shape");
    });
    expect(error).toBeInstanceOf(CodedError);
    expect(error.message).toBe("bad shape");
    expect(error.code).toBe("E_SHAPE");
  });

  it("throws when the call returns", () => {
    expect(() => thrown(() => 1)).toThrowErrorMatchingInlineSnapshot(
      `[Error: expected the call to throw, but it returned]`,
    );
  });
});

describe("caught", () => {
  it("returns the reason an async call rejects with", async () => {
    const error = await caught(async () => {
      throw new CodedError("later");
    });
    expect(error).toBeInstanceOf(CodedError);
    expect(error.code).toBe("E_SHAPE");
  });

  it("also returns what a call throws synchronously", async () => {
    const error = await caught(() => {
      throw new RangeError("now");
    });
    expect(error).toBeInstanceOf(RangeError);
  });

  it("rejects when the call resolves", async () => {
    await expect(caught(async () => 1)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: expected the call to throw, but it returned]`,
    );
  });
});
