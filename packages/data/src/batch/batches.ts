import { DataError } from "../errors.js";
import { type Matrix, sliceRows } from "../matrix.js";

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Skip a last batch smaller than `batchSize`. Default false. */
  dropRemainder?: boolean;
}

/**
 * Consecutive row blocks of `matrix`, `batchSize` rows each (the last may be
 * smaller). Each batch is a view, not a copy; shuffle first with `takeRows` when
 * the order matters.
 *
 * @throws {DataError} `invalid_option` when `batchSize` is not a positive integer.
 * @example
 * ```ts
 * const m = matrixFromRows([[1], [2], [3]]);
 * [...batches(m, 2)].map((b) => b.rows); // [2, 1]
 * ```
 */
export function batches(
  matrix: Matrix,
  batchSize: number,
  options: BatchOptions = {},
): Generator<Matrix, void, undefined> {
  checkBatchSize(batchSize);
  return generate(matrix, batchSize, options);
}

function* generate(
  matrix: Matrix,
  batchSize: number,
  options: BatchOptions,
): Generator<Matrix, void, undefined> {
  for (let start = 0; start < matrix.rows; start += batchSize) {
    const end = Math.min(start + batchSize, matrix.rows);
    if (end - start < batchSize && options.dropRemainder) {
      return;
    }
    yield sliceRows(matrix, start, end);
  }
}

/** @throws {DataError} `invalid_option` unless `batchSize` is a positive integer. */
export function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DataError(
      "invalid_option",
      `batchSize must be a positive integer, found ${batchSize}`,
      {
        hint: "Pass a batch size such as 32.",
      },
    );
  }
}
