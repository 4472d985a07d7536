import { DataError } from "../errors.js";
import type { Matrix } from "../matrix.js";

/** Saved state of a {@link standardScaler}. */
export interface StandardScalerJSON {
  readonly kind: "standard";
  readonly version: 1;
  readonly mean: readonly number[];
  /** Population standard deviation per column; 1 for constant columns. */
  readonly scale: readonly number[];
}

/** Saved state of a {@link minMaxScaler}. */
export interface MinMaxScalerJSON {
  readonly kind: "min-max";
  readonly version: 1;
  readonly min: readonly number[];
  /** `max - min` per column; 1 for constant columns. */
  readonly scale: readonly number[];
  readonly range: readonly [number, number];
}

/** Saved state of any scaler, as stored with a model. */
export type ScalerJSON = StandardScalerJSON | MinMaxScalerJSON;

/**
 * A per-column affine transform learnt from training data: `(x - offset) / scale`,
 * then mapped into a target range for min-max scaling.
 */
export interface Scaler {
  readonly kind: ScalerJSON["kind"];
  /** True once `fit` or `fromJSON` has set the statistics. */
  readonly fitted: boolean;
  /** Learns per-column statistics (in double precision). */
  fit(matrix: Matrix): this;
  /**
   * Scales a copy of `matrix` with the learnt statistics.
   *
   * @throws {DataError} `not_fitted`, or `shape_mismatch` when the column count differs.
   */
  transform(matrix: Matrix): Matrix;
  /** `fit(matrix)` then `transform(matrix)`. */
  fitTransform(matrix: Matrix): Matrix;
  /** Undoes `transform`. @throws {DataError} like `transform`. */
  inverseTransform(matrix: Matrix): Matrix;
  /** The statistics as plain JSON. @throws {DataError} `not_fitted`. */
  toJSON(): ScalerJSON;
  /** Restores statistics saved by `toJSON`. @throws {DataError} `invalid_json`. */
  fromJSON(json: ScalerJSON): this;
}

/**
 * Standardises each column to mean 0 and (population) standard deviation 1. A
 * constant column gets scale 1, so it becomes all zeros instead of dividing by zero.
 *
 * @example
 * ```ts
 * const scaler = standardScaler().fit(matrixFromRows([[1], [3]]));
 * scaler.transform(matrixFromRows([[2]])).data; // [0]
 * ```
 */
export function standardScaler(): Scaler {
  return affineScaler("standard", (columns) => {
    const mean = columns.map((values) => values.sum / values.count);
    const scale = columns.map((values, j) => {
      const variance = values.squaredDeviations / values.count;
      return nonZero(Math.sqrt(variance), Math.abs(mean[j]!));
    });
    return { offset: mean, scale, low: 0, span: 1 };
  });
}

/**
 * Maps each column linearly onto `range` (default `[0, 1]`) using its training
 * minimum and maximum. A constant column maps to `range[0]`.
 *
 * @throws {DataError} `invalid_option` when `range` is not increasing.
 * @example
 * ```ts
 * const scaler = minMaxScaler().fit(matrixFromRows([[0], [10]]));
 * scaler.transform(matrixFromRows([[5]])).data; // [0.5]
 * ```
 */
export function minMaxScaler(range: readonly [number, number] = [0, 1]): Scaler {
  const [low, high] = range;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new DataError(
      "invalid_option",
      `range must be [low, high] with low < high, found [${low}, ${high}]`,
    );
  }
  return affineScaler("min-max", (columns) => {
    const offset = columns.map((values) => values.min);
    const scale = columns.map((values) =>
      nonZero(values.max - values.min, Math.max(Math.abs(values.min), Math.abs(values.max))),
    );
    return { offset, scale, low, span: high - low };
  });
}

/**
 * Rebuilds a fitted scaler of the right kind from saved JSON.
 *
 * @throws {DataError} `invalid_json` when `json` is not a saved scaler.
 * @example
 * ```ts
 * const saved = standardScaler().fit(matrixFromRows([[1], [3]])).toJSON();
 * scalerFromJSON(saved).transform(matrixFromRows([[3]])).data; // [1]
 * ```
 */
export function scalerFromJSON(json: ScalerJSON): Scaler {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === "standard") {
    return standardScaler().fromJSON(json);
  }
  if (kind === "min-max") {
    const range = (json as MinMaxScalerJSON).range;
    return minMaxScaler(Array.isArray(range) ? range : [0, 1]).fromJSON(json);
  }
  throw invalidJson(`expected kind "standard" or "min-max", found ${JSON.stringify(kind)}`);
}

interface ColumnStats {
  count: number;
  sum: number;
  squaredDeviations: number;
  min: number;
  max: number;
}

