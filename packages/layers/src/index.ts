export {
  Layer,
  LAYER_ARG_KEYS,
  serializeFunction,
  type CallOptions,
  type LayerArgs,
  type LayerWeight,
  type WeightOptions,
} from "./layer.js";
export { SymbolicTensor, isSymbolic, type LayerNode } from "./symbolic.js";
export { formatLayerShape, shapeMatches, type LayerShape } from "./shape.js";
export { Dense, dense, type DenseArgs } from "./layers/dense.js";
export {
  Dropout,
  GaussianDropout,
  GaussianNoise,
  dropout,
  gaussianDropout,
  gaussianNoise,
  type DropoutArgs,
  type GaussianDropoutArgs,
  type GaussianNoiseArgs,
} from "./layers/noise.js";
export {
  BatchNormalization,
  batchNormalization,
  type BatchNormalizationArgs,
} from "./layers/batch-normalization.js";
export {
  LayerNormalization,
  layerNormalization,
  type LayerNormalizationArgs,
} from "./layers/layer-normalization.js";
export { Flatten, Reshape, flatten, reshapeLayer as reshape, type ReshapeArgs } from "./layers/reshaping.js";
export { Activation, activation, type ActivationArgs } from "./layers/activation.js";
export { type ActivationSpec } from "./layers/resolve-activation.js";
export { InputLayer, inputLayer, type InputLayerArgs } from "./layers/input-layer.js";
export { Add, Concatenate, add, concatenate, type ConcatenateArgs } from "./layers/merge.js";
export * as initializers from "./initializers.js";
export { getInitializer, type Initializer, type SeedOptions, type VarianceScalingOptions } from "./initializers.js";
export * as regularizers from "./regularizers.js";
export { getRegularizer, l1, l2, l1l2, type Regularizer } from "./regularizers.js";
export * as constraints from "./constraints.js";
export { getConstraint, maxNorm, nonNeg, unitNorm, type Constraint } from "./constraints.js";
export { registerLayers, LAYER_CLASSES } from "./register.js";
export { VERSION, PACKAGE_NAME } from "./version.js";
export * from "./convolutional/index.js";
export * from "./recurrent/index.js";
export * from "./attention/index.js";
