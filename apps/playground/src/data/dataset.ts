import { trainTestSplit } from "@myelin/data";

/** What the output layer predicts. */
export type TaskKind = "classification" | "regression";

/**
 * A dataset ready for the worker: scaled features, an encoded target and a
 * train/test split. Plain typed arrays, so it transfers to the worker as is.
 */
export interface Dataset {
  /** Shown in the page, e.g. "spiral" or "my-file.csv". */
  name: string;
  task: TaskKind;
  rows: number;
  featureNames: string[];
  /** Name of the predicted column, as a CSV of this data would head it. */
  targetName: string;
  /** `[rows, featureNames.length]`, row-major, already scaled. */
  x: Float32Array;
  /** Class index per row (classification) or the scaled target (regression). */
  y: Float32Array;
  /** Class names in label order; empty for regression. */
  classes: string[];
  /** Row indices of the training part. */
  train: Int32Array;
  /** Row indices of the test part. */
  test: Int32Array;
  /** The plotted square of a 2-D set: the boundary grid covers it. */
  extent?: number;
  /** How features were scaled, in words (shown under the data panel). */
  scaling: string;
  /** Scaler statistics saved with an exported model, so the CLI scales inputs the same way. */
  scaler?: ScalerStats;
  /** How a regression target was standardised, so predictions can be turned back. */
  targetScaler?: StandardStats;
}

/** Scaler statistics as `@myelin/data` writes them (`scaler.toJSON()`). */
export type ScalerStats =
  | StandardStats
  | { kind: "min-max"; version: 1; min: number[]; scale: number[]; range: [number, number] };

/** The inputs of a generated or loaded set, before the split. */
export interface RawDataset {
  name: string;
  task: TaskKind;
  featureNames: string[];
  targetName: string;
  x: Float32Array;
  y: Float32Array;
  classes: string[];
  extent?: number;
  scaling: string;
  /** Standardise each feature (and a regression target) with the training rows' statistics. */
  standardize?: boolean;
  /** Statistics of a fixed scaling already applied (the digits' division by 16). */
  scaler?: ScalerStats;
}

/**
 * Splits a set into train and test rows (stratified for classification, so
 * small sets keep every class on both sides), then standardises it when the
 * raw set asks for it. Statistics come from the training rows only, so the
 * test rows stay unseen.
 */
export function splitDataset(raw: RawDataset, trainShare: number, seed: number): Dataset {
  const rows = raw.y.length;
  const stratify = raw.task === "regression" ? undefined : raw.y;
  const { train, test } = trainTestSplit(rows, {
    testFraction: round(1 - trainShare),
    seed,
    stratify,
  });
  const { standardize, ...rest } = raw;
  if (!standardize) {
    return { ...rest, rows, train, test };
  }
  const scaled = standardizeColumns(raw.x, raw.featureNames.length, train);
  const dataset = { ...rest, x: scaled.values, scaler: scaled.stats, rows, train, test };
  if (raw.task !== "regression") {
    return dataset;
  }
  const target = standardizeColumns(raw.y, 1, train);
  return { ...dataset, y: target.values, targetScaler: target.stats };
}

/** Rounds away float noise such as 1 - 0.7 = 0.30000000000000004. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Per-column statistics of a standardisation, in `@myelin/data`'s scaler JSON form. */
export interface StandardStats {
  kind: "standard";
  version: 1;
  mean: number[];
  scale: number[];
}

/**
 * A copy of a row-major matrix with each column shifted and scaled to mean 0
 * and standard deviation 1 over `rows`. A constant column only gets shifted.
 */
export function standardizeColumns(
  data: Float32Array,
  cols: number,
  rows: ArrayLike<number>,
): { values: Float32Array; stats: StandardStats } {
  const sums = new Float64Array(cols);
  const squares = new Float64Array(cols);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < cols; j++) {
      const value = data[rows[i]! * cols + j]!;
      sums[j] = sums[j]! + value;
      squares[j] = squares[j]! + value * value;
    }
  }
  const mean = Array.from(sums, (sum) => sum / rows.length);
  const scale = mean.map((m, j) => {
    const variance = Math.max(0, squares[j]! / rows.length - m * m);
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  const values = new Float32Array(data.length);
  for (let k = 0; k < data.length; k++) {
    const j = k % cols;
    values[k] = (data[k]! - mean[j]!) / scale[j]!;
  }
  return { values, stats: { kind: "standard", version: 1, mean, scale } };
}

/** The values of `rows` of a row-major matrix with `cols` columns, in that order. */
export function gatherRows(
  data: Float32Array,
  cols: number,
  rows: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const start = rows[i]! * cols;
    out.set(data.subarray(start, start + cols), i * cols);
  }
  return out;
}

/** Number of outputs the model needs: one per class (two for two classes), or 1 for regression. */
export function outputUnits(data: Pick<Dataset, "task" | "classes">): number {
  return data.task === "classification" ? data.classes.length : 1;
}