interface Affine {
  offset: number[];
  scale: number[];
  low: number;
  span: number;
}

function affineScaler(kind: ScalerJSON["kind"], learn: (columns: ColumnStats[]) => Affine): Scaler {
  let state: Affine | undefined;

  const fitted = (op: string): Affine => {
    if (state === undefined) {
      throw new DataError("not_fitted", `${op} was called on a ${kind} scaler that is not fitted`, {
        hint: "Call fit(trainFeatures) first, or restore saved statistics with fromJSON.",
      });
    }
    return state;
  };

  const check = (matrix: Matrix, op: string): Affine => {
    const current = fitted(op);
    if (matrix.cols !== current.offset.length) {
      throw new DataError(
        "shape_mismatch",
        `${op}: the scaler was fitted on ${current.offset.length} columns, found a matrix of ` +
          `[${matrix.rows}, ${matrix.cols}]`,
        { hint: "Transform matrices with the same feature columns the scaler was fitted on." },
      );
    }
    return current;
  };

  const map = (matrix: Matrix, op: string, forward: boolean): Matrix => {
    const { offset, scale, low, span } = check(matrix, op);
    const { rows, cols } = matrix;
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j;
        const x = matrix.data[k]!;
        out[k] = forward
          ? ((x - offset[j]!) / scale[j]!) * span + low
          : ((x - low) / span) * scale[j]! + offset[j]!;
      }
    }
    return { data: out, rows, cols };
  };

  const scaler: Scaler = {
    kind,
    get fitted() {
      return state !== undefined;
    },
    fit(matrix) {
      if (matrix.rows === 0) {
        throw new DataError(
          "shape_mismatch",
          `cannot fit a ${kind} scaler on a matrix with 0 rows`,
        );
      }
      state = learn(columnStats(matrix));
      return scaler;
    },
    transform: (matrix) => map(matrix, "transform", true),
    inverseTransform: (matrix) => map(matrix, "inverseTransform", false),
    fitTransform(matrix) {
      return scaler.fit(matrix).transform(matrix);
    },
    toJSON() {
      const { offset, scale, low, span } = fitted("toJSON");
      return kind === "standard"
        ? { kind, version: 1, mean: [...offset], scale: [...scale] }
        : { kind, version: 1, min: [...offset], scale: [...scale], range: [low, low + span] };
    },
    fromJSON(json) {
      state = readJson(kind, json);
      return scaler;
    },
  };
  return scaler;
}

function columnStats(matrix: Matrix): ColumnStats[] {
  const { rows, cols, data } = matrix;
  const stats = Array.from({ length: cols }, () => ({
    count: rows,
    sum: 0,
    squaredDeviations: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  }));
  // Two passes: the mean first, then squares of deviations, which keeps the variance
  // accurate for columns whose mean is large relative to their spread.
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = data[i * cols + j]!;
      const s = stats[j]!;
      s.sum += x;
      s.min = Math.min(s.min, x);
      s.max = Math.max(s.max, x);
    }
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const s = stats[j]!;
      const d = data[i * cols + j]! - s.sum / rows;
      s.squaredDeviations += d * d;
    }
  }
  return stats;
}

/** `value`, unless it is zero or lost in rounding relative to `magnitude`; then 1. */
function nonZero(value: number, magnitude: number): number {
  return value > 1e-12 * Math.max(1, magnitude) ? value : 1;
}

function readJson(kind: ScalerJSON["kind"], json: ScalerJSON): Affine {
  const shape =
    kind === "standard"
      ? '{ kind: "standard", version: 1, mean: number[], scale: number[] }'
      : '{ kind: "min-max", version: 1, min: number[], scale: number[], range: [low, high] }';
  if (json?.kind !== kind || json.version !== 1) {
    throw invalidJson(`expected ${shape}, found kind ${JSON.stringify(json?.kind)}`);
  }
  const offset = json.kind === "standard" ? json.mean : json.min;
  const range = json.kind === "min-max" ? json.range : [0, 1];
  const numbers = (list: unknown) =>
    Array.isArray(list) && list.every((x) => typeof x === "number" && Number.isFinite(x));
  const valid =
    numbers(offset) &&
    numbers(json.scale) &&
    numbers(range) &&
    range.length === 2 &&
    offset.length === json.scale.length &&
    json.scale.every((s) => s > 0) &&
    range[0]! < range[1]!;
  if (!valid) {
    throw invalidJson(`expected ${shape} with finite values, positive scales and equal lengths`);
  }
  return {
    offset: [...offset],
    scale: [...json.scale],
    low: range[0]!,
    span: range[1]! - range[0]!,
  };
}

function invalidJson(detail: string): DataError {
  return new DataError("invalid_json", detail, { hint: "Pass the object that toJSON() returned." });
}
