import { describe, expect, it } from "vitest";
import { catchDataError } from "../../test/catch-error.js";
import { matrixFromRows, matrixToRows } from "../matrix.js";
import { batches } from "./batches.js";

describe("batches", () => {
  const m = matrixFromRows([
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 4],
    [5, 5],
  ]);

  it("yields consecutive row blocks with a smaller last one", () => {
    expect([...batches(m, 2)].map(matrixToRows)).toEqual([
      [
        [1, 1],
        [2, 2],
      ],
      [
        [3, 3],
        [4, 4],
      ],
      [[5, 5]],
    ]);
  });

  it("drops the short last batch on request", () => {
    expect([...batches(m, 2, { dropRemainder: true })].map((b) => b.rows)).toEqual([2, 2]);
  });

  it("yields views that share the matrix's buffer", () => {
    const [first] = batches(m, 2);

    expect(first!.data.buffer).toBe(m.data.buffer);
  });

  it("rejects a batch size that is not a positive integer, before iterating", () => {
    const error = catchDataError(() => batches(m, 0));

    expect(error.code).toBe("invalid_option");
    expect(error.message).toMatchInlineSnapshot(
      `"batchSize must be a positive integer, found 0. Pass a batch size such as 32."`,
    );
  });
});
