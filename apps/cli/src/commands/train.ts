import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileSystemHandler } from "@myelin/io/node";
import type { Model } from "../myelin.js";
import { parseDelimiter, splitList } from "../csv-input.js";
import { type Encoded, loadData, Preprocessor, reloadData, splitParts } from "../data-prep.js";
import { CliError } from "../errors.js";
import { openModel, saveModel } from "../model-files.js";
import {
  DEFAULT_HIDDEN,
  isSparseLoss,
  type ModelSpec,
  parseLayers,
  readModelSpec,
  resolveCompile,
  resolveLayers,
} from "../model-spec.js";
import { prepareOutputDir } from "../output-files.js";
import type { Logs, Reporter } from "../reporter.js";
import { isRunConfig, type RunConfig } from "../run-config.js";
import { buildModel, startRuntime } from "../runtime.js";
import { deriveSeed, SeedStream } from "../seeds.js";
import {
  checkCompileNames,
  checkOptimizerConfig,
  fileLayers,
  shortLayers,
} from "../spec-check.js";
import { metricUnits, scoreModel } from "./score.js";

/** Options of `myelin train`, as parsed from the command line. */
export interface TrainOptions {
  dataset?: string;
  data?: string;
  target?: string;
  /** Comma-separated feature columns. */
  features?: string;
  /** Comma-separated columns to leave out of the features. */
  ignoreColumns?: string;
  delimiter?: string;
  model?: string;
  layers?: string;
  epochs?: number;
  batchSize?: number;
  optimizer?: string;
  lr?: number;
  loss?: string;
  metrics?: string;
  validationSplit?: number;
  shuffleBeforeSplit?: boolean;
  testSplit?: number;
  seed?: number;
  backend?: string;
  out?: string;
  resume?: string;
}

/** Options that change a run, so they cannot be given with `--resume`. */
const RUN_OPTIONS: (keyof TrainOptions)[] = [
  "dataset",
  "data",
  "target",
  "features",
  "ignoreColumns",
  "delimiter",
  "model",
  "layers",
  "epochs",
  "batchSize",
  "optimizer",
  "lr",
  "loss",
  "metrics",
  "validationSplit",
  "shuffleBeforeSplit",
  "testSplit",
  "seed",
  "backend",
  "out",
];

/** A run ready to train: its model, data and where it stands. */
interface Run {
  config: RunConfig;
  model: Model;
  preprocessor: Preprocessor;
  train: Encoded;
  validation: Encoded | null;
  test: Encoded | null;
  label: string;
  out: string;
  initialEpoch: number;
  history: Logs[];
  warnings: string[];
}

/**
 * `myelin train`: trains one epoch at a time, rewriting the one checkpoint in the
 * output directory (model.json and weights.bin, replaced atomically) after each,
 * then scores the model on the test rows and saves it there once more, complete.
 *
 * Each epoch is its own `fit` call with `initialEpoch` and a seed derived from
 * (seed, epoch), so the shuffle of epoch k never depends on what ran before in the
 * process, and a resumed run ends with the same weights as an uninterrupted one.
 */
export async function train(options: TrainOptions, reporter: Reporter): Promise<void> {
  const started = performance.now();
  const run = options.resume === undefined ? await newRun(options) : await resumedRun(options);
  const { config, model } = run;
  run.warnings.forEach((warning) => reporter.warn(warning));

  reporter.start({
    dataset: run.label,
    task: config.task,
    rows: {
      train: run.train.rows,
      validation: run.validation?.rows ?? 0,
      test: run.test?.rows ?? 0,
    },
    features: run.preprocessor.featureNames.length,
    classes: run.preprocessor.classes,
    epochs: config.epochs,
    initialEpoch: run.initialEpoch,
    batchSize: config.batchSize,
    seed: config.seed,
    backend: config.backend,
    out: run.out,
    parameters: model.countParams(),
    target: run.preprocessor.targetName,
    targetScale: run.preprocessor.targetScale,
  });

  const steps = Math.ceil(run.train.rows / config.batchSize);
  for (let epoch = run.initialEpoch; epoch < config.epochs; epoch++) {
    const began = performance.now();
    reporter.epochBegin(epoch, config.epochs, steps);
    const history = await model.fit(run.train.x, run.train.y, {
      epochs: epoch + 1,
      initialEpoch: epoch,
      batchSize: config.batchSize,
      shuffle: true,
      seed: deriveSeed(config.seed, epoch, SeedStream.epoch),
      validationData: run.validation === null ? undefined : [run.validation.x, run.validation.y],
      callbacks: reporter.wantsBatches
        ? [{ onBatchEnd: (step: number, logs: Logs) => reporter.batch(step, logs) }]
        : [],
    });
    const logs = lastEpoch(history.history);
    run.history.push(logs);
    reporter.epochEnd(epoch, config.epochs, logs, (performance.now() - began) / 1000);

    await save(run, epoch + 1, false, {});
    reporter.checkpoint(epoch, run.out);
  }

  const prefix = run.test !== null ? "test" : run.validation !== null ? "validation" : "train";
  const part = run.test ?? run.validation ?? run.train;
  const metrics = scoreModel(model, run.preprocessor, part, { prefix });
  await save(run, config.epochs, true, metrics);
  const units = metricUnits(run.preprocessor, prefix);
  reporter.done(metrics, units, run.out, (performance.now() - started) / 1000);
}

