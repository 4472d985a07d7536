import { DataError } from "../errors.js";
import { type Rng, createRng } from "../random/rng.js";
import { apportion } from "./apportion.js";

/**
 * The indices `0..n-1` in a random order fixed by `seed` (Fisher-Yates).
 *
 * @throws {DataError} `invalid_option` for a bad `n` or seed.
 * @example
 * ```ts
 * shuffleIndices(5, 42); // the same permutation of 0..4 for seed 42, every time
 * ```
 */
export function shuffleIndices(n: number, seed: number): Int32Array {
  checkCount(n);
  const indices = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(indices, createRng(seed));
  return indices;
}

/** Shuffles `values` in place with `rng` (Fisher-Yates). */
export function shuffleInPlace(values: Int32Array, rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Share of rows in the test set, in `(0, 1)`. */
  testFraction: number;
  /** Seed of the shuffle; the same seed gives the same split. */
  seed: number;
  /**
   * A label per row. When given, each class is split on its own, so the test set's
   * class proportions match the whole set's to within one row per class.
   */
  stratify?: ArrayLike<number> | undefined;
}

/** Row indices of a two-way split, each in random order. */
export interface TrainTestIndices {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * Splits the row indices `0..n-1` into a train and a test set. The test set has
 * `n * testFraction` rows rounded to the nearest integer (halves up), and every row
 * lands in exactly one set.
 *
 * @throws {DataError} `invalid_option` when a set would be empty, the fraction is
 *   outside `(0, 1)`, or `stratify` has the wrong length.
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(150, { testFraction: 0.2, seed: 0 });
 * [train.length, test.length]; // [120, 30]
 * ```
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions): TrainTestIndices {
  const [test, train] = partitionIndices(n, {
    fractions: [options.testFraction],
    names: ["testFraction"],
    seed: options.seed,
    stratify: options.stratify,
  });
  return { train: train!, test: test! };
}

/**
 * Splits `0..n-1` into parts: one per entry of `fractions`, then the rest. Each part
 * is shuffled. With `stratify`, every class is apportioned across parts so each
 * class-by-part count is within one row of its exact share and each part's total
 * is `n * fraction` rounded.
 *
 * @throws {DataError} `invalid_option` as {@link trainTestSplit}.
 */
export function partitionIndices(
  n: number,
  options: {
    fractions: readonly number[];
    names: readonly string[];
    seed: number;
    stratify?: ArrayLike<number> | undefined;
  },
): Int32Array[] {
  checkCount(n);
  const { fractions, names } = options;
  fractions.forEach((f, j) => {
    if (!(f > 0 && f < 1)) {
      throw new DataError("invalid_option", `${names[j]} must be in (0, 1), found ${f}`, {
        hint: "Pass a share of the rows such as 0.2.",
      });
    }
  });
  const rest = 1 - fractions.reduce((a, b) => a + b, 0);
  if (!(rest > 0)) {
    throw new DataError(
      "invalid_option",
      `${names.join(" + ")} must be below 1, found ${1 - rest}`,
      {
        hint: "Leave some rows for training.",
      },
    );
  }

  const rng = createRng(options.seed);
  const groups = groupRows(n, options.stratify);
  const shares = [...fractions, rest];
  const counts = apportion(
    groups.map((g) => g.length),
    shares,
    rng,
  );
  checkNonEmpty(n, counts, fractions, names);

  const parts = shares.map((_, j) => new Int32Array(counts.reduce((t, row) => t + row[j]!, 0)));
  const filled = shares.map(() => 0);
  groups.forEach((group, c) => {
    shuffleInPlace(group, rng);
    let at = 0;
    counts[c]!.forEach((count, j) => {
      parts[j]!.set(group.subarray(at, at + count), filled[j]);
      filled[j]! += count;
      at += count;
    });
  });
  parts.forEach((part) => shuffleInPlace(part, rng));
  return parts;
}

function groupRows(n: number, stratify: ArrayLike<number> | undefined): Int32Array[] {
  if (stratify === undefined) {
    return [Int32Array.from({ length: n }, (_, i) => i)];
  }
  if (stratify.length !== n) {
    throw new DataError("invalid_option", `stratify has ${stratify.length} labels for ${n} rows`, {
      hint: "Pass one label per row, such as table.target.labels.",
    });
  }
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const label = stratify[i]!;
    const rows = byLabel.get(label) ?? [];
    rows.push(i);
    byLabel.set(label, rows);
  }
  // Sorting the labels makes the split independent of which class appears first.
  return [...byLabel.keys()]
    .sort((a, b) => a - b)
    .map((label) => Int32Array.from(byLabel.get(label)!));
}

function checkNonEmpty(
  n: number,
  counts: number[][],
  fractions: readonly number[],
  names: readonly string[],
): void {
  const parts = fractions.length + 1;
  const sizes = Array.from({ length: parts }, (_, j) => counts.reduce((t, row) => t + row[j]!, 0));
  sizes.forEach((size, j) => {
    if (size > 0) {
      return;
    }
    const detail =
      j < fractions.length
        ? `${names[j]} ${fractions[j]} of ${n} rows rounds to 0 rows`
        : `the fractions leave 0 of ${n} rows for training`;
    throw new DataError("invalid_option", detail, { hint: "Use a larger fraction or more rows." });
  });
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new DataError("invalid_option", `n must be a non-negative integer, found ${n}`);
  }
}
