import type { Layer, LayerShape } from "@myelin/layers";
import { formatLayerShape } from "@myelin/layers";
import { getLoss, isBuiltInLoss, type Loss, serializeLoss } from "@myelin/losses";
import { getOptimizer, type Optimizer, serializeOptimizer } from "@myelin/optimizers";
import {
  defaultRegistry,
  normalizeName,
  type Registry,
  type SerializedObject,
} from "@myelin/registry";
import {
  add,
  argmax,
  checkOptionKeys,
  concat,
  describeArgument,
  formatShape,
  gather,
  Generator,
  globalRandom,
  isTensor,
  logMessage,
  MyelinError,
  mul,
  noGrad,
  ShapeError,
  slice,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  type Variable,
  variableGrads,
  zeros,
} from "@myelin/tensor-core";
import {
  type Callback,
  CallbackList,
  History,
  type Logs,
  type TrainingParams,
} from "./callbacks/base.js";
import { activationHealth, type HealthReport, type LayerHealth } from "./callbacks/health.js";
import {
  assertFinite,
  assertSameSampleCount,
  isMatrix,
  type ModelData,
  toTensorList,
  warnIfUnscaled,
} from "./data.js";
import { getMetric, type LossHint, type Metric, type MetricSpec } from "./metrics.js";
import {
  getWeightData,
  loadWeightsInto,
  type ModelArtifacts,
  type ModelJSON,
  type SaveHandler,
  saveArtifacts,
  toModelJSON,
  type WeightEntry,
} from "./serialization.js";
import { summarize, type SummaryOptions } from "./summary.js";

/** Options every model accepts. */
export interface ModelArgs {
  name?: string;
  /** Seeds weight initialization, dropout and shuffling; default: drawn from the global generator. */
  seed?: number;
  /** Where compile and loading look up names (default the process-wide registry). */
  registry?: Registry;
}

/** A loss as compile accepts it. */
export type LossSpec =
  string | SerializedObject | Loss | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/** Options of {@link Model.compile}. */
export interface CompileArgs {
  /** A name ("adam"), `{ className, config }`, or an optimizer instance. */
  optimizer: string | SerializedObject | Optimizer;
  /** One loss for every output, one per output, or one per output name. */
  loss: LossSpec | readonly LossSpec[] | Readonly<Record<string, LossSpec>>;
  /** Metrics for every output, or per output name. "accuracy" picks the form that fits the loss. */
  metrics?: readonly MetricSpec[] | Readonly<Record<string, readonly MetricSpec[]>>;
  /** Weights of each output's loss in the total (default 1 each). */
  lossWeights?: readonly number[] | Readonly<Record<string, number>>;
}

/** Validation data: arrays, or `{ x, y, sampleWeight }`. */
export type ValidationData =
  | readonly [ModelData, ModelData]
  | readonly [ModelData, ModelData, SampleWeights]
  | { x: ModelData; y: ModelData; sampleWeight?: SampleWeights };

/** One weight per sample. */
export type SampleWeights = Tensor | Float32Array | readonly number[];

/** Options of {@link Model.fit}. */
export interface FitOptions {
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Fraction of rows, taken from the end before shuffling, held out for validation; in (0, 1). */
  validationSplit?: number;
  validationData?: ValidationData;
  /** Reorder the training rows each epoch (default true). */
  shuffle?: boolean;
  /** Weight of each class in the loss, by class index. */
  classWeight?: Readonly<Record<number, number>>;
  sampleWeight?: SampleWeights;
  callbacks?: readonly Callback[];
  /** 1: a line per epoch through tensor-core's logger at level "info" (default 0: silent). */
  verbose?: 0 | 1;
  /** Epoch to start counting from, to resume training (default 0). */
  initialEpoch?: number;
  /** Seeds shuffling and the layers' noise for this fit, so it repeats exactly. */
  seed?: number;
  /** Reject NaN and infinite values in x and y before training (default true). */
  checkFinite?: boolean;
}

/** Options of {@link Model.evaluate}. */
export interface EvaluateOptions {
  batchSize?: number;
  sampleWeight?: SampleWeights;
  checkFinite?: boolean;
}

/** A batch from a dataset: tensors, nested arrays or `{ data, rows, cols }` matrices. */
export interface DatasetBatch {
  x: ModelData;
  y: ModelData;
  sampleWeight?: SampleWeights;
}

/** A dataset fit can read again each epoch, or a function making a fresh one. */
export type Dataset =
  | AsyncIterable<DatasetBatch>
  | Iterable<DatasetBatch>
  | (() => AsyncIterable<DatasetBatch> | Iterable<DatasetBatch>);

/** Options of fit when the data is a dataset of batches. */
export type DatasetFitOptions = Omit<
  FitOptions,
  "batchSize" | "validationSplit" | "shuffle" | "sampleWeight" | "validationData"
> & {
  validationData?: ValidationData | Dataset;
};

/** @internal The keys of {@link ModelArgs}, which sequential and model check. */
export const MODEL_KEYS = ["name", "seed", "registry"] as const;
const COMPILE_KEYS = ["optimizer", "loss", "metrics", "lossWeights"] as const;
const FIT_KEYS = [
  "epochs",
  "batchSize",
  "validationSplit",
  "validationData",
  "shuffle",
  "classWeight",
  "sampleWeight",
  "callbacks",
  "verbose",
  "initialEpoch",
  "seed",
  "checkFinite",
] as const;
const DATASET_FIT_KEYS = FIT_KEYS.filter(
  (key) => !["batchSize", "validationSplit", "shuffle", "sampleWeight"].includes(key),
);
const EVALUATE_KEYS = ["batchSize", "sampleWeight", "checkFinite"] as const;

/** @internal What compile resolved. */
interface Compiled {
  losses: Loss[];
  lossWeights: number[];
  metricSpecs: MetricSpec[][];
  lossHints: (LossHint & { builtIn: boolean })[];
  spec: {
    optimizer: SerializedObject;
    loss: unknown[];
    metrics: unknown[][];
    lossWeights: number[];
  };
}

/** @internal One input of a model, for shape checks. */
export interface ModelInput {
  name: string;
  /** The shape with `null` batch axis, or null while unknown (a sequential model without inputShape). */
  shape: LayerShape | null;
  /** The layer whose label names the input in errors. */
  layer: Layer;
}

function isDataset(value: unknown): value is Dataset {
  if (typeof value === "function") {
    return true;
  }
  if (
    typeof value !== "object" ||
    value === null ||
    isTensor(value) ||
    isMatrix(value) ||
    Array.isArray(value)
  ) {
    return false;
  }
  return Symbol.asyncIterator in value || Symbol.iterator in value;
}

