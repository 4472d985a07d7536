import type { DataSource } from "./data-prep.js";
import type { CompileSpec, LayerSpec } from "./model-spec.js";

/**
 * Everything that decides a training run, resolved from the command line. It is
 * stored in every checkpoint, so `--resume` repeats the run without options.
 */
export interface RunConfig {
  data: DataSource;
  task: "classification" | "regression";
  layers: LayerSpec[];
  compile: CompileSpec;
  epochs: number;
  batchSize: number;
  seed: number;
  testSplit: number;
  validationSplit: number;
  /** Validation rows as a stratified random sample; absent in older checkpoints. */
  shuffleBeforeSplit?: boolean;
  backend: "js" | "wasm";
}

/** True when `value` looks like a {@link RunConfig} (as read back from a checkpoint). */
export function isRunConfig(value: unknown): value is RunConfig {
  const config = value as Partial<RunConfig> | null;
  return (
    typeof config === "object" &&
    config !== null &&
    typeof config.data === "object" &&
    Array.isArray(config.layers) &&
    typeof config.compile === "object" &&
    Number.isInteger(config.epochs) &&
    Number.isInteger(config.batchSize) &&
    Number.isInteger(config.seed) &&
    typeof config.testSplit === "number" &&
    typeof config.validationSplit === "number"
  );
}
