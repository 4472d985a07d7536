import {
  add,
  describeArgument,
  cast,
  clip,
  div,
  equal,
  gather,
  greaterEqual,
  log,
  logSoftmax,
  mul,
  neg,
  reshape,
  softplus,
  sub,
  sum,
  type Tensor,
  tensor,
  ValueError,
  where,
} from "@myelin/tensor-core";
import { checkLabels } from "./labels.js";
import { alignTarget, perSampleMean, requireLastAxis } from "./shapes.js";

/**
 * Keras's fuzz factor: probabilities are clipped to [EPSILON, 1 - EPSILON]
 * before their log is taken, so a confident wrong prediction costs about
 * -log(1e-7) = 16.1 instead of Infinity.
 */
export const EPSILON = 1e-7;

/** Options of the cross-entropies that accept soft targets. */
export interface CrossentropyOptions {
  /** yPred holds logits (any real numbers) rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * Moves targets towards uniform: z (1 - s) + s / 2 for binary, y (1 - s) + s / C
   * for categorical (default 0).
   */
  labelSmoothing?: number;
}

/** Options of {@link sparseCategoricalCrossentropy}. */
export interface SparseCrossentropyOptions {
  /** yPred holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
}

/**
 * Throws unless `value` is a label smoothing factor in [0, 1].
 *
 * @throws ValueError naming the value.
 */
export function checkLabelSmoothing(op: string, value: unknown): void {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new ValueError(
      op,
      describeArgument("labelSmoothing", value, "a number in [0, 1]"),
      "Pass a number in [0, 1], e.g. 0.1.",
    );
  }
}

/**
 * Throws unless `value` is a boolean.
 *
 * @throws ValueError naming the value.
 */
export function checkFromLogits(op: string, value: unknown): void {
  if (typeof value !== "boolean") {
    throw new ValueError(
      op,
      describeArgument("fromLogits", value, "true or false", "boolean"),
      "Pass true or false.",
    );
  }
}

function readOptions(
  op: string,
  options: CrossentropyOptions,
): { fromLogits: boolean; smoothing: number } {
  const fromLogits = options.fromLogits ?? false;
  const smoothing = options.labelSmoothing ?? 0;
  checkFromLogits(op, fromLogits);
  checkLabelSmoothing(op, smoothing);
  return { fromLogits, smoothing };
}

/**
 * log(softmax(x)) over the last axis; tensor-core subtracts the max first, so
 * the result depends only on differences between logits (a row [1e8, 1e8]
 * gives -ln 2 in float32, not 0) with or without a native kernel.
 */
function stableLogSoftmax(logits: Tensor): Tensor {
  return logSoftmax(logits);
}

/** Probabilities rescaled to sum to 1 then clipped to [EPSILON, 1 - EPSILON]. */
function normalisedProbabilities(yPred: Tensor): Tensor {
  const total = sum(yPred, { axis: -1, keepDims: true });
  return clip(div(yPred, total), EPSILON, 1 - EPSILON);
}

/**
 * Binary cross-entropy from logits, elementwise, as
 * max(x, 0) - x z + log1p(exp(-|x|)) written so that every piece is smooth on
 * its side of 0 (the gradient at x = 0 is sigmoid(0) - z exactly) and a
 * coefficient of 0 never multiplies an infinite logit.
 */
function binaryFromLogits(z: Tensor, x: Tensor): Tensor {
  const nonNegative = greaterEqual(x, 0);
  const coefficient = sub(cast(nonNegative, x.dtype), z);
  const linear = where(equal(coefficient, 0), 0, mul(x, coefficient));
  const minusAbs = where(nonNegative, neg(x), x);
  return add(linear, softplus(minusAbs));
}

/** Binary cross-entropy from probabilities clipped to [EPSILON, 1 - EPSILON], elementwise. */
function binaryFromProbabilities(z: Tensor, p: Tensor): Tensor {
  const clipped = clip(p, EPSILON, 1 - EPSILON);
  const positive = mul(z, log(clipped));
  const negative = mul(sub(1, z), log(sub(1, clipped)));
  return neg(add(positive, negative));
}

/**
 * Binary cross-entropy per sample, averaged over the last axis (rank-1
 * inputs are one value per sample). From logits it is exact and finite for
 * any finite logit, and +Infinity or 0 (never NaN) for infinite ones; from
 * probabilities they are clipped to [1e-7, 1 - 1e-7] like Keras. Targets
 * are not checked to lie in [0, 1]; the formula is applied to any value.
 *
 * @throws ShapeError when the shapes differ by more than a trailing axis of size 1.
 * @throws ValueError for a labelSmoothing outside [0, 1].
 * @example
 * binaryCrossentropy(tensor([1, 0]), tensor([100, 100]), { fromLogits: true }); // [0, 100]
 */