async function save(run: Run, epoch: number, complete: boolean, metrics: Logs): Promise<void> {
  const { config } = run;
  await saveModel(run.out, run.model, {
    config,
    preprocessor: run.preprocessor,
    checkpoint: {
      epoch,
      seed: config.seed,
      complete,
      state: {
        history: run.history,
        // Nothing else is random: each epoch reseeds shuffling and noise from this rule.
        random: {
          rule: "epoch k shuffles and draws noise from deriveSeed(seed, k, 1)",
          nextEpochSeed: deriveSeed(config.seed, epoch, SeedStream.epoch),
        },
      },
    },
    metadata: {
      dataset: run.label,
      metrics: complete ? metrics : null,
      epochs: config.epochs,
    },
  });
}

async function newRun(options: TrainOptions): Promise<Run> {
  const seed = options.seed ?? 42;
  const backend = options.backend ?? "js";
  const testSplit = options.testSplit ?? 0.2;
  const validationSplit = options.validationSplit ?? 0;
  const shuffleBeforeSplit = options.shuffleBeforeSplit === true;
  checkFraction("--test-split", testSplit, true);
  checkFraction("--validation-split", validationSplit, true);
  if (options.model !== undefined && options.layers !== undefined) {
    throw new CliError(
      "conflicting_options",
      "--model and --layers both describe the model.",
      "Pass one of them.",
    );
  }
  if (shuffleBeforeSplit && validationSplit === 0) {
    throw new CliError(
      "conflicting_options",
      "--shuffle-before-split only changes how --validation-split picks its rows.",
      "Pass --validation-split too, such as --validation-split 0.2.",
    );
  }

  const data = await loadData({
    dataset: options.dataset,
    data: options.data,
    target: options.target,
    features: splitList(options.features),
    ignoreColumns: splitList(options.ignoreColumns),
    delimiter: options.delimiter === undefined ? undefined : parseDelimiter(options.delimiter),
  });
  const parts = splitParts(data.table, { testSplit, validationSplit, seed, shuffleBeforeSplit });
  const preprocessor = Preprocessor.fit(parts.train);
  const file = options.model;
  const spec: ModelSpec =
    file === undefined
      ? { layers: parseLayers(options.layers ?? DEFAULT_HIDDEN), complete: false, compile: {} }
      : await readModelSpec(file);
  const origin = file ?? "--layers";
  const task = preprocessor.task;
  const resolved = resolveLayers(
    spec,
    { features: preprocessor.featureNames.length, outputs: preprocessor.outputs, task },
    origin,
  );
  const compile = resolveCompile(spec.compile, options, task);
  const batchSize = options.batchSize ?? 32;
  const config: RunConfig = {
    data: data.source,
    task,
    layers: resolved.layers,
    compile,
    epochs: options.epochs ?? defaultEpochs(parts.train.features.rows, batchSize),
    batchSize,
    seed,
    testSplit,
    validationSplit,
    ...(shuffleBeforeSplit ? { shuffleBeforeSplit } : {}),
    backend: backend as RunConfig["backend"],
  };

  const out = options.out ?? defaultOut(data.label);
  if (existsSync(join(out, "model.json"))) {
    throw new CliError(
      "output_exists",
      `${out} already holds a model.`,
      `Pass --resume ${out} to continue it, or choose another --out.`,
    );
  }

  await startRuntime(backend, seed);
  // A setting the command line gave is reported as its flag, one from the file by its path.
  const where = (flag: string, given: unknown, path: string) =>
    given !== undefined || file === undefined ? flag : `${file}: compile.${path}`;
  checkCompileNames(compile, {
    optimizer: where("--optimizer", options.optimizer, "optimizer"),
    loss: where("--loss", options.loss, "loss"),
    metrics: where("--metrics", options.metrics, "metrics"),
  });
  const optimizerInFile = file !== undefined && options.optimizer === undefined;
  checkOptimizerConfig(compile.optimizer, {
    origin: optimizerInFile ? file : "--optimizer",
    ...(optimizerInFile ? { path: "compile.optimizer" } : {}),
    flags: options.lr === undefined ? {} : { learningRate: "--lr" },
  });
  const layerCount = spec.layers.length;
  const source =
    file === undefined || spec.listPath === undefined
      ? shortLayers(layerCount)
      : fileLayers(file, spec.listPath, layerCount);
  const model = buildModel(config, source);
  // Last, so a mistake found above leaves no empty directory behind.
  await prepareOutputDir(out, "--out");
  const sparse = isSparseLoss(compile.loss);
  return {
    config,
    model,
    preprocessor,
    train: preprocessor.encode(parts.train, sparse),
    validation: parts.validation === null ? null : preprocessor.encode(parts.validation, sparse),
    test: parts.test === null ? null : preprocessor.encode(parts.test, sparse),
    label: data.label,
    out,
    initialEpoch: 0,
    history: [],
    warnings: [...resolved.warnings, ...parts.warnings],
  };
}

