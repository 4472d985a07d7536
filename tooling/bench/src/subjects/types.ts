import type { LayerSpec, OptimizerSpec, WorkloadId } from "../workloads.js";

/** Ways a subject can answer whether it can run: `true`, or the reason it cannot. */
export type Availability = Promise<string | true>;

/** What every workload entry of a subject may add. */
export interface EntryBase {
  /** Checks this workload's own needs after the subject's `available()`. */
  available?(): Availability;
  /** How this subject deviates from the workload as specified, printed under the table. */
  note?: string;
}

/** One prepared product of two n x n matrices, called repeatedly while timed. */
export interface MatmulCall {
  /** Computes C = A.B and returns C's values read back into JavaScript. */
  run(): ArrayLike<number> | Promise<ArrayLike<number>>;
  dispose(): void;
}

/** The matMul workload of one subject. */
export interface MatmulEntry extends EntryBase {
  /** Uploads A and B (n x n, row-major) and returns a call to time. */
  prepare(a: Float32Array, b: Float32Array, n: number): Promise<MatmulCall>;
}

/** Everything a subject needs to build and train one model. */
export interface TrainingTask {
  workload: Exclude<WorkloadId, "matmul">;
  layers: readonly LayerSpec[];
  loss: "categoricalCrossentropy" | "meanSquaredError";
  optimizer: OptimizerSpec;
  batchSize: number;
  count: number;
  /** Inputs, row-major, with shape `xShape` = [count, ...input shape]. */
  x: Float32Array;
  xShape: readonly number[];
  /** Targets, row-major, with shape `yShape` = [count, ...output shape]. */
  y: Float32Array;
  yShape: readonly number[];
}

/** A model ready to train on the data of its task. */
export interface Trainer {
  /** Trains `epochs` epochs; resolves to the loss after each epoch when the library reports it. */
  fit(epochs: number): Promise<readonly number[] | undefined>;
  /** Runs the model on inputs of shape `shape` and returns the outputs. */
  predict?(x: Float32Array, shape: readonly number[]): Promise<ArrayLike<number>>;
  dispose?(): void;
}

/** A training workload of one subject. */
export interface TrainingEntry extends EntryBase {
  build(task: TrainingTask): Promise<Trainer>;
}

/**
 * One library (or one configuration of it) under test. `available()` runs
 * first in the child process and loads the library; entries are only used
 * after it returned `true`.
 */
export interface Subject {
  /** Row name, unique: "tfjs-wasm", "myelin-js-kernel". */
  id: string;
  family: "myelin" | "peer";
  /** Library, version and configuration, for the record. */
  library: string;
  available(): Availability;
  matmul?: MatmulEntry;
  mlp?: TrainingEntry;
  cnn?: TrainingEntry;
  lstm?: TrainingEntry;
  tutorial?: TrainingEntry;
}

/** An entry that always declines, with the reason, so the row still prints. */
export function unsupported(reason: string): TrainingEntry {
  return {
    available: async () => reason,
    build: async () => {
      throw new Error(reason);
    },
  };
}

/** Holds a library loaded by `available()`, so entries can use it without reloading. */
export class Loaded<T> {
  #value: T | undefined;

  constructor(private readonly what: string) {}

  set(value: T): T {
    this.#value = value;
    return value;
  }

  get(): T {
    if (this.#value === undefined) {
      throw new Error(`${this.what} is not loaded: call the subject's available() first.`);
    }
    return this.#value;
  }
}
