/**
 * Node-only entry (`myelin/node`): reading bundled datasets and CSV files from
 * disk (`@myelin/data/node`) and saving and loading model directories
 * (`@myelin/io/node`). These import `node:` modules, so the main `myelin` entry
 * leaves them out and stays safe for browser bundles.
 *
 * @example
 * ```ts
 * import { fileSystemHandler, loadDataset } from "myelin/node";
 * const iris = loadDataset("iris", { oneHot: true });
 * const artifacts = await fileSystemHandler("runs/iris").load();
 * ```
 */
export {
  csvFileDataset,
  datasetPath,
  loadDataset,
  readCsvFile,
  type LoadDatasetOptions,
} from "@myelin/data/node";
export {
  fileSystemHandler,
  type FileSystemHandlerOptions,
  type ModelFileSystem,
} from "@myelin/io/node";
