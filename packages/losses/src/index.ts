export {
  meanSquaredError,
  meanAbsoluteError,
  huber,
  logCosh,
  type HuberOptions,
} from "./regression.js";
export {
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  kullbackLeiblerDivergence,
  EPSILON,
  type CrossentropyOptions,
  type SparseCrossentropyOptions,
} from "./crossentropy.js";
export { hinge, cosineSimilarity } from "./margin.js";
export { alignTarget } from "./shapes.js";
export { checkLabels } from "./labels.js";
export { reduceLosses, REDUCTIONS, type Reduction } from "./reduction.js";
export {
  makeLoss,
  isBuiltInLoss,
  meanSquaredErrorLoss,
  meanAbsoluteErrorLoss,
  huberLoss,
  logCoshLoss,
  binaryCrossentropyLoss,
  categoricalCrossentropyLoss,
  sparseCategoricalCrossentropyLoss,
  kullbackLeiblerDivergenceLoss,
  hingeLoss,
  cosineSimilarityLoss,
  type Loss,
  type LossOptions,
  type PerSampleLoss,
} from "./loss.js";
export {
  LOSSES_PACKAGE,
  LOSS_NAMES,
  registerLosses,
  getLoss,
  serializeLoss,
  type LossSpec,
} from "./registry.js";
