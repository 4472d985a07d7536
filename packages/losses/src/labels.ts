import {
  formatShape,
  ShapeError,
  shapesEqual,
  type Tensor,
  tensor,
  ValueError,
} from "@myelin/tensor-core";

/** Row-major position of flat index `i` in `shape`, printed as `1` or `[1, 3]`. */
function positionOf(i: number, shape: readonly number[]): string {
  if (shape.length <= 1) {
    return String(i);
  }
  const position: number[] = [];
  let rest = i;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    position.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return formatShape(position);
}

/**
 * Reads and validates sparse class labels against predictions of shape
 * [...batch, numClasses]. Labels have the batch shape, optionally with a
 * trailing axis of size 1; any numeric dtype works and integer-valued floats
 * (1.0) count as integers. Returns the labels as int32 with the batch shape.
 *
 * @throws ShapeError when the label shape does not match the batch.
 * @throws ValueError naming the first bad label, its batch position and the valid range.
 */
export function checkLabels(op: string, labels: Tensor, yPred: Tensor): Tensor {
  const batchShape = yPred.shape.slice(0, -1);
  const numClasses = yPred.shape[yPred.rank - 1]!;
  const trailingUnit =
    labels.rank === batchShape.length + 1 &&
    labels.shape[labels.rank - 1] === 1 &&
    shapesEqual(labels.shape.slice(0, -1), batchShape);
  if (!shapesEqual(labels.shape, batchShape) && !trailingUnit) {
    throw new ShapeError(
      op,
      { yTrue: labels.shape, yPred: yPred.shape },
      `yTrue is ${formatShape(labels.shape)} and yPred is ${formatShape(yPred.shape)}; sparse ` +
        `labels need one class index per sample, shape ${formatShape(batchShape)} (or ` +
        `${formatShape([...batchShape, 1])})`,
      labels.shape[labels.rank - 1] === numClasses && numClasses > 1
        ? "These look like one-hot targets: use categoricalCrossentropy, or argmax them first."
        : "Pass one integer label per row of yPred.",
    );
  }
  const values = labels.data();
  const bad: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v < numClasses)) {
      bad.push(i);
    }
  }
  if (bad.length > 0) {
    const first = bad[0]!;
    const others = bad.length > 1 ? ` (${bad.length - 1} more invalid label(s) follow)` : "";
    throw new ValueError(
      op,
      `label ${String(values[first])} at batch position ${positionOf(
        first,
        batchShape,
      )} is not a ` +
        `class index; labels must be integers in [0, ${numClasses}) because yPred has ` +
        `${numClasses} classes (last axis of ${formatShape(yPred.shape)})${others}`,
      "Count classes from 0 (subtract 1 from labels that start at 1), and drop or fix rows " +
        "with missing labels.",
    );
  }
  return tensor(Int32Array.from(values), batchShape);
}