/**
 * A trainable network: the base of sequential and functional models. It
 * holds the compile state and runs fit, evaluate and predict.
 *
 * `O` is what predict returns: one tensor, or one per output.
 */
export abstract class Model<O extends Tensor | Tensor[] = Tensor | Tensor[]> {
  readonly name: string;
  readonly registry: Registry;
  /** Set by callbacks (early stopping) to end fit after the current batch. */
  stopTraining = false;
  optimizer: Optimizer | null = null;
  /** @internal */
  protected generator: Generator;
  private compiled: Compiled | null = null;
  private lastUsedRate = NaN;

  constructor(args: ModelArgs = {}) {
    this.name = args.name ?? "model";
    this.registry = args.registry ?? defaultRegistry;
    this.generator = args.seed === undefined ? globalRandom().split() : new Generator(args.seed);
  }

  /** The layers that compute, in execution order (input layers excluded). */
  abstract get layers(): readonly Layer[];
  /** @internal */
  abstract get modelInputs(): readonly ModelInput[];
  /** Output shapes (batch axis null); empty while the model is not built. */
  abstract get outputShapes(): readonly LayerShape[];
  /** Names of the outputs (their layers' names). */
  abstract get outputNames(): readonly string[];
  /** @internal Builds the model (if needed) for these inputs, checking their shapes. */
  protected abstract prepare(inputs: readonly Tensor[]): void;
  /** @internal The forward pass; `record` collects each layer's output when given. */
  protected abstract forward(
    inputs: readonly Tensor[],
    training: boolean,
    record?: Map<Layer, Tensor>,
  ): Tensor[];
  /** @internal The topology part of toJSON. */
  abstract topologyJSON(): { modelClass: string; topology: Record<string, unknown> };

  /** Shapes of the inputs (batch axis null), or null entries while unknown. */
  get inputShapes(): (LayerShape | null)[] {
    return this.modelInputs.map((i) => i.shape);
  }

  /** True once compile() ran. */
  get isCompiled(): boolean {
    return this.compiled !== null;
  }

  /** @internal The serializable part of compile, for toJSON. */
  get trainingConfig(): Compiled["spec"] | null {
    return this.compiled?.spec ?? null;
  }

  private uniqueWeights(select: (layer: Layer) => Variable[]): Variable[] {
    const seen = new Set<Variable>();
    for (const layer of this.layers) {
      for (const v of select(layer)) {
        seen.add(v);
      }
    }
    return [...seen];
  }

  /** Every weight, layer by layer. */
  get weights(): Variable[] {
    return this.uniqueWeights((l) => l.weights);
  }

  get trainableWeights(): Variable[] {
    return this.uniqueWeights((l) => l.trainableWeights);
  }

  get nonTrainableWeights(): Variable[] {
    return this.uniqueWeights((l) => l.nonTrainableWeights);
  }

