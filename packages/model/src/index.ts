export {
  Model,
  type CompileArgs,
  type Dataset,
  type DatasetBatch,
  type DatasetFitOptions,
  type EvaluateOptions,
  type FitOptions,
  type LossSpec,
  type ModelArgs,
  type SampleWeights,
  type ValidationData,
} from "./model.js";
export { Sequential, sequential } from "./sequential.js";
export { Functional, input, model, type FunctionalArgs, type InputArgs } from "./functional.js";
export {
  isMatrix,
  type DataLike,
  type Matrix,
  type ModelData,
  type NestedNumbers,
} from "./data.js";
export {
  accuracy,
  auc,
  binaryAccuracy,
  categoricalAccuracy,
  getMetric,
  meanAbsoluteErrorMetric,
  meanSquaredErrorMetric,
  precision,
  recall,
  sparseCategoricalAccuracy,
  type Metric,
  type MetricSpec,
  type ThresholdOptions,
} from "./metrics.js";
export {
  callback,
  History,
  type Callback,
  type Logs,
  type TrainingParams,
} from "./callbacks/base.js";
export { earlyStopping, type EarlyStoppingOptions } from "./callbacks/early-stopping.js";
export {
  learningRateScheduler,
  reduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from "./callbacks/learning-rate.js";
export { modelCheckpoint, type ModelCheckpointOptions } from "./callbacks/checkpoint.js";
export {
  csvLogger,
  progressLogger,
  terminateOnNaN,
  type CsvLoggerOptions,
  type ProgressLoggerOptions,
} from "./callbacks/loggers.js";
export {
  trainingHealth,
  type HealthReport,
  type LayerHealth,
  type TrainingHealthOptions,
} from "./callbacks/health.js";
export {
  artifactsFromJSON,
  artifactsToJSON,
  packWeights,
  unpackWeights,
  type LoadHandler,
  type ModelArtifacts,
  type ModelJSON,
  type SaveHandler,
  type WeightEntry,
  type WeightManifestEntry,
  type WeightSpec,
} from "./serialization.js";
export { loadModel, loadModelFromArtifacts, modelFromJSON, type LoadOptions } from "./load.js";
export { type SummaryOptions } from "./summary.js";
export { registerModelPlugins } from "./register.js";
export { PACKAGE_NAME, VERSION } from "./version.js";