async function resumedRun(options: TrainOptions): Promise<Run> {
  const dir = options.resume!;
  const given = RUN_OPTIONS.filter((key) => options[key] !== undefined);
  if (given.length > 0) {
    const flags = given.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new CliError(
      "conflicting_options",
      `--resume continues the run saved in ${dir} with its own settings, so ${flags.join(
        ", ",
      )} cannot be changed.`,
      "Drop those options, or start a new run without --resume.",
    );
  }

  const files = await fileSystemHandler(dir).load();
  const config = files.trainingConfig;
  const checkpoint = files.checkpoint;
  if (!isRunConfig(config) || checkpoint == null) {
    throw new CliError(
      "not_a_checkpoint",
      `${dir} holds a model but no training run to resume ` +
        "(its model.json has no run settings or checkpoint).",
      "Resume a directory written by `myelin train`.",
    );
  }
  if (checkpoint.complete || checkpoint.epoch >= config.epochs) {
    throw new CliError(
      "run_complete",
      `${dir} holds a finished run (${checkpoint.epoch} of ${config.epochs} epochs); ` +
        "there is nothing to resume.",
      `Evaluate it with \`myelin evaluate ${dir} --data FILE.csv\`, or start a new run.`,
    );
  }
  // Each epoch's checkpoint is written back here; find out now, not after an epoch.
  await prepareOutputDir(dir, "--resume");

  await startRuntime(config.backend, config.seed);
  const saved = await openModel(dir, files);
  const data = await reloadData(config.data);
  const parts = splitParts(data.table, config);
  const sparse = isSparseLoss(config.compile.loss);
  const { preprocessor } = saved;
  const history = (checkpoint.state?.history as Logs[] | undefined) ?? [];
  return {
    config,
    model: saved.model,
    preprocessor,
    train: preprocessor.encode(parts.train, sparse),
    validation: parts.validation === null ? null : preprocessor.encode(parts.validation, sparse),
    test: parts.test === null ? null : preprocessor.encode(parts.test, sparse),
    label: data.label,
    out: dir,
    initialEpoch: checkpoint.epoch,
    history: history.slice(0, checkpoint.epoch),
    warnings: parts.warnings,
  };
}

/**
 * Epochs when `--epochs` is left out: enough for about 1500 optimizer steps,
 * between 20 and 200 epochs (digits: 34 epochs of 45 steps; iris: 200 of 4).
 */
export function defaultEpochs(trainRows: number, batchSize: number): number {
  const steps = Math.max(1, Math.ceil(trainRows / batchSize));
  return Math.min(200, Math.max(20, Math.ceil(1500 / steps)));
}

function defaultOut(label: string): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = join("runs", `${label.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "_")}-${stamp}`);
  let out = base;
  for (let n = 2; existsSync(out); n++) {
    out = `${base}-${n}`;
  }
  return out;
}

function checkFraction(flag: string, value: number, zeroAllowed: boolean): void {
  const ok = Number.isFinite(value) && value < 1 && (zeroAllowed ? value >= 0 : value > 0);
  if (!ok) {
    throw new CliError(
      "invalid_option",
      `${flag} must be in [0, 1), found ${value}.`,
      `For example: ${flag} 0.2`,
    );
  }
}

function lastEpoch(history: Record<string, number[]>): Logs {
  const logs: Logs = {};
  for (const [key, values] of Object.entries(history)) {
    const value = values[values.length - 1];
    if (value !== undefined && key !== "lr") {
      logs[key] = value;
    }
  }
  return logs;
}
