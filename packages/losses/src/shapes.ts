import {
  cast,
  formatShape,
  mean,
  reshape,
  ShapeError,
  shapesEqual,
  type Tensor,
} from "@myelin/tensor-core";

/** True when `longer` is `shorter` with one trailing axis of size 1 added. */
function hasExtraUnitAxis(longer: readonly number[], shorter: readonly number[]): boolean {
  return (
    longer.length === shorter.length + 1 &&
    longer[longer.length - 1] === 1 &&
    shapesEqual(longer.slice(0, -1), shorter)
  );
}

/**
 * Brings the target to the prediction's shape and dtype. The only mismatch
 * allowed is one trailing axis of size 1 on either side ([N] against
 * [N, 1]); anything else is an error, never a broadcast, because
 * broadcasting [N] against [N, 1] silently compares every target with every
 * prediction.
 *
 * @throws ShapeError naming both shapes.
 */
export function alignTarget(op: string, yTrue: Tensor, yPred: Tensor): Tensor {
  const target = yTrue.dtype === yPred.dtype ? yTrue : cast(yTrue, yPred.dtype);
  if (shapesEqual(target.shape, yPred.shape)) {
    return target;
  }
  if (hasExtraUnitAxis(target.shape, yPred.shape) || hasExtraUnitAxis(yPred.shape, target.shape)) {
    return reshape(target, yPred.shape);
  }
  const sameSize = yTrue.size === yPred.size;
  throw new ShapeError(
    op,
    { yTrue: yTrue.shape, yPred: yPred.shape },
    `yTrue is ${formatShape(yTrue.shape)} and yPred is ${formatShape(yPred.shape)}; they must ` +
      "have the same shape or differ only by one trailing axis of size 1 (losses never broadcast " +
      "targets against predictions)",
    sameSize
      ? `Reshape yTrue to ${formatShape(yPred.shape)} if the values line up one to one.`
      : `They hold ${yTrue.size} and ${yPred.size} values: check that targets and predictions ` +
        "come from the same batch.",
  );
}

/**
 * Per-sample value of an elementwise loss: the mean over the last axis, as
 * Keras does, except that rank-0 and rank-1 inputs count every element as a
 * sample of its own ([N] targets are N scalar targets, not one vector).
 */
export function perSampleMean(values: Tensor): Tensor {
  if (values.rank <= 1) {
    return values;
  }
  // The mean of one value is that value: a reshape runs no kernel, forward or backward.
  const last = values.shape.length - 1;
  if (values.shape[last] === 1) {
    return reshape(values, values.shape.slice(0, last));
  }
  return mean(values, { axis: -1 });
}

/**
 * Checks that a loss that reduces the last (class or feature) axis has one.
 *
 * @throws ShapeError for rank-0 predictions.
 */
export function requireLastAxis(op: string, yPred: Tensor): void {
  if (yPred.rank === 0) {
    throw new ShapeError(
      op,
      { yPred: yPred.shape },
      `yPred is a scalar, but ${op} reduces the last axis (classes or features)`,
      "Pass predictions of shape [batch, classes].",
      "invalid_rank",
    );
  }
}
