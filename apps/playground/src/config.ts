/**
 * The playground's whole configuration: what the URL hash carries and what the
 * worker builds a model and a dataset from. Plain data only, so it survives
 * `postMessage` and JSON.
 */

/** 2-D sets generated in the page. */
export const TOY_DATASETS = ["circle", "xor", "gaussians", "spiral", "surface"] as const;
/** Sets shipped with `@myelin/data`. */
export const BUNDLED_DATASETS = ["iris", "digits"] as const;

export type ToyDatasetName = (typeof TOY_DATASETS)[number];
export type BundledDatasetName = (typeof BUNDLED_DATASETS)[number];
/** `csv` is a file the user dropped on the page (kept in memory, not in the URL). */
export type DatasetName = ToyDatasetName | BundledDatasetName | "csv";

/** Optimizers offered in the form; the worker checks each against the registry. */
export const OPTIMIZERS = ["adam", "sgd", "rmsprop", "adagrad", "adamax", "adamw"] as const;

/** One hidden layer as the form edits it. Unused fields are left out. */
export interface LayerSpec {
  /** Registry name of the layer, e.g. "dense". */
  type: string;
  units?: number;
  activation?: string;
  /** Dropout rate. */
  rate?: number;
  /** Gaussian noise standard deviation. */
  stddev?: number;
  /** L1 factor of the kernel regularizer. */
  l1?: number;
  /** L2 factor of the kernel regularizer. */
  l2?: number;
}

/** Everything needed to rebuild a session from scratch. */
export interface PlaygroundConfig {
  dataset: DatasetName;
  /** Noise of a generated set, in [0, 0.5]. */
  noise: number;
  /** Share of rows used for training, in [0.1, 0.9]. */
  trainShare: number;
  /** Rows of a generated set. */
  samples: number;
  /** Seeds the data, the split and the initial weights. */
  seed: number;
  /** Hidden layers; the output layer follows from the dataset. */
  layers: LayerSpec[];
  optimizer: string;
  learningRate: number;
  batchSize: number;
}

/** Limits the form and the URL decoder enforce. */
export const LIMITS = {
  noise: [0, 0.5],
  trainShare: [0.1, 0.9],
  samples: [50, 2000],
  seed: [0, 2 ** 31 - 1],
  learningRate: [1e-5, 10],
  batchSize: [1, 512],
  units: [1, 256],
  layers: [0, 8],
  rate: [0, 0.9],
  stddev: [0, 2],
  penalty: [0, 1],
} as const satisfies Record<string, readonly [number, number]>;

/** The page's starting point: the spiral with two ReLU layers, which learn it in seconds. */
export function defaultConfig(): PlaygroundConfig {
  return {
    dataset: "spiral",
    noise: 0.05,
    trainShare: 0.7,
    samples: 600,
    seed: 1,
    layers: [
      { type: "dense", units: 16, activation: "relu" },
      { type: "dense", units: 16, activation: "relu" },
    ],
    optimizer: "adam",
    learningRate: 0.01,
    batchSize: 16,
  };
}

/** A new layer of a type with sensible starting values. */
export function defaultLayer(type: string): LayerSpec {
  switch (type) {
    case "dense":
      return { type, units: 8, activation: "relu" };
    case "dropout":
      return { type, rate: 0.2 };
    case "gaussianNoise":
      return { type, stddev: 0.1 };
    case "activation":
      return { type, activation: "relu" };
    default:
      return { type };
  }
}

/** True for the generated 2-D sets (those with a decision-boundary view). */
export function isToy(name: DatasetName): name is ToyDatasetName {
  return (TOY_DATASETS as readonly string[]).includes(name);
}

/** Clamps a number into an inclusive range. */
export function clamp(value: number, [low, high]: readonly [number, number]): number {
  return Math.min(high, Math.max(low, value));
}
