// Public surface of @myelin/io. Browser-safe: the file-system handler lives in the
// `@myelin/io/node` entry.
export { ModelFileError } from "./errors.js";
export type { ModelFileErrorCode } from "./errors.js";

export {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  MODEL_JSON_FILE,
  WEIGHT_DTYPE_BYTES,
  WEIGHTS_FILE,
} from "./format.js";
export type {
  CheckpointState,
  ModelArtifacts,
  ModelDocument,
  ModelHandler,
  ModelMetadata,
  Preprocessing,
  SaveResult,
  WeightDType,
  WeightSpec,
  WeightsManifest,
} from "./format.js";

export { encodeModel } from "./encode.js";
export type { EncodedModel, EncodeOptions } from "./encode.js";
export { checkWeightBytes, decodeModel, parseModelDocument } from "./decode.js";
export { checkWeightsMatch } from "./topology.js";
export type { ExpectedWeight } from "./topology.js";
export { sha256Hex } from "./bytes.js";

export { memoryHandler } from "./handlers/memory-handler.js";
export type { MemoryHandler } from "./handlers/memory-handler.js";
export { fetchHandler } from "./handlers/fetch-handler.js";
export type { FetchHandlerOptions } from "./handlers/fetch-handler.js";
export { INDEXED_DB_NAME, indexedDbHandler } from "./handlers/indexed-db-handler.js";
export type { IndexedDbHandlerOptions } from "./handlers/indexed-db-handler.js";
export { downloadHandler } from "./handlers/download-handler.js";
export type { DownloadHandlerOptions } from "./handlers/download-handler.js";
export { VERSION } from "./version.js";
