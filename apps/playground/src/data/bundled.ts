import { DataError, loadTable, parseCsv, type Table } from "@myelin/data";
import type { BundledDatasetName } from "../config.js";
import type { RawDataset, ScalerStats } from "./dataset.js";

/** Largest pixel count in the digits set (each 8x8 cell counts 0..16 pen hits). */
export const DIGIT_MAX = 16;

/** Target column of each bundled set, as `@myelin/data`'s catalogue names it. */
const TARGETS: Record<BundledDatasetName, string> = { iris: "species", digits: "digit" };

// `@myelin/data` reads its bundled CSV files with `node:fs`, which browsers lack,
// so the page imports the same files as text. Each is its own chunk, fetched on
// first use.
const SOURCES: Record<BundledDatasetName, () => Promise<{ default: string }>> = {
  iris: () => import("../../../../packages/data/datasets/iris.csv?raw"),
  digits: () => import("../../../../packages/data/datasets/digits.csv?raw"),
};

/**
 * Loads a bundled set. Iris features are standardised after the split; digit
 * pixels are divided by 16, so the drawing pad (which makes values in [0, 1])
 * feeds the model what it was trained on.
 */
export async function loadBundled(name: BundledDatasetName): Promise<RawDataset> {
  const text = (await SOURCES[name]()).default;
  const table = loadTable(text, {
    target: TARGETS[name],
    source: `${name}.csv`,
    task: "classification",
  });
  return fromTable(table, name, name === "iris" ? "standard" : "divide");
}

/**
 * Reads a CSV file the user dropped: the last column is the target, a class
 * when it holds text or a few integers, else a number to regress on.
 *
 * @throws DataError from `@myelin/data` naming the row and column of a bad cell.
 */
export function loadCsv(text: string, fileName: string): RawDataset {
  const parsed = parseCsv(text, { source: fileName });
  const target = parsed.columns[parsed.columns.length - 1];
  if (parsed.columns.length < 2 || target === undefined) {
    throw new DataError(
      "invalid_option",
      "a CSV needs at least two columns (features, then the target), " +
        `found ${parsed.columns.length}`,
      { source: fileName, hint: "Put a header line first; the last column is predicted." },
    );
  }
  const table = loadTable(parsed, { target: target.name, source: fileName });
  return fromTable(table, fileName, "standard");
}

function fromTable(table: Table, name: string, scaling: "standard" | "divide"): RawDataset {
  const x =
    scaling === "divide" ? table.features.data.map((v) => v / DIGIT_MAX) : table.features.data;
  const target = table.target;
  const common = {
    name,
    featureNames: [...table.featureNames],
    targetName: target.name,
    x,
    scaling:
      scaling === "divide"
        ? `pixel counts divided by ${DIGIT_MAX}`
        : target.kind === "regression"
        ? "features and target standardised with the training rows' mean and deviation"
        : "standardised with the training rows' mean and deviation",
    standardize: scaling === "standard",
    ...(scaling === "divide" ? { scaler: divideScaler(table.featureNames.length) } : {}),
  };
  if (target.kind === "regression") {
    return { ...common, task: "regression", y: Float32Array.from(target.values), classes: [] };
  }
  return {
    ...common,
    task: "classification",
    y: Float32Array.from(target.labels),
    classes: [...target.classes],
  };
}

/** Division by 16 written as the min-max scaler `@myelin/data` (and the CLI) can replay. */
function divideScaler(cols: number): ScalerStats {
  return {
    kind: "min-max",
    version: 1,
    min: new Array<number>(cols).fill(0),
    scale: new Array<number>(cols).fill(DIGIT_MAX),
    range: [0, 1],
  };
}