  /** Number of scalars in all weights. */
  countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** Copies of every weight, layer by layer (each layer's in creation order). */
  getWeights(): Tensor[] {
    return this.uniqueLayers().flatMap((l) => l.getWeights());
  }

  /**
   * Overwrites every weight, in getWeights() order.
   *
   * @throws ShapeError naming the layer and weight at the first mismatch.
   */
  setWeights(values: readonly Tensor[]): void {
    const layers = this.uniqueLayers();
    const total = layers.reduce((n, l) => n + l.weights.length, 0);
    if (values.length !== total) {
      throw new ShapeError(
        `${this.name}.setWeights`,
        {},
        `the model has ${total} weights but ${values.length} values were given`,
        "Pass one tensor per weight, in getWeights() order.",
      );
    }
    let offset = 0;
    for (const layer of layers) {
      const count = layer.weights.length;
      layer.setWeights(values.slice(offset, offset + count));
      offset += count;
    }
  }

  private uniqueLayers(): Layer[] {
    return [...new Set(this.layers)];
  }

  /**
   * Sets the optimizer, the loss(es) and the metrics. Names are looked up in
   * the model's registry, then among the built-ins.
   *
   * @example
   * model.compile({ optimizer: "adam", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
   */
  compile(args: CompileArgs): void {
    checkOptionKeys("compile", args, COMPILE_KEYS);
    if (args === undefined || args.optimizer === undefined || args.loss === undefined) {
      const missing = [args?.optimizer, args?.loss]
        .map((v, i) => (v === undefined ? ["optimizer", "loss"][i] : null))
        .filter((v) => v !== null);
      throw new ValueError(
        "compile",
        `an optimizer and a loss are required, but ${missing.join(" and ")} ` +
          `${missing.length > 1 ? "are" : "is"} missing`,
        'Pass e.g. { optimizer: "sgd", loss: "meanSquaredError" }.',
      );
    }
    const outputs = this.outputNames;
    const count = Math.max(1, outputs.length);
    const perOutput = <T>(
      what: string,
      value: T | readonly T[] | Readonly<Record<string, T>>,
      fallback: T | undefined,
      isItem: (v: unknown) => boolean,
    ): T[] => {
      if (Array.isArray(value)) {
        if (value.length !== count) {
          throw new ValueError(
            "compile",
            `${what} lists ${value.length} entries but the model has ${count} outputs`,
            `Pass one per output (${outputs.join(", ")}), or a single one for all.`,
          );
        }
        return [...(value as T[])];
      }
      if (!isItem(value) && typeof value === "object" && value !== null) {
        const record = value as Readonly<Record<string, T>>;
        const unknown = Object.keys(record).filter((k) => !outputs.includes(k));
        if (unknown.length > 0) {
          throw new ValueError(
            "compile",
            `${what} names ${unknown.join(", ")}, which are not outputs`,
            `The outputs are: ${outputs.join(", ")}.`,
          );
        }
        return Array.from({ length: count }, (_, i) => {
          const item = record[outputs[i]!] ?? fallback;
          if (item === undefined) {
            throw new ValueError(
              "compile",
              `${what} has no entry for output ${outputs[i]}`,
              "Give every output one.",
            );
          }
          return item;
        });
      }
      return Array.from({ length: count }, () => value as T);
    };
    const isLossItem = (v: unknown) =>
      typeof v === "string" ||
      typeof v === "function" ||
      (typeof v === "object" && v !== null && "className" in v);
    const lossSpecs = perOutput<LossSpec>("loss", args.loss, undefined, isLossItem);
    const losses = lossSpecs.map((spec) => getLoss(spec, this.registry));
    const lossWeights =
      args.lossWeights === undefined
        ? new Array<number>(count).fill(1)
        : perOutput<number>("lossWeights", args.lossWeights, 1, (v) => typeof v === "number");
    lossWeights.forEach((w) => {
      if (typeof w !== "number" || !(w >= 0) || !Number.isFinite(w)) {
        throw new ValueError(
          "compile",
          describeArgument("a loss weight", w, "a finite number >= 0"),
          "Loss weights must be finite and non-negative.",
        );
      }
    });
    const metricSpecs =
      args.metrics === undefined
        ? Array.from({ length: count }, () => [] as MetricSpec[])
        : Array.isArray(args.metrics)
          ? Array.from({ length: count }, () => [...(args.metrics as MetricSpec[])])
          : perOutput<readonly MetricSpec[]>(
              "metrics",
              args.metrics as Readonly<Record<string, readonly MetricSpec[]>>,
              [],
              Array.isArray,
            ).map((m) => [...m]);
    const lossHints = losses.map((loss) => ({
      name: loss.name,
      fromLogits: loss.fromLogits === true,
      builtIn: isBuiltInLoss(loss),
    }));
    const optimizer = getOptimizer(args.optimizer, this.registry);
    // Validate the metric names now rather than at the first batch.
    metricSpecs.forEach((specs, i) =>
      specs.forEach((s) => getMetric(s, this.registry, lossHints[i]!)),
    );
    this.optimizer = optimizer;
    this.compiled = {
      losses,
      lossWeights,
      metricSpecs,
      lossHints,
      spec: {
        optimizer: serializeOptimizer(optimizer),
        loss: losses.map((loss) => serializeLoss(loss)),
        metrics: metricSpecs.map((specs) => specs.map((s) => serializeMetricSpec(s))),
        lossWeights,
      },
    };
  }

  private requireCompiled(op: string): Compiled {
    if (this.compiled === null || this.optimizer === null) {
      throw new MyelinError("not_compiled", `${op}: the model is not compiled.`, {
        hint: 'Call model.compile({ optimizer: "sgd", loss: "meanSquaredError" }) first.',
      });
    }
    return this.compiled;
  }

  /** Fresh metric instances per output, with their log names. */
  private makeMetrics(compiled: Compiled): Metric[][] {
    return compiled.metricSpecs.map((specs, i) =>
      specs.map((s) => getMetric(s, this.registry, compiled.lossHints[i]!)),
    );
  }

  private metricKey(output: number, metric: Metric): string {
    return this.outputNames.length > 1 ? `${this.outputNames[output]}_${metric.name}` : metric.name;
  }

  /**
   * Converts and checks x (and y) for an operation. `owned` lists the tensors
   * made here (from arrays or matrices), which the caller disposes when done.
   */
  private prepareData(
    op: string,
    x: ModelData,
    y: ModelData | null,
    checkFinite: boolean,
  ): { xs: Tensor[]; ys: Tensor[]; samples: number; owned: Tensor[] } {
    const xs = toTensorList(op, "x", x, this.modelInputs.length);
    const ys =
      y === null ? [] : toTensorList(op, "y", y, Math.max(1, this.outputNames.length || 1));
    const given = new Set<unknown>([
      x,
      y,
      ...(Array.isArray(x) ? x : []),
      ...(Array.isArray(y) ? y : []),
    ]);
    const owned = [...xs, ...ys].filter((t) => !given.has(t));
    try {
      const samples = assertSameSampleCount(op, [
        ["x", xs],
        ["y", ys],
      ]);
      if (checkFinite) {
        xs.forEach((t, i) => assertFinite(op, xs.length > 1 ? `x[${i}]` : "x", t));
        ys.forEach((t, i) => assertFinite(op, ys.length > 1 ? `y[${i}]` : "y", t));
      }
      this.prepare(xs);
      return { xs, ys, samples, owned };
    } catch (error) {
      disposeAll(owned);
      throw error;
    }
  }

  /** Checks each target against its output before any step runs. */
  private assertTargets(
    op: string,
    compiled: Compiled,
    xs: readonly Tensor[],
    ys: readonly Tensor[],
  ): void {
    ys.forEach((y, i) => {
      const out = this.outputShapes[i];
      const hint = compiled.lossHints[i];
      // A custom loss may take any target shape; only the built-ins are checked.
      if (out === undefined || hint === null || hint === undefined || !hint.builtIn) {
        return;
      }
      const sparse = normalizeName(hint.name).includes("sparse");
      const found = y.shape.slice(1);
      const expected = out.slice(1);
      const fits = sparse ? targetFitsSparse(found, expected) : targetFits(found, expected);
      if (fits) {
        return;
      }
      const what = ys.length > 1 ? `y[${i}] (output ${this.outputNames[i]})` : "the target y";
      const output = formatLayerShape(out).replace(/\*/g, "null");
      throw new ShapeError(
        op,
        { y: y.shape },
        `${what} is ${formatShape(y.shape)} but the model's output is ${output} (loss ${hint.name})`,
        this.targetHint(sparse, hint.name, y, out, xs),
        "target_shape_mismatch",
      );
    });
  }

  private targetHint(
    sparse: boolean,
    loss: string,
    y: Tensor,
    out: LayerShape,
    xs: readonly Tensor[],
  ): string {
    const recurrent = this.layers.some(
      (l) => (l.getConfig() as { returnSequences?: unknown }).returnSequences === false,
    );
    const x = xs[0];
    if (
      recurrent &&
      out.length === 2 &&
      x !== undefined &&
      x.rank === 3 &&
      y.rank >= 2 &&
      y.shape[1] === x.shape[1]
    ) {
      return (
        `The target has one value per time step (${y.shape[1]} steps) but the model returns one per sequence: ` +
        `set returnSequences: true on the recurrent layer and pass targets of shape [${y.shape[0]}, ${y.shape[1]}, ${out[1]}].`
      );
    }
    if (
      !sparse &&
      normalizeName(loss).includes("categorical") &&
      (y.rank === 1 || y.shape[1] === 1) &&
      (out[out.length - 1] ?? 0) > 1
    ) {
      return "The target looks like integer class labels: use sparseCategoricalCrossentropy, or one-hot encode the labels.";
    }
    if (sparse) {
      return "sparseCategoricalCrossentropy takes one integer label per sample, shape [n] or [n, 1].";
    }
    return "Give the target the output's shape (a trailing axis of size 1 may be left out), or change the last layer.";
  }

  private sampleWeightsFor(
    op: string,
    samples: number,
    ys: readonly Tensor[],
    compiled: Compiled,
    sampleWeight: SampleWeights | undefined,
    classWeight: Readonly<Record<number, number>> | undefined,
  ): Float32Array | null {
    if (sampleWeight === undefined && classWeight === undefined) {
      return null;
    }
    const weights = new Float32Array(samples).fill(1);
    if (sampleWeight !== undefined) {
      const values = isTensor(sampleWeight) ? sampleWeight.data() : sampleWeight;
      if (values.length !== samples) {
        throw new ShapeError(
          op,
          {},
          `sampleWeight has ${values.length} entries but there are ${samples} samples`,
          "Pass one weight per sample.",
        );
      }
      for (let i = 0; i < samples; i++) {
        const w = Number(values[i]);
        if (!(w >= 0) || !Number.isFinite(w)) {
          throw new ValueError(
            op,
            `sampleWeight ${i} is ${w}`,
            "Sample weights must be finite and non-negative.",
          );
        }
        weights[i] = w;
      }
    }
    if (classWeight !== undefined) {
      const y = ys[0]!;
      const labels = classLabels(y, compiled.lossHints[0] ?? null);
      for (let i = 0; i < samples; i++) {
        const w = classWeight[labels[i]!];
        weights[i]! *= w === undefined ? 1 : w;
      }
    }
    return weights;
  }

  /**
   * Trains the model.
   *
   * Arrays: x and y are tensors, nested arrays or `{ data, rows, cols }`
   * matrices (a list of them for several inputs or outputs). Each epoch runs
   * over the training rows in batches; with `validationSplit` the last rows
   * (taken before shuffling) are held out, and `shuffle` reorders only the
   * training rows. The epoch loss is the sample-weighted mean of the batch
   * losses.
   *
   * Datasets: pass an iterable of `{ x, y }` batches (async or not, iterated
   * again each epoch) as x, and the options second.
   *
   * @throws ShapeError before training when counts or shapes do not fit (naming both).
   * @throws ValueError for empty data, NaN or infinite values (naming the row and column),
   *   or options out of range.
   * @example
   * const history = await model.fit(x, y, { epochs: 10, validationSplit: 0.2 });
   * history.history.loss // one value per epoch
   */
  async fit(dataset: Dataset, options?: DatasetFitOptions): Promise<History>;
  async fit(x: ModelData, y: ModelData, options?: FitOptions): Promise<History>;
  async fit(
    x: ModelData | Dataset,
    y?: ModelData | DatasetFitOptions,
    options: FitOptions = {},
  ): Promise<History> {
    if (isDataset(x)) {
      checkOptionKeys(
        "fit",
        y,
        DATASET_FIT_KEYS,
        "A dataset brings its own batches: batchSize, validationSplit, shuffle and " +
          "sampleWeight belong to fit(x, y, options).",
      );
      return this.fitDataset(x, (y ?? {}) as DatasetFitOptions);
    }
    if (y === undefined) {
      throw new ValueError(
        "fit",
        "y is missing",
        "Pass targets: fit(x, y, options), or a dataset of { x, y } batches.",
      );
    }
    const op = "fit";
    checkOptionKeys(op, options, FIT_KEYS);
    const compiled = this.requireCompiled(op);
    const epochs = checkCount(op, "epochs", options.epochs ?? 1, 0);
    const batchSize = checkCount(op, "batchSize", options.batchSize ?? 32, 1);
    const initialEpoch = checkCount(op, "initialEpoch", options.initialEpoch ?? 0, 0);
    const checkFinite = options.checkFinite ?? true;
    const { xs, ys, samples, weights, owned } = this.labelledData(
      op,
      op,
      compiled,
      { x, y: y as ModelData, sampleWeight: options.sampleWeight, classWeight: options.classWeight },
      checkFinite,
      { reason: "the training data is empty (0 samples)", hint: "Pass at least one row of x and y." },
    );
    try {
      let trainCount = samples;
      let validation: { xs: Tensor[]; ys: Tensor[]; weights: Float32Array | null } | null = null;
      if (options.validationSplit !== undefined) {
        const split: unknown = options.validationSplit;
        if (typeof split !== "number" || !(split > 0 && split < 1)) {
          throw new ValueError(
            op,
            typeof split === "number"
              ? `validationSplit is ${split}, but it must be in (0, 1)`
              : describeArgument("validationSplit", split, "a number in (0, 1)"),
            "Pass the held-out fraction, e.g. 0.2.",
          );
        }
        trainCount = Math.floor(samples * (1 - split));
        if (trainCount === 0) {
          throw new ValueError(
            op,
            `validationSplit ${split} of ${samples} samples leaves 0 training rows (floor(${samples} * (1 - ${split})) = 0)`,
            "Use more data or a smaller validationSplit.",
          );
        }
        if (trainCount === samples) {
          throw new ValueError(
            op,
            `validationSplit ${split} of ${samples} samples leaves no validation rows`,
            "Use a larger validationSplit.",
          );
        }
        const rest = Array.from({ length: samples - trainCount }, (_, i) => trainCount + i);
        validation = {
          xs: xs.map((t) => takeRows(t, rest)),
          ys: ys.map((t) => takeRows(t, rest)),
          weights: weights === null ? null : weights.slice(trainCount),
        };
        owned.push(...validation.xs, ...validation.ys);
      } else if (options.validationData !== undefined) {
        const given = this.validationFrom(op, options.validationData, compiled, checkFinite);
        owned.push(...given.owned);
        validation = given;
      }
      if (xs[0]) {
        warnIfUnscaled(op, xs[0]);
      }
      const shuffle = options.shuffle ?? true;
      const { shuffler } = this.seedRun(options.seed);
      const steps = Math.ceil(trainCount / batchSize);
      const callbacks = this.callbackList(options, {
        epochs,
        initialEpoch,
        steps,
        samples: trainCount,
        batchSize,
        validation: validation !== null,
      });
      const history = new History();
      const order = new Int32Array(trainCount);
      this.stopTraining = false;
      await callbacks.call("onTrainBegin", {});
      for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
        // Epoch hooks are awaited only when one returned a promise, so the
        // epochs of a small model do not each pay for a microtask round trip.
        const begun = callbacks.call("onEpochBegin", epoch, {});
        if (begun !== undefined) {
          await begun;
        }
        for (let i = 0; i < trainCount; i++) {
          order[i] = i;
        }
        // A single batch holds every row, and its mean loss does not depend on their order.
        const ordered = !shuffle || steps === 1;
        if (!ordered) {
          shuffler.shuffle(order);
        }
        const metrics = this.makeMetrics(compiled);
        let lossSum = 0;
        let weightSum = 0;
        const partSums = new Array<number>(ys.length).fill(0);
        for (let step = 0; step < steps && !this.stopTraining; step++) {
          const start = step * batchSize;
          const size = Math.min(batchSize, trainCount - start);
          const batchLogs: Logs = { batch: step, size };
          if (callbacks.wantsBatchBegin) {
            await callbacks.call("onBatchBegin", step, batchLogs);
          }
          const indices = order.subarray(start, start + size);
          const contiguous = ordered;
          const health = callbacks.healthEvery > 0 && step % callbacks.healthEvery === 0;
          const result = this.trainStep(
            compiled,
            metrics,
            xs,
            ys,
            weights,
            indices,
            contiguous ? start : -1,
            health,
          );
          // Batch losses are means over their rows; the epoch weighs each by its row count.
          lossSum += result.loss * size;
          weightSum += size;
          result.parts.forEach((p, i) => (partSums[i]! += p * size));
          if (callbacks.wantsBatchEnd) {
            batchLogs.loss = result.loss;
            this.addMetricLogs(batchLogs, metrics, "");
            await callbacks.call("onBatchEnd", step, batchLogs);
          }
          if (result.health) {
            await callbacks.health({ ...result.health, epoch, batch: step }, step);
          }
        }
        const logs: Logs = { loss: lossSum / weightSum };
        if (ys.length > 1) {
          partSums.forEach((s, i) => (logs[`${this.outputNames[i]}_loss`] = s / weightSum));
        }
        this.addMetricLogs(logs, metrics, "");
        if (validation !== null) {
          const val = this.evaluateTensors(
            compiled,
            validation.xs,
            validation.ys,
            validation.weights,
            batchSize,
          );
          for (const [key, value] of Object.entries(val)) {
            logs[`val_${key}`] = value;
          }
        }
        logs.lr = this.lastUsedRate;
        history.record(epoch, logs);
        const ended = callbacks.call("onEpochEnd", epoch, logs);
        if (ended !== undefined) {
          await ended;
        }
      }
      await callbacks.call("onTrainEnd", {});
      return history;
    } finally {
      disposeAll(owned);
    }
  }

