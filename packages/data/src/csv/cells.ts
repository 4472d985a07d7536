import { DataError, quoteValue } from "../errors.js";

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const FLOAT32_MAX = 3.4028234663852886e38;

/** What a raw cell looks like, before any column type is decided. */
export type CellShape = "empty" | "number" | "non_finite" | "text";

/** Where a cell sits, for error messages. */
export interface CellPlace {
  source: string;
  line: number | undefined;
  row: number;
  column: string;
}

/** Classifies a trimmed cell by its spelling alone. */
export function cellShape(cell: string): CellShape {
  if (cell === "") {
    return "empty";
  }
  if (NUMBER.test(cell)) {
    return "number";
  }
  return NON_FINITE.test(cell) ? "non_finite" : "text";
}

/**
 * Reads a trimmed cell of a numeric column. Values must be finite and fit a 32-bit
 * float, since every matrix is `Float32Array`.
 *
 * @throws {DataError} `empty_cell`, `not_a_number` or `non_finite`.
 */
export function readNumber(cell: string, place: CellPlace): number {
  const shape = cellShape(cell);
  if (shape === "number") {
    const value = Number(cell);
    if (Math.abs(value) <= FLOAT32_MAX) {
      return value;
    }
    throw nonFinite(cell, place, "which is too large for a 32-bit float");
  }
  if (shape === "empty") {
    throw emptyCell(place);
  }
  if (shape === "non_finite") {
    throw nonFinite(cell, place, "which is not a finite number");
  }
  throw new DataError("not_a_number", `expected a number, found ${quoteValue(cell)}`, {
    ...place,
    hint:
      "Fix the cell, or pass " +
      `columnTypes: { ${JSON.stringify(place.column)}: "categorical" } if the column holds labels.`,
  });
}

/**
 * Reads a trimmed cell of a categorical column.
 *
 * @throws {DataError} `empty_cell` when the cell is blank.
 */
export function readCategory(cell: string, place: CellPlace): string {
  if (cell === "") {
    throw emptyCell(place);
  }
  return cell;
}

function emptyCell(place: CellPlace): DataError {
  return new DataError("empty_cell", "the cell is empty", {
    ...place,
    hint: "Fill in the value or drop the row; missing values are not imputed.",
  });
}

function nonFinite(cell: string, place: CellPlace, why: string): DataError {
  return new DataError("non_finite", `found ${quoteValue(cell)}, ${why}`, {
    ...place,
    hint: "Replace it with a finite value or drop the row.",
  });
}
