import {
  cast,
  describeArgument,
  div,
  formatShape,
  mul,
  reshape,
  ShapeError,
  shapesEqual,
  sum,
  type Tensor,
  ValueError,
} from "@myelin/tensor-core";

/**
 * How per-sample losses become the value a Loss returns: "mean" is Keras's
 * sum over the batch divided by the number of per-sample values (sample
 * weights do not change the divisor), "sum" adds them, "none" returns them.
 */
export type Reduction = "mean" | "sum" | "none";

/** Every accepted reduction. */
export const REDUCTIONS: readonly Reduction[] = ["mean", "sum", "none"];

/**
 * Throws unless `value` is a reduction name.
 *
 * @throws ValueError naming the accepted values.
 */
export function checkReduction(op: string, value: unknown): asserts value is Reduction {
  if (!REDUCTIONS.includes(value as Reduction)) {
    const keras =
      value === "sum_over_batch_size" ? ' Keras\'s "sum_over_batch_size" is "mean".' : "";
    throw new ValueError(
      op,
      describeArgument("reduction", value, '"mean", "sum" or "none"', "string"),
      `Use "mean", "sum" or "none".${keras}`,
    );
  }
}

/**
 * Brings sample weights to the per-sample losses' shape: a scalar, the same
 * shape, that shape with a trailing axis of size 1, or leading axes of it
 * ([N] weights for [N, T] losses weigh whole samples).
 */
function alignWeights(op: string, weights: Tensor, losses: Tensor): Tensor {
  const w = weights.dtype === losses.dtype ? weights : cast(weights, losses.dtype);
  const shape = losses.shape;
  if (w.rank === 0 || shapesEqual(w.shape, shape)) {
    return w;
  }
  const squeezed = w.shape[w.rank - 1] === 1 ? w.shape.slice(0, -1) : w.shape;
  if (squeezed.length <= shape.length && shapesEqual(squeezed, shape.slice(0, squeezed.length))) {
    const padded = [...squeezed, ...shape.slice(squeezed.length).map(() => 1)];
    return reshape(w, padded);
  }
  throw new ShapeError(
    op,
    { sampleWeight: weights.shape, losses: shape },
    `sampleWeight is ${formatShape(weights.shape)} but the per-sample losses are ` +
      `${formatShape(shape)}; weights must be a scalar, have the losses' shape, or cover its ` +
      "leading axes",
    `Pass one weight per sample, shape ${formatShape(shape.slice(0, 1))}.`,
  );
}

/**
 * Applies sample weights and the reduction to per-sample losses.
 *
 * @throws ShapeError when the weights do not fit the losses.
 * @throws ValueError when "mean" is asked of an empty batch.
 */
export function reduceLosses(
  op: string,
  losses: Tensor,
  reduction: Reduction,
  sampleWeight?: Tensor,
): Tensor {
  const weighted =
    sampleWeight === undefined ? losses : mul(losses, alignWeights(op, sampleWeight, losses));
  if (reduction === "none") {
    return weighted;
  }
  if (reduction === "sum") {
    return sum(weighted);
  }
  if (weighted.size === 0) {
    throw new ValueError(
      op,
      `the batch is empty (losses of shape ${formatShape(weighted.shape)}), so it has no mean`,
      'Check the data feeding the loss, or use reduction "sum".',
    );
  }
  return div(sum(weighted), weighted.size);
}