  private callbackList(
    options: { callbacks?: readonly Callback[]; verbose?: 0 | 1 },
    params: TrainingParams,
  ): CallbackList {
    const list = [...(options.callbacks ?? [])];
    if (options.verbose === 1) {
      list.push(verboseLogger());
    }
    const callbacks = new CallbackList(list);
    callbacks.setup(this, params);
    return callbacks;
  }

  /** Reseeds shuffling and each layer's noise from `seed`, or continues the model's stream. */
  private seedRun(seed: number | undefined): { shuffler: Generator } {
    if (seed === undefined) {
      return { shuffler: this.generator };
    }
    const root = new Generator(seed);
    const shuffler = root.split();
    for (const layer of this.layers) {
      layer.seedGenerator(() => root.split());
    }
    return { shuffler };
  }

  /**
   * Inputs and targets as tensors, checked against the model (not empty,
   * targets fitting the outputs), with their per-sample weights. `label`
   * names the data in messages (e.g. "fit (validationData)"); what it made is
   * freed if a check fails.
   */
  private labelledData(
    op: string,
    label: string,
    compiled: Compiled,
    data: {
      x: ModelData;
      y: ModelData;
      sampleWeight?: SampleWeights | undefined;
      classWeight?: Readonly<Record<number, number>> | undefined;
    },
    checkFinite: boolean,
    empty: { reason: string; hint: string },
  ): { xs: Tensor[]; ys: Tensor[]; samples: number; weights: Float32Array | null; owned: Tensor[] } {
    const { xs, ys, samples, owned } = this.prepareData(label, data.x, data.y, checkFinite);
    try {
      if (samples === 0) {
        throw new ValueError(op, empty.reason, empty.hint);
      }
      this.assertTargets(label, compiled, xs, ys);
      const weights = this.sampleWeightsFor(
        op,
        samples,
        ys,
        compiled,
        data.sampleWeight,
        data.classWeight,
      );
      return { xs, ys, samples, weights, owned };
    } catch (error) {
      disposeAll(owned);
      throw error;
    }
  }

