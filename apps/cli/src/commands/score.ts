import type { Model, Tensor } from "../myelin.js";
import type { Encoded, Preprocessor } from "../data-prep.js";
import type { Logs, MetricUnits } from "../reporter.js";

/** The index of the largest value of each row. */
export function argmaxRows(data: Float32Array, rows: number, cols: number): Int32Array {
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 1; j < cols; j++) {
      if (data[i * cols + j]! > data[i * cols + best]!) {
        best = j;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/** Model outputs for encoded inputs, as a flat array. */
export function predictRows(model: Model, x: Encoded["x"]): Float32Array {
  const output = model.predict(x) as Tensor;
  return Float32Array.from(output.data() as ArrayLike<number>);
}

/**
 * Scores a model on encoded rows: the loss, plus accuracy for classes, or the
 * mean absolute and root-mean-square errors in target units for regression.
 * Metric names carry the part's name: `test_accuracy`, `test_mae`.
 */
export function scoreModel(
  model: Model,
  preprocessor: Preprocessor,
  part: Encoded,
  options: { prefix: string },
): Logs {
  const { prefix } = options;
  const evaluated = model.evaluate(part.x, part.y);
  const metrics: Logs = { [`${prefix}_loss`]: evaluated.loss! };
  const outputs = predictRows(model, part.x);

  if (preprocessor.task === "classification") {
    const predicted = argmaxRows(outputs, part.rows, preprocessor.outputs);
    const truth = part.labels!;
    const correct = predicted.reduce((n, label, i) => n + (label === truth[i] ? 1 : 0), 0);
    metrics[`${prefix}_accuracy`] = correct / part.rows;
    return metrics;
  }

  const predicted = preprocessor.unscaleTarget(outputs);
  const truth = part.values!;
  let absolute = 0;
  let squared = 0;
  for (let i = 0; i < part.rows; i++) {
    const error = predicted[i]! - truth[i]!;
    absolute += Math.abs(error);
    squared += error * error;
  }
  metrics[`${prefix}_mae`] = absolute / part.rows;
  metrics[`${prefix}_rmse`] = Math.sqrt(squared / part.rows);
  return metrics;
}

/**
 * The units of {@link scoreModel}'s metrics: for regression the loss is on the
 * standardised target the model is trained on, MAE and RMSE in target units.
 */
export function metricUnits(preprocessor: Preprocessor, prefix: string): MetricUnits {
  if (preprocessor.task === "classification") {
    return {};
  }
  const key = (name: string) => (prefix === "" ? name : `${prefix}_${name}`);
  return { [key("loss")]: "standardised", [key("mae")]: "target", [key("rmse")]: "target" };
}
