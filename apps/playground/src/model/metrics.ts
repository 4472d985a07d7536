import type { TaskKind } from "../data/dataset.js";

/** Loss and metric of predictions on a set of rows. */
export interface Scores {
  loss: number;
  /** Accuracy for classification, mean absolute error for regression. */
  metric: number;
}

const EPSILON = 1e-7;

/**
 * Scores predictions the way the model's loss does, without regularisation,
 * so train and test numbers compare directly:
 * - classification: cross-entropy of the softmax rows and accuracy of the argmax;
 * - regression: mean squared error and mean absolute error.
 *
 * @param predictions `[rows, outputs]` row-major
 * @param targets class index or target value per row
 */
export function score(
  task: TaskKind,
  predictions: Float32Array,
  targets: ArrayLike<number>,
): Scores {
  const rows = targets.length;
  if (rows === 0) {
    return { loss: Number.NaN, metric: Number.NaN };
  }
  const outputs = predictions.length / rows;
  if (!Number.isInteger(outputs) || outputs < 1) {
    throw new RangeError(
      `score: ${predictions.length} predictions do not split into ${rows} rows.`,
    );
  }
  let loss = 0;
  let metric = 0;
  for (let i = 0; i < rows; i++) {
    const target = targets[i]!;
    if (task === "regression") {
      const error = predictions[i]! - target;
      loss += error * error;
      metric += Math.abs(error);
    } else {
      const row = predictions.subarray(i * outputs, (i + 1) * outputs);
      loss -= Math.log(clampProbability(row[target]!));
      metric += argmax(row) === target ? 1 : 0;
    }
  }
  return { loss: loss / rows, metric: metric / rows };
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! > values[best]!) {
      best = i;
    }
  }
  return best;
}

function clampProbability(p: number): number {
  return Math.min(1 - EPSILON, Math.max(EPSILON, p));
}