  private validationFrom(
    op: string,
    data: ValidationData,
    compiled: Compiled,
    checkFinite: boolean,
  ): { xs: Tensor[]; ys: Tensor[]; weights: Float32Array | null; owned: Tensor[] } {
    const [vx, vy, vw] = Array.isArray(data)
      ? data
      : [
          (data as { x: ModelData }).x,
          (data as { y: ModelData }).y,
          (data as { sampleWeight?: SampleWeights }).sampleWeight,
        ];
    const { xs, ys, weights, owned } = this.labelledData(
      op,
      `${op} (validationData)`,
      compiled,
      { x: vx as ModelData, y: vy as ModelData, sampleWeight: vw as SampleWeights | undefined },
      checkFinite,
      {
        reason: "validationData is empty (0 samples)",
        hint: "Pass at least one validation row, or leave validationData out.",
      },
    );
    return { xs, ys, weights, owned };
  }

  private addMetricLogs(logs: Logs, metrics: Metric[][], prefix: string): void {
    metrics.forEach((list, i) =>
      list.forEach((m) => (logs[prefix + this.metricKey(i, m)] = m.result())),
    );
  }

  /** The loss of each output and their weighted total, plus the weights' penalties. */
  private lossOf(
    compiled: Compiled,
    ys: readonly Tensor[],
    outputs: readonly Tensor[],
    weights: Tensor | null,
    training: boolean,
  ): { total: Tensor; parts: Tensor[] } {
    const parts = outputs.map((out, i) => compiled.losses[i]!(ys[i]!, out, weights ?? undefined));
    let total: Tensor | null = null;
    parts.forEach((part, i) => {
      const w = compiled.lossWeights[i]!;
      const weighted = w === 1 ? part : mul(part, w);
      total = total === null ? weighted : add(total, weighted);
    });
    const penalties = this.uniqueLayers().flatMap((l) =>
      training ? l.losses : l.losses.slice(0, countWeightPenalties(l)),
    );
    for (const penalty of penalties) {
      total = add(total!, penalty);
    }
    return { total: total!, parts };
  }

