import {
  abs,
  add,
  describeArgument,
  lessEqual,
  mul,
  neg,
  softplus,
  squaredDifference,
  sub,
  type Tensor,
  ValueError,
  where,
} from "@myelin/tensor-core";
import { alignTarget, perSampleMean } from "./shapes.js";

/**
 * Mean squared error per sample: mean((yPred - yTrue)^2) over the last axis.
 * [N] targets against [N, 1] predictions are aligned, not broadcast.
 *
 * @throws ShapeError when the shapes differ by more than a trailing axis of size 1.
 * @example
 * meanSquaredError(tensor([1, 2, 3]), tensor([[1.5], [2.5], [2]])); // [0.25, 0.25, 1]
 */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  const target = alignTarget("meanSquaredError", yTrue, yPred);
  return perSampleMean(squaredDifference(yPred, target));
}

/**
 * Mean absolute error per sample: mean(|yPred - yTrue|) over the last axis.
 *
 * @throws ShapeError when the shapes differ by more than a trailing axis of size 1.
 * @example
 * meanAbsoluteError(tensor([[0, 2]]), tensor([[1, 1]])); // [1]
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  const target = alignTarget("meanAbsoluteError", yTrue, yPred);
  return perSampleMean(abs(sub(yPred, target)));
}

/** Options of {@link huber}. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/**
 * Huber loss per sample: 0.5 e^2 where |e| <= delta and delta (|e| - 0.5 delta)
 * beyond, with e = yPred - yTrue, averaged over the last axis.
 *
 * @throws ValueError when delta is not a positive finite number.
 * @example
 * huber(tensor([0, 0]), tensor([0.5, 3])); // [0.125, 2.5]
 */
export function huber(yTrue: Tensor, yPred: Tensor, options: HuberOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  checkDelta(delta);
  const target = alignTarget("huber", yTrue, yPred);
  const error = sub(yPred, target);
  const size = abs(error);
  const quadratic = mul(mul(error, error), 0.5);
  const linear = sub(mul(size, delta), 0.5 * delta * delta);
  return perSampleMean(where(lessEqual(size, delta), quadratic, linear));
}

/**
 * Throws unless delta is a positive finite number.
 *
 * @throws ValueError naming the value.
 */
export function checkDelta(delta: unknown): void {
  if (typeof delta !== "number" || !(delta > 0) || !Number.isFinite(delta)) {
    throw new ValueError(
      "huber",
      describeArgument("delta", delta, "a positive finite number"),
      "Pass a positive finite delta, e.g. 1.",
    );
  }
}

/**
 * log(cosh(yPred - yTrue)) per sample, averaged over the last axis. Computed
 * as e + softplus(-2e) - log 2, which never overflows.
 *
 * @throws ShapeError when the shapes differ by more than a trailing axis of size 1.
 * @example
 * logCosh(tensor([0]), tensor([1])); // [0.4338]
 */
export function logCosh(yTrue: Tensor, yPred: Tensor): Tensor {
  const target = alignTarget("logCosh", yTrue, yPred);
  const error = sub(yPred, target);
  return perSampleMean(sub(add(error, softplus(neg(mul(error, 2)))), Math.LN2));
}
