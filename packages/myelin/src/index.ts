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

// Model files. `VERSION`, `ModelArtifacts` and `WeightSpec` would clash with the
// model package's names, so they are only reachable through the `io` namespace.
export * as io from "@myelin/io";
export {
  checkWeightBytes,
  checkWeightsMatch,
  decodeModel,
  downloadHandler,
  encodeModel,
  fetchHandler,
  INDEXED_DB_NAME,
  indexedDbHandler,
  memoryHandler,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  MODEL_JSON_FILE,
  ModelFileError,
  parseModelDocument,
  sha256Hex,
  WEIGHT_DTYPE_BYTES,
  WEIGHTS_FILE,
  type CheckpointState,
  type DownloadHandlerOptions,
  type EncodedModel,
  type EncodeOptions,
  type ExpectedWeight,
  type FetchHandlerOptions,
  type IndexedDbHandlerOptions,
  type MemoryHandler,
  type ModelDocument,
  type ModelFileErrorCode,
  type ModelHandler,
  type ModelMetadata,
  type Preprocessing,
  type SaveResult,
  type WeightDType,
  type WeightsManifest,
} from "@myelin/io";

export { setup, type SetupOptions, type SetupResult } from "./setup.js";

/** This package's version. */
export const VERSION = "0.1.0";

/** This package's npm name. */
export const PACKAGE_NAME = "myelin";
