// Public surface of @myelin/data. Browser-safe: nothing here imports `node:`
// modules; file access lives in the `@myelin/data/node` entry.
export { DataError } from "./errors.js";
export type { DataErrorCode, DataErrorDetails } from "./errors.js";

export {
  createMatrix,
  getRow,
  matrixFromData,
  matrixFromRows,
  matrixToRows,
  sliceRows,
  takeRows,
  takeValues,
} from "./matrix.js";
export type { Matrix } from "./matrix.js";

export { parseCsv } from "./csv/parse-csv.js";
export type {
  CategoricalColumn,
  CsvColumn,
  CsvTable,
  NumericColumn,
  ParseCsvOptions,
} from "./csv/parse-csv.js";
export type { ColumnInfo, ColumnKind, ColumnTypes } from "./csv/schema.js";

export { AUTO_MAX_CLASSES, chooseTask, loadTable } from "./table/load-table.js";
export type {
  ClassificationTarget,
  LoadTableOptions,
  RegressionTarget,
  Table,
  TableRow,
  TargetInfo,
  Task,
  TaskOption,
} from "./table/load-table.js";

export { minMaxScaler, scalerFromJSON, standardScaler } from "./preprocess/scalers.js";
export type {
  MinMaxScalerJSON,
  Scaler,
  ScalerJSON,
  StandardScalerJSON,
} from "./preprocess/scalers.js";
export { labelEncoder, oneHot } from "./preprocess/label-encoder.js";
export type { EncodeContext, LabelEncoder, LabelEncoderJSON } from "./preprocess/label-encoder.js";

export { createRng } from "./random/rng.js";
export type { Rng } from "./random/rng.js";
export { shuffleIndices, trainTestSplit } from "./split/split.js";
export type { TrainTestIndices, TrainTestSplitOptions } from "./split/split.js";
export { splitTable, subset } from "./split/split-table.js";
export type { SplitTableOptions, TableSplit } from "./split/split-table.js";

export { batches } from "./batch/batches.js";
export type { BatchOptions } from "./batch/batches.js";
export { csvDataset } from "./stream/csv-dataset.js";
export type {
  Batch,
  CsvDataset,
  CsvDatasetOptions,
  CsvDatasetSchema,
  CsvDatasetStats,
} from "./stream/csv-dataset.js";
export type { CsvSourceInput, CsvStreamSource } from "./stream/text-source.js";

export { datasetInfo, listDatasets } from "./datasets/catalog.js";
export type { DatasetInfo, DatasetName } from "./datasets/catalog.js";
export { MNIST_PIXELS, loadMnist } from "./datasets/mnist.js";
export type { Mnist, MnistOptions, MnistPart } from "./datasets/mnist.js";
