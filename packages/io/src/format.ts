/** The `format` name every Myelin `model.json` carries. */
export const MODEL_FORMAT = "myelin-model";

/** The `formatVersion` this package writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

/** Default file names inside a model directory. */
export const MODEL_JSON_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";

/**
 * Element types `weights.bin` may hold, always little-endian. Model weights are
 * float32 or int32; float64 holds optimizer state kept in double precision (such
 * as the step count), and bool is one byte (0 or 1) per element.
 */
export type WeightDType = "float32" | "int32" | "float64" | "bool";

/** Bytes per element of each {@link WeightDType}. */
export const WEIGHT_DTYPE_BYTES: Readonly<Record<WeightDType, number>> = {
  float32: 4,
  int32: 4,
  float64: 8,
  bool: 1,
};

/**
 * Where one weight sits in a weights buffer. Optimizer state is stored as weights
 * too, under names starting with `optimizer/`.
 */
export interface WeightSpec {
  /** Unique name, as the model reports it (`dense/kernel`, `optimizer/dense/kernel/0`). */
  name: string;
  shape: number[];
  dtype: WeightDType;
  /** Byte offset from the start of the buffer. */
  offset: number;
  /** `product(shape) * bytes per element`. */
  byteLength: number;
}

/**
 * How raw inputs become model inputs and model outputs become answers: the
 * features in column order, the target, class names and scaler statistics.
 */
export interface Preprocessing {
  /** Feature column names, in the order the model reads them. */
  featureNames: string[];
  /** Name of the target column the model predicts. */
  targetName?: string | null;
  task?: "classification" | "regression" | null;
  /** `classes[label]` is the name of class `label`, for classification. */
  classes?: string[] | null;
  /** Scaler statistics (`scaler.toJSON()` from `@myelin/data`). */
  scaler?: ({ kind: string } & Record<string, unknown>) | null;
}

/** Facts about a saved model, for people and tools. */
export interface ModelMetadata {
  /** ISO 8601 time of the save; filled in when left out. */
  createdAt: string;
  /** Version of Myelin that wrote the files; filled in when left out. */
  myelinVersion: string;
  /** Name or file of the training data. */
  dataset?: string | null;
  /** Final metrics by name (`test_accuracy`); a NaN or infinite value reads back as null. */
  metrics?: Record<string, number | null> | null;
  [key: string]: unknown;
}

/** Where a training run stood when it was saved, so it can resume exactly. */
export interface CheckpointState {
  /** Number of epochs completed. */
  epoch: number;
  /** The run's seed. */
  seed: number;
  /** True when the run has finished all its epochs. */
  complete: boolean;
  /** Anything else the trainer needs to resume (JSON-safe), such as history. */
  state?: Record<string, unknown> | null;
}

/**
 * Everything a model file holds, as handlers exchange it. `modelJson`,
 * `weightSpecs` and `weightData` are what `loadModelFromArtifacts` takes; the
 * rest is optional.
 */
export interface ModelArtifacts {
  /**
   * The topology: the model's `toJSON()`, with registry names, packages and
   * versions. When it lists its weights (`weightsManifest: [{ name, shape, dtype }]`),
   * loading checks that list against the stored weights.
   */
  modelJson: object;
  /** Every weight, optimizer state included, in the order they are stored. */
  weightSpecs: WeightSpec[];
  /** Little-endian weight bytes, laid out as `weightSpecs` say (gaps allowed). */
  weightData: ArrayBuffer;
  /** How the model was compiled and trained (optimizer, loss, epochs...). */
  trainingConfig?: Record<string, unknown> | null;
  preprocessing?: Preprocessing | null;
  metadata?: Partial<ModelMetadata> | null;
  checkpoint?: CheckpointState | null;
}

/** What a handler wrote. */
export interface SaveResult {
  /** Directory, URL, database key or file prefix the model went to. */
  location: string;
  /** Size of `model.json` in bytes. */
  modelJsonBytes: number;
  /** Size of `weights.bin` in bytes. */
  weightBytes: number;
  /** SHA-256 of `weights.bin`, in hex. */
  sha256: string;
}

/**
 * Saves and loads model artifacts somewhere: a directory, a URL, IndexedDB, a
 * download. Loading either returns complete, checked artifacts or throws a
 * `ModelFileError`.
 */
export interface ModelHandler {
  save(artifacts: ModelArtifacts): Promise<SaveResult>;
  load(): Promise<ModelArtifacts>;
}

/** The manifest of `weights.bin` inside `model.json`. */
export interface WeightsManifest {
  /** File name of the weights, relative to `model.json`. */
  path: string;
  byteLength: number;
  /** SHA-256 of the whole file, in lowercase hex. */
  sha256: string;
  byteOrder: "little-endian";
  weights: WeightSpec[];
}

/** The parsed contents of `model.json`. */
export interface ModelDocument {
  format: typeof MODEL_FORMAT;
  formatVersion: typeof MODEL_FORMAT_VERSION;
  modelTopology: object;
  trainingConfig: Record<string, unknown> | null;
  preprocessing: Preprocessing | null;
  metadata: ModelMetadata;
  checkpoint: CheckpointState | null;
  weightsManifest: WeightsManifest;
}
