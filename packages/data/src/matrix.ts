import { DataError } from "./errors.js";

/**
 * A dense 2-D table of 32-bit floats in row-major order: element `(i, j)` sits at
 * `data[i * cols + j]`. This is the hand-off format to tensors: `data` can back a
 * `[rows, cols]` tensor without copying.
 */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * A zero-filled matrix.
 *
 * @throws {DataError} `invalid_option` when a size is negative or not an integer.
 * @example
 * ```ts
 * const m = createMatrix(2, 3); // 2 rows of 3 zeros
 * ```
 */
export function createMatrix(rows: number, cols: number): Matrix {
  checkSize("rows", rows);
  checkSize("cols", cols);
  return { data: new Float32Array(rows * cols), rows, cols };
}

/**
 * Wraps an existing row-major buffer as a matrix, without copying.
 *
 * @throws {DataError} `shape_mismatch` when `data.length` is not `rows * cols`.
 * @example
 * ```ts
 * const m = matrixFromData(new Float32Array([1, 2, 3, 4]), 2, 2);
 * ```
 */
export function matrixFromData(data: Float32Array, rows: number, cols: number): Matrix {
  checkSize("rows", rows);
  checkSize("cols", cols);
  if (data.length !== rows * cols) {
    throw new DataError(
      "shape_mismatch",
      `a [${rows}, ${cols}] matrix needs ${rows * cols} values, found ${data.length}`,
    );
  }
  return { data, rows, cols };
}

/**
 * Builds a matrix from nested arrays, one inner array per row.
 *
 * @throws {DataError} `shape_mismatch` when the rows differ in length.
 * @example
 * ```ts
 * const m = matrixFromRows([[1, 2], [3, 4]]); // rows 2, cols 2
 * ```
 */
export function matrixFromRows(values: readonly (readonly number[])[]): Matrix {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const data = new Float32Array(rows * cols);

  values.forEach((row, i) => {
    if (row.length !== cols) {
      throw new DataError(
        "shape_mismatch",
        `row ${i} has ${row.length} values but row 0 has ${cols}`,
        { hint: "Give every row the same number of values." },
      );
    }
    data.set(row, i * cols);
  });
  return { data, rows, cols };
}

/**
 * Copies a matrix out into nested arrays, one per row (for printing and tests).
 *
 * @example
 * ```ts
 * matrixToRows(matrixFromRows([[1, 2]])); // [[1, 2]]
 * ```
 */
export function matrixToRows(matrix: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) {
    out.push(Array.from(getRow(matrix, i)));
  }
  return out;
}

/**
 * A view of row `i` (no copy: writing to it writes to the matrix).
 *
 * @throws {DataError} `invalid_option` when `i` is outside `[0, rows)`.
 * @example
 * ```ts
 * getRow(matrixFromRows([[1, 2], [3, 4]]), 1); // Float32Array [3, 4]
 * ```
 */
export function getRow(matrix: Matrix, i: number): Float32Array {
  if (!Number.isInteger(i) || i < 0 || i >= matrix.rows) {
    throw new DataError("invalid_option", `row ${i} is outside [0, ${matrix.rows})`);
  }
  return matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols);
}

/**
 * A view of rows `[start, end)` as a matrix (no copy). Rows are contiguous in
 * row-major order, which is what makes batching free.
 *
 * @example
 * ```ts
 * sliceRows(matrixFromRows([[1], [2], [3]]), 1, 3).rows; // 2
 * ```
 */
export function sliceRows(matrix: Matrix, start: number, end: number): Matrix {
  const from = Math.max(0, Math.min(start, matrix.rows));
  const to = Math.max(from, Math.min(end, matrix.rows));
  const data = matrix.data.subarray(from * matrix.cols, to * matrix.cols);
  return { data, rows: to - from, cols: matrix.cols };
}

/**
 * Gathers the rows at `indices`, in that order, into a new matrix.
 *
 * @throws {DataError} `invalid_option` when an index is outside `[0, rows)`.
 * @example
 * ```ts
 * const m = matrixFromRows([[1], [2], [3]]);
 * matrixToRows(takeRows(m, [2, 0])); // [[3], [1]]
 * ```
 */
export function takeRows(matrix: Matrix, indices: ArrayLike<number>): Matrix {
  const { cols } = matrix;
  const out = new Float32Array(indices.length * cols);

  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    checkIndex(i, matrix.rows);
    out.set(matrix.data.subarray(i * cols, (i + 1) * cols), k * cols);
  }
  return { data: out, rows: indices.length, cols };
}

/**
 * Gathers `values[indices[k]]` into a new typed array of the same kind (for labels
 * and regression targets that travel with a matrix).
 *
 * @throws {DataError} `invalid_option` when an index is outside the array.
 * @example
 * ```ts
 * takeValues(new Int32Array([7, 8, 9]), [2, 0]); // Int32Array [9, 7]
 * ```
 */
export function takeValues<T extends Int32Array | Float32Array>(
  values: T,
  indices: ArrayLike<number>,
): T {
  const out = new (values.constructor as new (n: number) => T)(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    checkIndex(i, values.length);
    out[k] = values[i]!;
  }
  return out;
}

function checkIndex(i: number, length: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= length) {
    throw new DataError("invalid_option", `index ${i} is outside [0, ${length})`, {
      hint: "Indices must come from the same table as the rows.",
    });
  }
}

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new DataError("invalid_option", `${name} must be a non-negative integer, found ${value}`);
  }
}
