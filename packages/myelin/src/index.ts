/**
 * Myelin: neural networks in TypeScript with a Keras-like API. This package
 * gathers the public API of every Myelin package; nothing registers on
 * import, call {@link setup} first.
 */
export * from "@myelin/tensor-core";
export {
  Registry,
  RegistryError,
  defaultRegistry,
  normalizeName,
  type RegistryEntry,
  type RegistryKind,
  type SerializedObject,
} from "@myelin/registry";

export * as activations from "@myelin/activations";
export {
  getActivation,
  isNamedActivation,
  nameActivation,
  registerActivations,
  serializeActivation,
  type Activation,
  type NamedActivation,
} from "@myelin/activations";

export * as losses from "@myelin/losses";
export {
  binaryCrossentropyLoss,
  categoricalCrossentropyLoss,
  cosineSimilarityLoss,
  getLoss,
  hingeLoss,
  huberLoss,
  kullbackLeiblerDivergenceLoss,
  logCoshLoss,
  makeLoss,
  meanAbsoluteErrorLoss,
  meanSquaredErrorLoss,
  registerLosses,
  serializeLoss,
  sparseCategoricalCrossentropyLoss,
  type Loss,
  type LossOptions,
} from "@myelin/losses";

export * as optimizers from "@myelin/optimizers";
export {
  Optimizer,
  SGD,
  Adam,
  AdamW,
  RMSprop,
  Adagrad,
  Adamax,
  sgd,
  adam,
  adamw,
  rmsprop,
  adagrad,
  adamax,
  exponentialDecay,
  stepDecay,
  cosineDecay,
  piecewiseConstant,
  getOptimizer,
  getSchedule,
  registerOptimizers,
  serializeOptimizer,
  type LearningRateSchedule,
  type OptimizerState,
} from "@myelin/optimizers";

export * as layers from "@myelin/layers";
export {
  Layer,
  SymbolicTensor,
  Dense,
  Dropout,
  GaussianNoise,
  GaussianDropout,
  BatchNormalization,
  LayerNormalization,
  Flatten,
  Reshape,
  Activation as ActivationLayer,
  InputLayer,
  Concatenate,
  Add,
  dense,
  dropout,
  gaussianNoise,
  gaussianDropout,
  batchNormalization,
  layerNormalization,
  flatten,
  inputLayer,
  concatenate,
  initializers,
  regularizers,
  constraints,
  getInitializer,
  getRegularizer,
  getConstraint,
  l1,
  l2,
  l1l2,
  maxNorm,
  nonNeg,
  unitNorm,
  registerLayers,
  type CallOptions,
  type LayerArgs,
  type LayerShape,
  type DenseArgs,
  type Initializer,
  type Regularizer,
  type Constraint,
} from "@myelin/layers";

export * from "@myelin/model";
export * as data from "@myelin/data";

export { setup, type SetupOptions, type SetupResult } from "./setup.js";

/** This package's version. */
export const VERSION = "0.1.0";

/** This package's npm name. */
export const PACKAGE_NAME = "myelin";