  /** One optimizer step on a batch; returns the batch loss. */
  private trainStep(
    compiled: Compiled,
    metrics: Metric[][],
    xs: readonly Tensor[],
    ys: readonly Tensor[],
    weights: Float32Array | null,
    indices: Int32Array,
    contiguousStart: number,
    withHealth: boolean,
  ): { loss: number; parts: number[]; health: Omit<HealthReport, "epoch"> | null } {
    const optimizer = this.optimizer!;
    return tidy(() => {
      const rows = indices.length;
      // One index tensor serves every input and target of the batch.
      const index = contiguousStart >= 0 ? null : tensor(indices, [rows]);
      const take = (t: Tensor): Tensor =>
        index === null ? sliceRows(t, contiguousStart, rows) : gather(t, index);
      const xb = xs.map(take);
      const yb = ys.map(take);
      const wb =
        weights === null
          ? null
          : tensor(
              Float32Array.from(indices, (i) => weights[i]!),
              [rows],
            );
      for (const layer of this.layers) {
        layer.resetActivityLosses();
      }
      const record = withHealth ? new Map<Layer, Tensor>() : undefined;
      let outputs: Tensor[] = [];
      let parts: Tensor[] = [];
      const trainable = this.trainableWeights;
      const { value, grads } = variableGrads(() => {
        outputs = this.forward(xb, true, record);
        const loss = this.lossOf(compiled, yb, outputs, wb, true);
        parts = loss.parts;
        return loss.total;
      }, trainable);
      const before = withHealth ? new Map(trainable.map((v) => [v, v.data()])) : null;
      this.lastUsedRate = optimizer.currentLearningRate();
      // A fully frozen model has nothing to update, which the optimizer would reject.
      if (grads.size > 0) {
        optimizer.applyGradients(grads);
      }
      for (const layer of this.layers) {
        layer.applyConstraints();
      }
      noGrad(() =>
        metrics.forEach((list, i) => list.forEach((m) => m.update(yb[i]!, outputs[i]!, wb))),
      );
      const loss = value.item();
      const health = withHealth ? this.healthReport(loss, grads, before!, record!) : null;
      return { loss, parts: ys.length > 1 ? parts.map((p) => p.item()) : [loss], health };
    });
  }

  private healthReport(
    loss: number,
    grads: Map<Variable, Tensor>,
    before: Map<Variable, ArrayLike<number>>,
    record: Map<Layer, Tensor>,
  ): Omit<HealthReport, "epoch"> {
    const layers: LayerHealth[] = [];
    for (const layer of this.uniqueLayers()) {
      let gradSquares = 0;
      let weightSquares = 0;
      let updateSquares = 0;
      for (const v of layer.trainableWeights) {
        const g = grads.get(v)?.data();
        const old = before.get(v)!;
        const now = v.data();
        for (let i = 0; i < now.length; i++) {
          gradSquares += g ? g[i]! ** 2 : 0;
          weightSquares += old[i]! ** 2;
          updateSquares += (now[i]! - old[i]!) ** 2;
        }
      }
      const output = record.get(layer);
      const activation =
        (layer as { activation?: { activationName?: string } }).activation?.activationName ?? null;
      const shares = output
        ? activationHealth(activation, output.data(), output.shape[0] ?? 1)
        : { deadFraction: null, saturatedFraction: null };
      const weightNorm = Math.sqrt(weightSquares);
      layers.push({
        layer: layer.name,
        type: layer.className,
        gradientNorm: Math.sqrt(gradSquares),
        weightNorm,
        updateRatio: weightNorm === 0 ? 0 : Math.sqrt(updateSquares) / weightNorm,
        ...shares,
      });
    }
    return { batch: 0, loss, layers };
  }

  /** Loss and metrics over tensors, in inference mode and batches. */
  private evaluateTensors(
    compiled: Compiled,
    xs: readonly Tensor[],
    ys: readonly Tensor[],
    weights: Float32Array | null,
    batchSize: number,
  ): Logs {
    const samples = xs[0]!.shape[0]!;
    const metrics = this.makeMetrics(compiled);
    let lossSum = 0;
    const partSums = new Array<number>(ys.length).fill(0);
    for (let start = 0; start < samples; start += batchSize) {
      const size = Math.min(batchSize, samples - start);
      const [loss, parts] = tidy(() =>
        noGrad(() => {
          const xb = xs.map((t) => sliceRows(t, start, size));
          const yb = ys.map((t) => sliceRows(t, start, size));
          const wb = weights === null ? null : tensor(weights.slice(start, start + size), [size]);
          const outputs = this.forward(xb, false);
          const result = this.lossOf(compiled, yb, outputs, wb, false);
          metrics.forEach((list, i) => list.forEach((m) => m.update(yb[i]!, outputs[i]!, wb)));
          return [result.total.item(), result.parts.map((p) => p.item())] as const;
        }),
      );
      lossSum += loss * size;
      parts.forEach((p, i) => (partSums[i]! += p * size));
    }
    const logs: Logs = { loss: lossSum / samples };
    if (ys.length > 1) {
      partSums.forEach((s, i) => (logs[`${this.outputNames[i]}_loss`] = s / samples));
    }
    this.addMetricLogs(logs, metrics, "");
    return logs;
  }

  /**
   * The loss and metrics on data, in inference mode (dropout off, moving
   * statistics for batch normalization), batched.
   *
   * @throws ValueError when the data is empty.
   * @example
   * const { loss, accuracy } = model.evaluate(xTest, yTest);
   */
  evaluate(x: ModelData, y: ModelData, options: EvaluateOptions = {}): Logs {
    const op = "evaluate";
    checkOptionKeys(op, options, EVALUATE_KEYS);
    const compiled = this.requireCompiled(op);
    const batchSize = checkCount(op, "batchSize", options.batchSize ?? 32, 1);
    const { xs, ys, weights, owned } = this.labelledData(
      op,
      op,
      compiled,
      { x, y, sampleWeight: options.sampleWeight },
      options.checkFinite ?? true,
      {
        reason: "the data is empty (0 samples), and a mean over zero samples is undefined",
        hint: "Pass at least one row of x and y.",
      },
    );
    try {
      return this.evaluateTensors(compiled, xs, ys, weights, batchSize);
    } finally {
      disposeAll(owned);
    }
  }

  /**
   * Outputs for every row, in inference mode, computed in batches.
   * Empty input gives empty outputs.
   *
   * @example
   * const y = model.predict(tensor([[11]])); // [1, 1]
   */
  predict(x: ModelData, options: { batchSize?: number } = {}): O {
    const op = "predict";
    checkOptionKeys(op, options, ["batchSize"]);
    const batchSize = checkCount(op, "batchSize", options.batchSize ?? 32, 1);
    const { xs, samples, owned } = this.prepareData(op, x, null, false);
    try {
      if (samples === 0) {
        const empty = this.outputShapes.map((s) => zeros([0, ...s.slice(1).map((d) => d ?? 0)]));
        return this.wrapOutputs(empty);
      }
      const chunks: Tensor[][] = this.outputShapes.map(() => []);
      for (let start = 0; start < samples; start += batchSize) {
        const size = Math.min(batchSize, samples - start);
        const outputs = tidy(() =>
          noGrad(() =>
            this.forward(
              xs.map((t) => sliceRows(t, start, size)),
              false,
            ),
          ),
        );
        outputs.forEach((t, i) => chunks[i]!.push(t));
      }
      const joined = chunks.map((list) => (list.length === 1 ? list[0]! : concat(list, 0)));
      chunks.forEach((list) => list.length > 1 && disposeAll(list));
      return this.wrapOutputs(joined);
    } finally {
      disposeAll(owned);
    }
  }

