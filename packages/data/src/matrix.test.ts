import { describe, expect, it } from "vitest";
import { catchDataError } from "../test/catch-error.js";
import {
  createMatrix,
  getRow,
  matrixFromData,
  matrixFromRows,
  matrixToRows,
  sliceRows,
  takeRows,
  takeValues,
} from "./matrix.js";

describe("matrix helpers", () => {
  const m = matrixFromRows([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);

  it("stores rows back to back (row-major)", () => {
    expect(m).toMatchObject({ rows: 3, cols: 2 });
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(matrixToRows(m)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it("creates zero matrices and wraps buffers without copying", () => {
    const data = new Float32Array(6);
    expect(createMatrix(2, 3).data).toEqual(new Float32Array(6));
    expect(matrixFromData(data, 2, 3).data).toBe(data);
  });

  it("gives row and row-range views that share the buffer", () => {
    getRow(m, 1)[0] = 30;
    const tail = sliceRows(m, 1, 10);

    expect(m.data[2]).toBe(30);
    expect(tail).toMatchObject({ rows: 2, cols: 2 });
    expect(tail.data.buffer).toBe(m.data.buffer);
    getRow(m, 1)[0] = 3;
  });

  it("gathers rows and values by index, in index order", () => {
    expect(matrixToRows(takeRows(m, [2, 0, 2]))).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(takeValues(new Int32Array([7, 8, 9]), [1, 1])).toEqual(new Int32Array([8, 8]));
    expect(takeValues(new Float32Array([0.5, 1.5]), [1])).toEqual(new Float32Array([1.5]));
  });

  it("rejects ragged rows, wrong buffer sizes and out-of-range indices", () => {
    const ragged = catchDataError(() => matrixFromRows([[1, 2], [3]]));
    const size = catchDataError(() => matrixFromData(new Float32Array(5), 2, 3));
    const index = catchDataError(() => takeRows(m, [3]));

    expect([ragged.code, size.code, index.code]).toEqual([
      "shape_mismatch",
      "shape_mismatch",
      "invalid_option",
    ]);
    expect(size.message).toMatchInlineSnapshot(`"a [2, 3] matrix needs 6 values, found 5."`);
    expect(index.message).toMatchInlineSnapshot(
      `"index 3 is outside [0, 3). Indices must come from the same table as the rows."`,
    );
  });
});
