// Node-only entry (`@myelin/data/node`): everything here touches the file system,
// so the main entry stays free of `node:` imports and safe for browser bundles.
import { constants, createReadStream, existsSync, readFileSync } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CsvTable, type ParseCsvOptions, parseCsv } from "./csv/parse-csv.js";
import { type DatasetInfo, datasetInfo } from "./datasets/catalog.js";
import { DataError } from "./errors.js";
import { type CsvDataset, type CsvDatasetOptions, csvDataset } from "./stream/csv-dataset.js";
import { type Table, loadTable } from "./table/load-table.js";

/**
 * Reads and parses a CSV file. The source name in errors defaults to the file name.
 *
 * @throws {DataError} `missing_file` when the file cannot be read; every error of
 *   `parseCsv`.
 * @example
 * ```ts
 * const table = await readCsvFile("data/iris.csv");
 * const { features, target } = loadTable(table, { target: "species" });
 * ```
 */
export async function readCsvFile(path: string, options: ParseCsvOptions = {}): Promise<CsvTable> {
  const source = options.source ?? basename(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw unreadable(path, source, cause);
  }
  return parseCsv(text, { ...options, source });
}

/**
 * Streams a CSV file in chunks (see `csvDataset`); each pass opens the file anew,
 * so the dataset can be iterated once per epoch.
 *
 * @example
 * ```ts
 * const dataset = csvFileDataset("big.csv", { target: "label", batchSize: 64 });
 * for await (const { x, y } of dataset) {
 *   // train on x, y
 * }
 * ```
 */
export function csvFileDataset(
  path: string,
  options: Omit<CsvDatasetOptions, "source"> & { source?: string },
): CsvDataset {
  const source = options.source ?? basename(path);
  const open = async () => {
    try {
      await access(path, constants.R_OK);
    } catch (cause) {
      throw unreadable(path, source, cause);
    }
    return createReadStream(path);
  };
  return csvDataset(open, { ...options, source });
}

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** Also build one-hot rows for a classification target. Default false. */
  oneHot?: boolean;
}

/**
 * Loads a bundled dataset (see `listDatasets`) from the package's `datasets/`
 * folder. Class labels follow the catalogue's class order.
 *
 * @throws {DataError} `unknown_dataset` naming the datasets and the closest one;
 *   `missing_file` when the package was installed without its `datasets/` folder.
 * @example
 * ```ts
 * const iris = loadDataset("iris");
 * iris.features.rows; // 150
 * ```
 */
export function loadDataset(name: string, options: LoadDatasetOptions = {}): Table {
  const info = datasetInfo(name);
  const path = datasetPath(info.name);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw unreadable(path, info.file, cause);
  }
  return loadTable(text, {
    source: info.file,
    target: info.target,
    task: info.task,
    classes: info.classes,
    oneHot: options.oneHot,
  });
}

/**
 * Absolute path of a bundled dataset's CSV file.
 *
 * @throws {DataError} `unknown_dataset`, or `missing_file` when the folder is absent.
 */
export function datasetPath(name: string): string {
  const info: DatasetInfo = datasetInfo(name);
  return join(datasetsFolder(), info.file);
}

let cachedFolder: string | undefined;

/**
 * Finds `datasets/` by walking up from this module: it sits one level up from
 * `dist/` in the built package and two from `src/node.ts` in the sources.
 * `import.meta.url` is native in ESM and the sources, and shimmed in the CJS build.
 */
function datasetsFolder(): string {
  if (cachedFolder !== undefined) {
    return cachedFolder;
  }
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start, up = 0; up < 4; dir = dirname(dir), up++) {
    const candidate = join(dir, "datasets");
    if (existsSync(join(candidate, "iris.csv")) && existsSync(join(dir, "package.json"))) {
      cachedFolder = candidate;
      return candidate;
    }
  }
  throw new DataError("missing_file", `no datasets/ folder found above ${start}`, {
    hint: "Reinstall @myelin/data; its package ships the datasets/ folder next to dist/.",
  });
}

function unreadable(path: string, source: string, cause: unknown): DataError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DataError("missing_file", `cannot read ${path} (${reason})`, {
    source,
    hint: "Check the path and the file's permissions.",
    cause,
  });
}