  /** Outputs for one batch, in inference mode. */
  predictOnBatch(x: ModelData): O {
    const { xs, owned } = this.prepareData("predictOnBatch", x, null, false);
    try {
      return this.wrapOutputs(tidy(() => noGrad(() => this.forward(xs, false))));
    } finally {
      disposeAll(owned);
    }
  }

  /**
   * One optimizer step on one batch; returns its loss and metrics.
   *
   * @example
   * const { loss } = model.trainOnBatch(xBatch, yBatch);
   */
  trainOnBatch(
    x: ModelData,
    y: ModelData,
    options: { sampleWeight?: SampleWeights; classWeight?: Readonly<Record<number, number>> } = {},
  ): Logs {
    const op = "trainOnBatch";
    checkOptionKeys(op, options, ["sampleWeight", "classWeight"]);
    const compiled = this.requireCompiled(op);
    const { xs, ys, samples, owned } = this.prepareData(op, x, y, true);
    try {
      if (samples === 0) {
        throw new ValueError(op, "the batch is empty (0 samples)", "Pass at least one row.");
      }
      this.assertTargets(op, compiled, xs, ys);
      const weights = this.sampleWeightsFor(
        op,
        samples,
        ys,
        compiled,
        options.sampleWeight,
        options.classWeight,
      );
      const metrics = this.makeMetrics(compiled);
      const indices = Int32Array.from({ length: samples }, (_, i) => i);
      const result = this.trainStep(compiled, metrics, xs, ys, weights, indices, 0, false);
      const logs: Logs = { loss: result.loss };
      this.addMetricLogs(logs, metrics, "");
      return logs;
    } finally {
      disposeAll(owned);
    }
  }

  private wrapOutputs(outputs: Tensor[]): O {
    return (this.outputNames.length > 1 || this.returnsList ? outputs : outputs[0]) as O;
  }

  /** @internal Functional models built with a list of outputs return lists. */
  protected get returnsList(): boolean {
    return false;
  }

  private async fitDataset(dataset: Dataset, options: DatasetFitOptions): Promise<History> {
    const op = "fit";
    const compiled = this.requireCompiled(op);
    const epochs = checkCount(op, "epochs", options.epochs ?? 1, 0);
    const initialEpoch = checkCount(op, "initialEpoch", options.initialEpoch ?? 0, 0);
    const checkFinite = options.checkFinite ?? true;
    this.seedRun(options.seed);
    const validationSource = options.validationData;
    const validationArrays =
      validationSource !== undefined && !isDataset(validationSource)
        ? this.validationFrom(op, validationSource, compiled, checkFinite)
        : null;
    try {
      const callbacks = this.callbackList(options, {
        epochs,
        initialEpoch,
        steps: null,
        samples: null,
        batchSize: null,
        validation: validationSource !== undefined,
      });
      const history = new History();
      this.stopTraining = false;
      await callbacks.call("onTrainBegin", {});
      for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
        await callbacks.call("onEpochBegin", epoch, {});
        const metrics = this.makeMetrics(compiled);
        let lossSum = 0;
        let samples = 0;
        let step = 0;
        for await (const batch of iterate(dataset)) {
          const { xs, ys, size, weights, owned } = this.datasetBatch(
            op,
            batch,
            compiled,
            checkFinite,
            epoch,
            step,
          );
          const batchLogs: Logs = { batch: step, size };
          if (callbacks.wantsBatchBegin) {
            await callbacks.call("onBatchBegin", step, batchLogs);
          }
          const indices = Int32Array.from({ length: size }, (_, i) => i);
          const health = callbacks.healthEvery > 0 && step % callbacks.healthEvery === 0;
          const result = this.trainStep(compiled, metrics, xs, ys, weights, indices, 0, health);
          disposeAll(owned);
          lossSum += result.loss * size;
          samples += size;
          if (callbacks.wantsBatchEnd) {
            batchLogs.loss = result.loss;
            this.addMetricLogs(batchLogs, metrics, "");
            await callbacks.call("onBatchEnd", step, batchLogs);
          }
          if (result.health) {
            await callbacks.health({ ...result.health, epoch, batch: step }, step);
          }
          step++;
          if (this.stopTraining) {
            break;
          }
        }
        if (samples === 0) {
          throw new ValueError(
            op,
            `the dataset yielded no batches in epoch ${epoch}`,
            epoch === initialEpoch
              ? "The training data is empty (0 samples)."
              : "A generator can be read only once: pass an object with [Symbol.asyncIterator] or a function that returns a fresh iterator.",
          );
        }
        const logs: Logs = { loss: lossSum / samples };
        this.addMetricLogs(logs, metrics, "");
        if (validationSource !== undefined) {
          const val =
            validationArrays !== null
              ? this.evaluateTensors(
                  compiled,
                  validationArrays.xs,
                  validationArrays.ys,
                  validationArrays.weights,
                  32,
                )
              : await this.evaluateDataset(compiled, validationSource as Dataset, checkFinite);
          for (const [key, value] of Object.entries(val)) {
            logs[`val_${key}`] = value;
          }
        }
        logs.lr = this.lastUsedRate;
        history.record(epoch, logs);
        await callbacks.call("onEpochEnd", epoch, logs);
      }
      await callbacks.call("onTrainEnd", {});
      return history;
    } finally {
      disposeAll(validationArrays?.owned ?? []);
    }
  }

  private datasetBatch(
    op: string,
    batch: DatasetBatch,
    compiled: Compiled,
    checkFinite: boolean,
    epoch: number,
    step: number,
  ): { xs: Tensor[]; ys: Tensor[]; size: number; weights: Float32Array | null; owned: Tensor[] } {
    if (
      typeof batch !== "object" ||
      batch === null ||
      batch.x === undefined ||
      batch.y === undefined
    ) {
      throw new ValueError(
        op,
        `batch ${step} of epoch ${epoch} is not an { x, y } object`,
        "Yield batches as { x, y } (tensors, nested arrays or { data, rows, cols } matrices).",
      );
    }
    const { xs, ys, samples, owned } = this.prepareData(
      `${op} (batch ${step})`,
      batch.x,
      batch.y,
      checkFinite,
    );
    try {
      if (step === 0) {
        this.assertTargets(op, compiled, xs, ys);
      }
      const weights = this.sampleWeightsFor(
        op,
        samples,
        ys,
        compiled,
        batch.sampleWeight,
        undefined,
      );
      return { xs, ys, size: samples, weights, owned };
    } catch (error) {
      disposeAll(owned);
      throw error;
    }
  }

  private async evaluateDataset(
    compiled: Compiled,
    dataset: Dataset,
    checkFinite: boolean,
  ): Promise<Logs> {
    let lossSum = 0;
    let samples = 0;
    const metrics = this.makeMetrics(compiled);
    for await (const batch of iterate(dataset)) {
      const {
        xs,
        ys,
        samples: size,
        owned,
      } = this.prepareData("fit (validation batch)", batch.x, batch.y, checkFinite);
      const loss = tidy(() =>
        noGrad(() => {
          const outputs = this.forward(xs, false);
          metrics.forEach((list, i) => list.forEach((m) => m.update(ys[i]!, outputs[i]!, null)));
          return this.lossOf(compiled, ys, outputs, null, false).total.item();
        }),
      );
      disposeAll(owned);
      lossSum += loss * size;
      samples += size;
    }
    if (samples === 0) {
      throw new ValueError(
        "fit",
        "the validation dataset yielded no batches",
        "Pass a dataset that can be read again each epoch.",
      );
    }
    const logs: Logs = { loss: lossSum / samples };
    this.addMetricLogs(logs, metrics, "");
    return logs;
  }

  /**
   * A table of the layers: name and type, output shape and parameter count,
   * with total, trainable and non-trainable parameters. Returned as text and,
   * when `print` is given, sent to it line by line.
   */
  summary(options: SummaryOptions = {}): string {
    checkOptionKeys("summary", options, ["print"]);
    return summarize(this, options);
  }

  /** Topology, training config and weight manifest as plain JSON. */
  toJSON(): ModelJSON {
    return toModelJSON(this);
  }

  /** Every weight and optimizer slot as `{ name, shape, dtype, data }`. */
  getWeightData(): WeightEntry[] {
    return getWeightData(this);
  }

  /** The model as `{ modelJson, weightSpecs, weightData }`, ready for an IO handler. */
  saveArtifacts(): ModelArtifacts {
    return saveArtifacts(this);
  }

  /** Saves through an IO handler (`{ save(artifacts) }`) or a function. */
  async save(handler: SaveHandler | ((artifacts: ModelArtifacts) => unknown)): Promise<void> {
    const artifacts = this.saveArtifacts();
    await (typeof handler === "function" ? handler(artifacts) : handler.save(artifacts));
  }

  /**
   * Loads weights (and optimizer state, when present and compiled) saved from
   * a model of the same architecture.
   *
   * @throws ShapeError naming the layer when a weight is missing or has another shape.
   */
  loadWeights(
    source: ModelArtifacts | { weights: readonly WeightEntry[] } | readonly WeightEntry[],
  ): void {
    loadWeightsInto(this, source);
  }

  /** @internal Used by serialization to set the rate reported before any step. */
  get lastLearningRate(): number {
    return this.lastUsedRate;
  }
}

