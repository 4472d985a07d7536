import { checkOptionKeys, type Tensor } from "@myelin/tensor-core";
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  checkFromLogits,
  checkLabelSmoothing,
  type CrossentropyOptions,
  kullbackLeiblerDivergence,
  sparseCategoricalCrossentropy,
  type SparseCrossentropyOptions,
} from "./crossentropy.js";
import { cosineSimilarity, hinge } from "./margin.js";
import { checkReduction, reduceLosses, type Reduction } from "./reduction.js";
import {
  checkDelta,
  huber,
  type HuberOptions,
  logCosh,
  meanAbsoluteError,
  meanSquaredError,
} from "./regression.js";

/** A function from targets and predictions to per-sample losses (shape [N]). */
export type PerSampleLoss = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * A configured loss: called with targets, predictions and optional sample
 * weights, it returns a scalar (or the weighted per-sample losses with
 * reduction "none"). `name` and `config` let a model file rebuild it.
 */
export interface Loss {
  (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Tensor;
  /** The registry name, e.g. "categoricalCrossentropy". */
  readonly name: string;
  /** Every option, defaults included, e.g. `{ fromLogits: true, reduction: "mean" }`. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Present on cross-entropies: whether yPred holds logits. */
  readonly fromLogits?: boolean;
}

/** Options every loss factory accepts. */
export interface LossOptions {
  /** "mean" (default): sum over the batch / batch size; "sum"; or "none". */
  reduction?: Reduction;
}

/** Losses made by this package's factories: they serialize with its package name. */
const BUILT_IN = new WeakSet<Loss>();

function builtIn(loss: Loss): Loss {
  BUILT_IN.add(loss);
  return loss;
}

/** True for losses made by this package's factories (not by {@link makeLoss} directly). */
export function isBuiltInLoss(loss: Loss): boolean {
  return BUILT_IN.has(loss);
}

/**
 * Wraps a per-sample loss as a {@link Loss} with a reduction and sample weights.
 *
 * @throws ValueError for an unknown reduction.
 * @example
 * const squared = makeLoss("squared", (t, p) => square(sub(p, t)), { reduction: "sum" });
 */
export function makeLoss(
  name: string,
  perSample: PerSampleLoss,
  config: Record<string, unknown> & LossOptions = {},
): Loss {
  const reduction = config.reduction ?? "mean";
  checkReduction(name, reduction);
  const loss = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Tensor =>
    reduceLosses(name, perSample(yTrue, yPred), reduction, sampleWeight);
  const frozen = Object.freeze({ ...config, reduction });
  Object.defineProperty(loss, "name", { value: name });
  Object.defineProperty(loss, "config", { value: frozen, enumerable: true });
  if (typeof config.fromLogits === "boolean") {
    Object.defineProperty(loss, "fromLogits", { value: config.fromLogits, enumerable: true });
  }
  return loss as Loss;
}

/**
 * Mean squared error as a {@link Loss}.
 *
 * @throws ValueError for an unknown option or reduction.
 * @example
 * meanSquaredErrorLoss()(tensor([1, 2, 3]), tensor([[1.5], [2.5], [2]])); // 0.5
 */
export function meanSquaredErrorLoss(options: LossOptions = {}): Loss {
  checkOptionKeys("meanSquaredError", options, ["reduction"]);
  return builtIn(makeLoss("meanSquaredError", meanSquaredError, { ...options }));
}

/**
 * Mean absolute error as a {@link Loss}.
 *
 * @throws ValueError for an unknown option or reduction.
 * @example
 * meanAbsoluteErrorLoss({ reduction: "sum" })(tensor([0, 0]), tensor([1, -2])); // 3
 */
export function meanAbsoluteErrorLoss(options: LossOptions = {}): Loss {
  checkOptionKeys("meanAbsoluteError", options, ["reduction"]);
  return builtIn(makeLoss("meanAbsoluteError", meanAbsoluteError, { ...options }));
}

/**
 * Huber loss as a {@link Loss} (delta 1 by default).
 *
 * @throws ValueError for a non-positive delta, an unknown option or reduction.
 * @example
 * huberLoss({ delta: 2 })(tensor([0]), tensor([3])); // 4
 */
export function huberLoss(options: LossOptions & HuberOptions = {}): Loss {
  checkOptionKeys("huber", options, ["reduction", "delta"]);
  const delta = options.delta ?? 1;
  checkDelta(delta);
  return builtIn(makeLoss("huber", (t, p) => huber(t, p, { delta }), { ...options, delta }));
}

/**
 * log-cosh error as a {@link Loss}.
 *
 * @throws ValueError for an unknown option or reduction.
 * @example
 * logCoshLoss()(tensor([0]), tensor([1])); // 0.4338
 */
export function logCoshLoss(options: LossOptions = {}): Loss {
  checkOptionKeys("logCosh", options, ["reduction"]);
  return builtIn(makeLoss("logCosh", logCosh, { ...options }));
}

function crossentropyConfig(op: string, options: LossOptions & CrossentropyOptions) {
  checkOptionKeys(op, options, ["reduction", "fromLogits", "labelSmoothing"]);
  const fromLogits = options.fromLogits ?? false;
  const labelSmoothing = options.labelSmoothing ?? 0;
  checkFromLogits(op, fromLogits);
  checkLabelSmoothing(op, labelSmoothing);
  return { ...options, fromLogits, labelSmoothing };
}

/**
 * Binary cross-entropy as a {@link Loss}.
 *
 * @throws ValueError for an invalid fromLogits, labelSmoothing, option or reduction.
 * @example
 * binaryCrossentropyLoss({ fromLogits: true })(tensor([1]), tensor([0])); // 0.6931
 */
export function binaryCrossentropyLoss(options: LossOptions & CrossentropyOptions = {}): Loss {
  const config = crossentropyConfig("binaryCrossentropy", options);
  const perSample: PerSampleLoss = (t, p) => binaryCrossentropy(t, p, config);
  return builtIn(makeLoss("binaryCrossentropy", perSample, config));
}

/**
 * Categorical cross-entropy (one-hot or soft targets) as a {@link Loss}.
 *
 * @throws ValueError for an invalid fromLogits, labelSmoothing, option or reduction.
 * @example
 * categoricalCrossentropyLoss({ fromLogits: true })(tensor([[0, 1]]), tensor([[0, 0]])); // 0.6931
 */
export function categoricalCrossentropyLoss(options: LossOptions & CrossentropyOptions = {}): Loss {
  const config = crossentropyConfig("categoricalCrossentropy", options);
  const perSample: PerSampleLoss = (t, p) => categoricalCrossentropy(t, p, config);
  return builtIn(makeLoss("categoricalCrossentropy", perSample, config));
}

/**
 * Sparse (integer-label) categorical cross-entropy as a {@link Loss}.
 *
 * @throws ValueError for an invalid fromLogits, option or reduction.
 * @example
 * sparseCategoricalCrossentropyLoss({ fromLogits: true })(tensor([0]), tensor([[0, 0]])); // 0.6931
 */
export function sparseCategoricalCrossentropyLoss(
  options: LossOptions & SparseCrossentropyOptions = {},
): Loss {
  const op = "sparseCategoricalCrossentropy";
  checkOptionKeys(op, options, ["reduction", "fromLogits"]);
  const fromLogits = options.fromLogits ?? false;
  checkFromLogits(op, fromLogits);
  const config = { ...options, fromLogits };
  return builtIn(makeLoss(op, (t, p) => sparseCategoricalCrossentropy(t, p, config), config));
}

/**
 * Kullback-Leibler divergence as a {@link Loss}.
 *
 * @throws ValueError for an unknown option or reduction.
 * @example
 * kullbackLeiblerDivergenceLoss()(tensor([[1, 0]]), tensor([[0.5, 0.5]])); // 0.6931
 */
export function kullbackLeiblerDivergenceLoss(options: LossOptions = {}): Loss {
  checkOptionKeys("kullbackLeiblerDivergence", options, ["reduction"]);
  const name = "kullbackLeiblerDivergence";
  return builtIn(makeLoss(name, kullbackLeiblerDivergence, { ...options }));
}

/**
 * Hinge loss as a {@link Loss}.
 *
 * @throws ValueError for an unknown option or reduction.
 * @example
 * hingeLoss()(tensor([1, -1]), tensor([2, 2])); // 1.5
 */
export function hingeLoss(options: LossOptions = {}): Loss {
  checkOptionKeys("hinge", options, ["reduction"]);
  return builtIn(makeLoss("hinge", hinge, { ...options }));
}

/**
 * Negative cosine similarity as a {@link Loss}.
 *
 * @throws ValueError for an unknown option or reduction.
 * @example
 * cosineSimilarityLoss()(tensor([[1, 0]]), tensor([[0, 3]])); // 0
 */
export function cosineSimilarityLoss(options: LossOptions = {}): Loss {
  checkOptionKeys("cosineSimilarity", options, ["reduction"]);
  return builtIn(makeLoss("cosineSimilarity", cosineSimilarity, { ...options }));
}