export function binaryCrossentropy(
  yTrue: Tensor,
  yPred: Tensor,
  options: CrossentropyOptions = {},
): Tensor {
  const { fromLogits, smoothing } = readOptions("binaryCrossentropy", options);
  const aligned = alignTarget("binaryCrossentropy", yTrue, yPred);
  const z = smoothing > 0 ? add(mul(aligned, 1 - smoothing), 0.5 * smoothing) : aligned;
  const values = fromLogits ? binaryFromLogits(z, yPred) : binaryFromProbabilities(z, yPred);
  return perSampleMean(values);
}

/**
 * Categorical cross-entropy per sample, -sum(yTrue log p) over the last
 * (class) axis. From logits p is a log-softmax that subtracts the max
 * first, so the loss depends only on differences between logits; from
 * probabilities yPred is rescaled to sum to 1 and clipped to
 * [1e-7, 1 - 1e-7] like Keras. Classes with target 0 contribute 0 even where
 * log p is -Infinity.
 *
 * @throws ShapeError when the shapes differ or yPred is a scalar.
 * @throws ValueError for a labelSmoothing outside [0, 1].
 * @example
 * const logits = tensor([[1e8, 1e8]]);
 * categoricalCrossentropy(tensor([[0, 1]]), logits, { fromLogits: true }); // [0.6931]
 */
export function categoricalCrossentropy(
  yTrue: Tensor,
  yPred: Tensor,
  options: CrossentropyOptions = {},
): Tensor {
  const op = "categoricalCrossentropy";
  const { fromLogits, smoothing } = readOptions(op, options);
  requireLastAxis(op, yPred);
  const aligned = alignTarget(op, yTrue, yPred);
  const classes = yPred.shape[yPred.rank - 1]!;
  const y = smoothing > 0 ? add(mul(aligned, 1 - smoothing), smoothing / classes) : aligned;
  const logP = fromLogits ? stableLogSoftmax(yPred) : log(normalisedProbabilities(yPred));
  const terms = where(equal(y, 0), 0, mul(y, logP));
  return neg(sum(terms, { axis: -1 }));
}

/**
 * Cross-entropy with integer class labels: -log p[label] per sample, where
 * yPred is [...batch, classes] and yTrue holds one label per sample (shape
 * [...batch] or [...batch, 1]). Labels are checked before anything is
 * computed: integer-valued floats are accepted, while fractions, negatives,
 * NaN and labels >= classes are rejected, naming the value and its position.
 * From logits the log-softmax subtracts the max first; from probabilities
 * they are rescaled and clipped like {@link categoricalCrossentropy}.
 *
 * @throws ValueError for an invalid label.
 * @throws ShapeError when the label shape does not match yPred's batch.
 * @example
 * sparseCategoricalCrossentropy(tensor([1]), tensor([[0, 1]]), { fromLogits: true }); // [0.3133]
 */
export function sparseCategoricalCrossentropy(
  yTrue: Tensor,
  yPred: Tensor,
  options: SparseCrossentropyOptions = {},
): Tensor {
  const op = "sparseCategoricalCrossentropy";
  const fromLogits = options.fromLogits ?? false;
  checkFromLogits(op, fromLogits);
  requireLastAxis(op, yPred);
  const labels = checkLabels(op, yTrue, yPred);
  const classes = yPred.shape[yPred.rank - 1]!;
  const logP = fromLogits ? stableLogSoftmax(yPred) : log(normalisedProbabilities(yPred));

  // Pick log p[label] from the flattened rows: row i's label l sits at i * classes + l.
  const rows = labels.data();
  const flatIndex = Int32Array.from(rows, (label, i) => i * classes + label);
  const picked = gather(reshape(logP, [-1]), tensor(flatIndex, labels.shape));
  return neg(picked);
}

/**
 * Kullback-Leibler divergence per sample, sum(yTrue log(yTrue / yPred)) over
 * the last axis, with both sides clipped to [1e-7, 1] inside the log (terms
 * with yTrue = 0 contribute exactly 0).
 *
 * @throws ShapeError when the shapes differ or yPred is a scalar.
 * @example
 * kullbackLeiblerDivergence(tensor([[0.5, 0.5]]), tensor([[0.5, 0.5]])); // [0]
 */
export function kullbackLeiblerDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  const op = "kullbackLeiblerDivergence";
  requireLastAxis(op, yPred);
  const y = alignTarget(op, yTrue, yPred);
  const ratio = div(clip(y, EPSILON, 1), clip(yPred, EPSILON, 1));
  return sum(mul(y, log(ratio)), { axis: -1 });
}