function verboseLogger(): Callback {
  return {
    onEpochEnd(epoch, logs) {
      const parts = Object.entries(logs).map(([k, v]) => `${k}: ${v.toPrecision(5)}`);
      logMessage("info", `epoch ${epoch + 1} - ${parts.join(" - ")}`);
    },
  };
}

function disposeAll(tensors: readonly Tensor[]): void {
  for (const t of tensors) {
    t.dispose();
  }
}

function checkCount(op: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ValueError(
      op,
      describeArgument(name, value, `an integer >= ${min}`),
      `Pass an integer of at least ${min}.`,
    );
  }
  return value;
}

function sliceRows(t: Tensor, start: number, size: number): Tensor {
  if (start === 0 && size === t.shape[0]) {
    return t;
  }
  return slice(
    t,
    [start, ...t.shape.slice(1).map(() => 0)],
    [size, ...t.shape.slice(1).map(() => -1)],
  );
}

function takeRows(t: Tensor, rows: readonly number[]): Tensor {
  // gather makes an index tensor of its own; the scope frees it.
  return tidy(() => gather(t, rows));
}

function countWeightPenalties(layer: Layer): number {
  return layer.weightEntries.filter((w) => w.regularizer !== null && w.variable.trainable).length;
}

/** Whether a target fits an output: equal, or one trailing axis of size 1 apart. */
function targetFits(found: readonly number[], expected: LayerShape): boolean {
  const same = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
    a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
  if (same(found, expected)) {
    return true;
  }
  if (found.length === expected.length + 1 && found[found.length - 1] === 1) {
    return same(found.slice(0, -1), expected);
  }
  if (expected.length === found.length + 1 && expected[expected.length - 1] === 1) {
    return same(found, expected.slice(0, -1));
  }
  return false;
}

/** Sparse labels: one per output row, with or without a trailing axis of 1. */
function targetFitsSparse(found: readonly number[], expected: LayerShape): boolean {
  const rows = expected.slice(0, -1);
  return targetFits(found, rows) || targetFits(found, [...rows, 1]);
}

function classLabels(y: Tensor, hint: LossHint | null): number[] {
  const rows = y.shape[0] ?? 0;
  const width = rows === 0 ? 1 : y.size / rows;
  if (width > 1) {
    return Array.from(tidy(() => noGrad(() => argmax(y, -1)).data()));
  }
  const values = y.data();
  const sparse = hint !== null && normalizeName(hint.name).includes("sparse");
  return Array.from(values, (v) => (sparse ? Math.round(v) : v > 0.5 ? 1 : 0));
}

function serializeMetricSpec(spec: MetricSpec): unknown {
  if (typeof spec === "string") {
    return spec;
  }
  if (typeof spec === "function") {
    return spec.name || "metric";
  }
  if ("update" in spec) {
    return { className: spec.metricName, config: { ...spec.config, name: spec.name } };
  }
  return spec;
}

async function* iterate(dataset: Dataset): AsyncGenerator<DatasetBatch> {
  const source = typeof dataset === "function" ? dataset() : dataset;
  if (Symbol.asyncIterator in source) {
    for await (const batch of source as AsyncIterable<DatasetBatch>) {
      yield batch;
    }
  } else {
    for (const batch of source as Iterable<DatasetBatch>) {
      yield batch;
    }
  }
}
