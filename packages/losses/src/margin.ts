import {
  all,
  div,
  equal,
  logicalOr,
  maximum,
  mul,
  neg,
  relu,
  sqrt,
  sub,
  sum,
  type Tensor,
  where,
} from "@myelin/tensor-core";
import { alignTarget, perSampleMean, requireLastAxis } from "./shapes.js";

/**
 * Squared norms below this count as this in {@link cosineSimilarity}, so a
 * zero vector normalises to zero instead of 0 / 0 (tf.nn.l2_normalize's value).
 */
const NORM_FLOOR = 1e-12;

/**
 * Hinge loss per sample, mean(max(1 - yTrue yPred, 0)) over the last axis,
 * with targets in {-1, 1}. As in Keras, targets that are all 0 or 1 are
 * first mapped to {-1, 1} (the check runs on the device, no readback).
 *
 * @throws ShapeError when the shapes differ by more than a trailing axis of size 1.
 * @example
 * hinge(tensor([1, 0]), tensor([0.5, -2])); // [0.5, 0]
 */
export function hinge(yTrue: Tensor, yPred: Tensor): Tensor {
  const target = alignTarget("hinge", yTrue, yPred);
  const binary = all(logicalOr(equal(target, 0), equal(target, 1)));
  const signed = where(binary, sub(mul(target, 2), 1), target);
  return perSampleMean(relu(sub(1, mul(signed, yPred))));
}

function normalise(x: Tensor): Tensor {
  const squares = sum(mul(x, x), { axis: -1, keepDims: true });
  return div(x, sqrt(maximum(squares, NORM_FLOOR)));
}

/**
 * Negative cosine similarity per sample over the last axis, in [-1, 1]:
 * -1 when yPred points the same way as yTrue (Keras's loss convention, so
 * minimising it aligns them). Zero vectors give 0, not NaN.
 *
 * @throws ShapeError when the shapes differ or yPred is a scalar.
 * @example
 * cosineSimilarity(tensor([[1, 0]]), tensor([[2, 0]])); // [-1]
 */
export function cosineSimilarity(yTrue: Tensor, yPred: Tensor): Tensor {
  const op = "cosineSimilarity";
  requireLastAxis(op, yPred);
  const target = alignTarget(op, yTrue, yPred);
  return neg(sum(mul(normalise(target), normalise(yPred)), { axis: -1 }));
}
