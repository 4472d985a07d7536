import { closestName } from "../closest.js";
import { DataError, listNames } from "../errors.js";
import type { Task } from "../table/load-table.js";

/** Names of the bundled datasets. */
export type DatasetName = "iris" | "wine" | "breast_cancer" | "digits" | "diabetes";

/** What a bundled dataset holds and where it comes from. */
export interface DatasetInfo {
  readonly name: DatasetName;
  /** File name inside the package's `datasets/` folder. */
  readonly file: string;
  readonly rows: number;
  readonly features: number;
  /** Name of the target column (the last column). */
  readonly target: string;
  readonly task: Task;
  /** Class names in label order, for classification datasets. */
  readonly classes: readonly string[] | undefined;
  readonly description: string;
  /** Who made it, and where it was published. */
  readonly citation: string;
  readonly license: string;
}

const UCI = "UCI Machine Learning Repository";

const DATASETS: readonly DatasetInfo[] = [
  {
    name: "iris",
    file: "iris.csv",
    rows: 150,
    features: 4,
    target: "species",
    task: "classification",
    classes: ["setosa", "versicolor", "virginica"],
    description: "Sepal and petal sizes (cm) of three iris species.",
    citation: `Fisher, R. A. (1936). Iris. ${UCI}.`,
    license: "CC BY 4.0",
  },
  {
    name: "wine",
    file: "wine.csv",
    rows: 178,
    features: 13,
    target: "cultivar",
    task: "classification",
    classes: ["class_0", "class_1", "class_2"],
    description: "Chemical analysis of wines from three cultivars.",
    citation: `Forina, M. et al. Wine. ${UCI}.`,
    license: "CC BY 4.0",
  },
  {
    name: "breast_cancer",
    file: "breast_cancer.csv",
    rows: 569,
    features: 30,
    target: "diagnosis",
    task: "classification",
    classes: ["benign", "malignant"],
    description: "Cell nucleus measurements from breast mass images, benign or malignant.",
    citation:
      "Wolberg, W., Street, W. N., Mangasarian, O. (1995). Breast Cancer Wisconsin " +
      `(Diagnostic). ${UCI}.`,
    license: "CC BY 4.0",
  },
  {
    name: "digits",
    file: "digits.csv",
    rows: 1797,
    features: 64,
    target: "digit",
    task: "classification",
    classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    description: "8x8 images of handwritten digits, pixel counts 0..16.",
    citation:
      "Alpaydin, E., Kaynak, C. (1998). Optical Recognition of Handwritten Digits " +
      `(test set). ${UCI}.`,
    license: "CC BY 4.0",
  },
  {
    name: "diabetes",
    file: "diabetes.csv",
    rows: 442,
    features: 10,
    target: "progression",
    task: "regression",
    classes: undefined,
    description: "Ten raw baseline measurements and disease progression one year later.",
    citation:
      "Efron, B., Hastie, T., Johnstone, I., Tibshirani, R. (2004). Least Angle " +
      "Regression. Annals of Statistics 32(2).",
    license: "None stated by the source; copied from scikit-learn's data (BSD-3-Clause)",
  },
];

/**
 * The bundled datasets, with sizes, task, classes and provenance. Works anywhere;
 * reading the files needs `loadDataset` from `@myelin/data/node`.
 *
 * @example
 * ```ts
 * listDatasets().map((d) => `${d.name}: ${d.rows} x ${d.features}`);
 * ```
 */
export function listDatasets(): DatasetInfo[] {
  return [...DATASETS];
}

/**
 * The catalogue entry of one dataset.
 *
 * @throws {DataError} `unknown_dataset`, listing the names and the closest one.
 * @example
 * ```ts
 * datasetInfo("iris").classes; // ["setosa", "versicolor", "virginica"]
 * ```
 */
export function datasetInfo(name: string): DatasetInfo {
  const found = DATASETS.find((dataset) => dataset.name === name);
  if (found !== undefined) {
    return found;
  }
  const names = DATASETS.map((dataset) => dataset.name);
  const closest = closestName(name, names);
  const guess = closest === undefined ? "" : ` Did you mean ${JSON.stringify(closest)}?`;
  throw new DataError(
    "unknown_dataset",
    `there is no bundled dataset named ${JSON.stringify(name)}; the datasets are ${listNames(
      names,
    )}`,
    { hint: `Pass one of those names.${guess}` },
  );
}
