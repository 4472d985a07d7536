import { DataError } from "../errors.js";
import { takeRows, takeValues } from "../matrix.js";
import type { Table, TargetInfo } from "../table/load-table.js";
import { partitionIndices } from "./split.js";

/** Options of {@link splitTable}. */
export interface SplitTableOptions {
  /** Share of rows in the test set, in `(0, 1)`. */
  test: number;
  /** Share of all rows in the validation set; none when left out. */
  validation?: number | undefined;
  /** Seed of the shuffle. */
  seed: number;
  /**
   * `true` (the default for classification targets) stratifies by the target's
   * labels; `false` does not; an array gives the labels to stratify by. Regression
   * targets are never stratified unless an array is given.
   */
  stratify?: boolean | ArrayLike<number> | undefined;
}

/** A table split into train, test and (optionally) validation parts. */
export interface TableSplit {
  readonly train: Table;
  readonly test: Table;
  readonly validation: Table | undefined;
  /** Which rows of the input each part holds, in the parts' row order. */
  readonly indices: {
    readonly train: Int32Array;
    readonly test: Int32Array;
    readonly validation: Int32Array | undefined;
  };
}

/**
 * Splits a table's rows into train / validation / test tables by seeded shuffle.
 * Part sizes are the fractions of all rows, rounded so they add up; with
 * stratification each class's share in each part is within one row of exact.
 *
 * @throws {DataError} `invalid_option` for fractions outside `(0, 1)`, fractions
 *   that leave no training rows, a part that would be empty, or stratifying a
 *   regression target with `true`.
 * @example
 * ```ts
 * const table = loadTable("x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n", { target: "y" });
 * const { train, test } = splitTable(table, { test: 0.4, seed: 1 });
 * [train.features.rows, test.features.rows]; // [3, 2]
 * ```
 */
export function splitTable(table: Table, options: SplitTableOptions): TableSplit {
  const hasValidation = options.validation !== undefined;
  const fractions = hasValidation ? [options.test, options.validation!] : [options.test];
  const names = hasValidation ? ["test", "validation"] : ["test"];
  const parts = partitionIndices(table.features.rows, {
    fractions,
    names,
    seed: options.seed,
    stratify: stratifyLabels(table.target, options.stratify),
  });

  const test = parts[0]!;
  const validation = hasValidation ? parts[1]! : undefined;
  const train = parts[parts.length - 1]!;
  return {
    train: subset(table, train),
    test: subset(table, test),
    validation: validation === undefined ? undefined : subset(table, validation),
    indices: { train, test, validation },
  };
}

/**
 * The rows of `table` at `indices`, in that order, as a new table (features and
 * target copied together).
 *
 * @throws {DataError} `invalid_option` for an index outside the table.
 */
export function subset(table: Table, indices: ArrayLike<number>): Table {
  return {
    source: table.source,
    features: takeRows(table.features, indices),
    featureNames: table.featureNames,
    target: subsetTarget(table.target, indices),
  };
}

function subsetTarget(target: TargetInfo, indices: ArrayLike<number>): TargetInfo {
  if (target.kind === "regression") {
    return { ...target, values: takeValues(target.values, indices) };
  }
  return {
    ...target,
    labels: takeValues(target.labels, indices),
    oneHot: target.oneHot === undefined ? undefined : takeRows(target.oneHot, indices),
  };
}

function stratifyLabels(
  target: TargetInfo,
  stratify: SplitTableOptions["stratify"],
): ArrayLike<number> | undefined {
  if (stratify === false) {
    return undefined;
  }
  if (stratify !== undefined && stratify !== true) {
    return stratify;
  }
  if (target.kind === "classification") {
    return target.labels;
  }
  if (stratify === true) {
    throw new DataError(
      "invalid_option",
      `stratify: true needs a classification target, but "${target.name}" is a regression target`,
      { hint: "Pass stratify: false, or an array of group labels to stratify by." },
    );
  }
  return undefined;
}
