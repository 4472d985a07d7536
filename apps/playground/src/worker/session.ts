import { createRng } from "@myelin/data";
import { decodeModel, encodeModel, type ModelArtifacts, parseModelDocument } from "@myelin/io";
import {
  gather,
  getLoss,
  type Layer,
  loadModelFromArtifacts,
  type Model,
  noGrad,
  normalizeName,
  type Registry,
  sequential,
  type Tensor,
  tensor,
  tidy,
  variableGrads,
} from "myelin";
import type { LayerSpec, PlaygroundConfig } from "../config.js";
import { type Dataset, gatherRows, outputUnits, type StandardStats } from "../data/dataset.js";
import { assessLayer, type LayerHealth, l2Norm } from "../model/health.js";
import { score } from "../model/metrics.js";
import { type LayerFacts, type ModelSummary, summarize } from "../model/summary.js";
import { encodeState } from "../url-state.js";
import type { LinkWeights, ProgressPoint, Snapshot, UnitMap } from "./protocol.js";

/** Side of the grid the boundary and unit heatmaps are computed on. */
export const GRID_SIZE = 40;
/** Rows of the probe batch health is measured on. */
const PROBE_ROWS = 128;
/** Largest layer whose units get heatmaps. */
const MAX_MAPPED_UNITS = 16;

/** The output layer and loss for each kind of task. */
// Two classes get a softmax over two units too (rather than one sigmoid), so
// every classifier has one output per class, as the CLI expects.
const HEADS = {
  classification: { activation: "softmax", loss: "sparseCategoricalCrossentropy" },
  regression: { activation: "linear", loss: "meanSquaredError" },
} as const;

/** What {@link Session.build} reports. */
export interface BuildResult {
  summary: ModelSummary;
  /** The hidden layers of an imported model, as the form shows them. */
  layers?: LayerSpec[];
}

/**
 * Turns a form layer into the layer's constructor options. Only the fields the
 * layer type uses are passed, so registry layers without form fields get `{}`.
 */
export function layerConfig(spec: LayerSpec): Record<string, unknown> {
  switch (spec.type) {
    case "dense": {
      const l1 = spec.l1 ?? 0;
      const l2 = spec.l2 ?? 0;
      const penalty = l1 > 0 || l2 > 0 ? { className: "l1l2", config: { l1, l2 } } : null;
      return {
        units: spec.units ?? 8,
        activation: spec.activation ?? "linear",
        kernelRegularizer: penalty,
      };
    }
    case "dropout":
    case "gaussianDropout":
      return { rate: spec.rate ?? 0.2 };
    case "gaussianNoise":
      return { stddev: spec.stddev ?? 0.1 };
    case "activation":
      return { activation: spec.activation ?? "relu" };
    default:
      return {};
  }
}

/** Reads a layer back into the form's terms (for imported models). */
function layerSpecOf(layer: Layer, registry: Registry): LayerSpec {
  const key = normalizeName(layer.className);
  const entry = registry.list("layer").find((e) => normalizeName(e.name) === key);
  const type = entry?.name ?? layer.className;
  const config = layer.getConfig() as Record<string, unknown>;
  const spec: LayerSpec = { type };
  const activation = activationOf(layer);
  if (type === "dense") {
    spec.units = config.units as number;
    spec.activation = activation ?? "linear";
    const penalty = config.kernelRegularizer as { config?: { l1?: number; l2?: number } } | null;
    if (penalty?.config?.l1) {
      spec.l1 = penalty.config.l1;
    }
    if (penalty?.config?.l2) {
      spec.l2 = penalty.config.l2;
    }
  } else if (type === "activation" && activation !== undefined) {
    spec.activation = activation;
  } else if (type === "dropout" || type === "gaussianDropout") {
    spec.rate = config.rate as number;
  } else if (type === "gaussianNoise") {
    spec.stddev = config.stddev as number;
  }
  return spec;
}

function activationOf(layer: Layer): string | undefined {
  const named = (layer as { activation?: { activationName?: string } }).activation;
  return named?.activationName;
}

function kernelOf(layer: Layer): Tensor | undefined {
  const entry = layer.weightEntries.find((w) => w.shortName === "kernel" && w.variable.rank === 2);
  return entry?.variable;
}

/**
 * One model on one dataset: builds it, trains it a batch at a time, and
 * measures what the page draws. Independent of the worker so it runs in
 * tests on the JS backend.
 */
export class Session {
  private model: Model | null = null;
  private config: PlaygroundConfig | null = null;
  private data: Dataset | null = null;
  private xTrain: Tensor | null = null;
  private yTrain: Tensor | null = null;
  private xTest: Tensor | null = null;
  private xGrid: Tensor | null = null;
  private probe: { x: Tensor; y: Tensor } | null = null;
  private order = new Int32Array(0);
  private cursor = 0;
  private epoch = 0;
  private steps = 0;
  /** Norm of the last measured step's update per layer. */
  private lastUpdates = new Map<Layer, { update: number; weight: number }>();

  private importedLayers: LayerSpec[] | null = null;
  private lastBuild: { config: PlaygroundConfig; data: Dataset } | null = null;

  constructor(private readonly registry: Registry) {}

  /**
   * Builds the last configuration again with fresh weights (an imported
   * model is rebuilt from its layers, so its trained weights are dropped).
   */
  async rebuild(): Promise<BuildResult> {
    if (this.lastBuild === null) {
      throw new Error("nothing to reset: no model was built yet.");
    }
    const { config, data } = this.lastBuild;
    const layers = this.importedLayers ?? config.layers;
    return this.build({ ...config, layers }, data);
  }

  get ready(): boolean {
    return this.model !== null;
  }

  /**
   * Builds a fresh model from the form (weights seeded by `config.seed`), or
   * loads an exported one.
   *
   * @throws Error naming the layer when a layer cannot be built, or when an
   *   imported model does not fit the data.
   */
  async build(
    config: PlaygroundConfig,
    data: Dataset,
    saved?: { json: string; weights: ArrayBuffer },
  ): Promise<BuildResult> {
    this.dispose();
    this.lastBuild = { config, data };
    this.config = config;
    this.data = data;
    const features = data.featureNames.length;
    const head = HEADS[data.task];
    let model: Model;
    let imported: LayerSpec[] | undefined;
    if (saved === undefined) {
      // Names follow the position in the form, so they stay the same across rebuilds.
      const layers: { className: string; config: Record<string, unknown> }[] = config.layers.map(
        (spec, i) => ({
          className: spec.type,
          config: { ...layerConfig(spec), name: `${snakeCase(spec.type)}_${i + 1}` },
        }),
      );
      layers.push({
        className: "dense",
        config: { units: outputUnits(data), activation: head.activation, name: "output" },
      });
      const built = layers.map((serialized, i) => {
        const withShape =
          i === 0 ? { ...serialized.config, inputShape: [features] } : serialized.config;
        try {
          return this.registry.create<Layer>("layer", {
            className: serialized.className,
            config: withShape,
          });
        } catch (error) {
          throw new Error(`Layer ${i + 1} (${serialized.className}): ${messageOf(error)}`, {
            cause: error,
          });
        }
      });
      try {
        const options = { seed: config.seed, registry: this.registry, name: "playground" };
        model = sequential(built, options);
        model.compile({
          optimizer: { className: config.optimizer, config: { learningRate: config.learningRate } },
          loss: head.loss,
        });
      } catch (error) {
        // Layers built before the failing one already hold weights.
        built.forEach((layer) => layer.weights.forEach((v) => v.dispose()));
        throw error;
      }
    } else {
      model = await this.load(saved);
      const inputs = model.inputShapes[0];
      const width = inputs?.[inputs.length - 1];
      if (width !== features) {
        model.weights.forEach((v) => v.dispose());
        model.optimizer?.dispose();
        const reads = width ?? "an unknown number of";
        throw new Error(
          `the imported model reads ${reads} features per row, but ${data.name} has ` +
            `${features}; choose the data set it was trained on first.`,
        );
      }
      imported = model.layers.slice(0, -1).map((layer) => layerSpecOf(layer, this.registry));
    }
    this.importedLayers = imported ?? null;
    this.model = model;
    this.prepareTensors(data);
    this.resetSchedule();
    const summary = this.summary();
    return imported === undefined ? { summary } : { summary, layers: imported };
  }

  private async load(saved: { json: string; weights: ArrayBuffer }): Promise<Model> {
    const document = parseModelDocument(saved.json, "model.json");
    const artifacts = await decodeModel(
      document,
      new Uint8Array(saved.weights),
      document.weightsManifest.path,
    );
    return loadModelFromArtifacts(artifacts as never, { registry: this.registry });
  }

  private prepareTensors(data: Dataset): void {
    const cols = data.featureNames.length;
    const take = (rows: Int32Array) => tensor(gatherRows(data.x, cols, rows), [rows.length, cols]);
    const targets = (rows: Int32Array) => {
      const values = Float32Array.from(rows, (i) => data.y[i]!);
      return data.task === "classification"
        ? tensor(values, [rows.length])
        : tensor(values, [rows.length, 1]);
    };
    this.xTrain = take(data.train);
    this.yTrain = targets(data.train);
    this.xTest = take(data.test);
    const probeRows = data.train.subarray(0, Math.min(PROBE_ROWS, data.train.length));
    this.probe = { x: take(probeRows), y: targets(probeRows) };
    if (data.extent !== undefined && cols === 2) {
      this.xGrid = tensor(gridPoints(GRID_SIZE, data.extent), [GRID_SIZE * GRID_SIZE, 2]);
    }
  }

  private resetSchedule(): void {
    this.order = Int32Array.from({ length: this.data!.train.length }, (_, i) => i);
    this.cursor = this.order.length;
    this.epoch = 0;
    this.steps = 0;
    this.lastUpdates.clear();
  }

  /**
   * One optimizer step on the next batch. With `measure`, also records how far
   * each layer's weights moved, for the update-to-weight ratio.
   *
   * @returns the batch loss.
   */
  trainBatch(measure = false): number {
    const model = this.requireModel();
    if (this.cursor >= this.order.length) {
      this.shuffle();
    }
    const batchSize = this.config!.batchSize;
    const rows = this.order.subarray(this.cursor, this.cursor + batchSize);
    this.cursor += rows.length;
    const before = measure ? this.weightCopies(model) : null;
    const loss = tidy(() => {
      const index = tensor(Int32Array.from(rows), [rows.length], "int32");
      const x = gather(this.xTrain!, index);
      const y = gather(this.yTrain!, index);
      return model.trainOnBatch(x, y).loss!;
    });
    this.steps += 1;
    if (this.cursor >= this.order.length) {
      this.epoch += 1;
    }
    if (before !== null) {
      this.lastUpdates = this.updateNorms(model, before);
    }
    return loss;
  }

  /** Trains to the end of the current epoch (a whole epoch when at its start). */
  trainEpoch(): void {
    const start = this.epoch;
    do {
      this.trainBatch(false);
    } while (this.epoch === start);
  }

  private shuffle(): void {
    const rng = createRng(this.config!.seed * 1_000_003 + this.epoch);
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    }
    this.cursor = 0;
  }

  private weightCopies(model: Model): Map<Layer, Float32Array[]> {
    return new Map(
      model.layers.map((layer) => [
        layer,
        layer.trainableWeights.map((v) => Float32Array.from(v.data())),
      ]),
    );
  }

  private updateNorms(model: Model, before: Map<Layer, Float32Array[]>) {
    const norms = new Map<Layer, { update: number; weight: number }>();
    for (const layer of model.layers) {
      const old = before.get(layer) ?? [];
      const now = layer.trainableWeights.map((v) => v.data());
      const deltas = now.map((values, k) => values.map((v, i) => v - old[k]![i]!));
      norms.set(layer, { update: l2Norm(...deltas), weight: l2Norm(...old) });
    }
    return norms;
  }

  /** Scores, boundary, unit heatmaps, link weights and per-layer health. */
  snapshot(): Snapshot {
    const model = this.requireModel();
    const data = this.data!;
    const trainPred = this.predictRows(this.xTrain!);
    const testPred = this.predictRows(this.xTest!);
    const train = score(
      data.task,
      trainPred,
      Array.from(data.train, (i) => data.y[i]!),
    );
    const test = score(
      data.task,
      testPred,
      Array.from(data.test, (i) => data.y[i]!),
    );
    const progress: ProgressPoint = {
      step: this.steps,
      epoch: this.epoch + (this.cursor < this.order.length ? this.cursor / this.order.length : 0),
      trainLoss: train.loss,
      testLoss: test.loss,
      trainMetric: train.metric,
      testMetric: test.metric,
    };

    const units: UnitMap[] = [];
    let boundary: Float32Array | undefined;
    if (this.xGrid !== null) {
      const outputs = this.layerOutputs(this.xGrid);
      outputs.forEach((values, i) => {
        const width = values.length / (GRID_SIZE * GRID_SIZE);
        if (width <= MAX_MAPPED_UNITS) {
          for (let unit = 0; unit < width; unit++) {
            units.push({ layer: i + 1, unit, values: column(values, width, unit) });
          }
        }
      });
      // The probability of class 1 (blue), or the predicted value.
      const last = outputs[outputs.length - 1]!;
      const width = last.length / (GRID_SIZE * GRID_SIZE);
      boundary = column(last, width, width === 2 ? 1 : 0);
      const inputs = this.xGrid.data() as Float32Array;
      for (let unit = 0; unit < 2; unit++) {
        units.push({
          layer: 0,
          unit,
          values: column(inputs, 2, unit).map((v) => v / data.extent!),
        });
      }
    }

    const links: LinkWeights[] = [];
    model.layers.forEach((layer, i) => {
      const kernel = kernelOf(layer);
      if (kernel !== undefined) {
        links.push({
          layer: i + 1,
          inputs: kernel.shape[0]!,
          units: kernel.shape[1]!,
          kernel: Float32Array.from(kernel.data()),
        });
      }
    });

    return { progress, boundary, gridSize: GRID_SIZE, units, links, health: this.health() };
  }

  /** Health on the probe batch: activations per layer, gradient norms, last update ratio. */
  health(): LayerHealth[] {
    const model = this.requireModel();
    const probe = this.probe!;
    const outputs = this.layerOutputs(probe.x);
    const rows = probe.x.shape[0]!;
    const loss = getLoss(HEADS[this.data!.task].loss, this.registry);
    const gradNorms = tidy(() => {
      const { grads } = variableGrads(
        () => loss(probe.y, this.forward(probe.x)),
        model.trainableWeights,
      );
      return new Map(
        model.layers.map((layer) => [
          layer,
          l2Norm(...layer.trainableWeights.map((v) => grads.get(v)?.data() ?? [])),
        ]),
      );
    });
    return model.layers.map((layer, i) => {
      const values = outputs[i]!;
      const measured = this.lastUpdates.get(layer);
      const hasWeights = layer.trainableWeights.length > 0;
      return assessLayer({
        position: i + 1,
        name: layer.name,
        activation: activationOf(layer),
        activations: { values, rows, units: values.length / rows },
        gradNorm: hasWeights ? gradNorms.get(layer) : undefined,
        weightNorm: hasWeights ? measured?.weight : undefined,
        updateNorm: hasWeights ? measured?.update : undefined,
      });
    });
  }

  /** Class probabilities (or the value) for one row of features. */
  predict(input: Float32Array): Float32Array {
    const features = this.data!.featureNames.length;
    if (input.length !== features) {
      throw new Error(
        `the model reads ${features} features per row, but ${input.length} were sent.`,
      );
    }
    return this.predictRows(tensor(input, [1, features]), true);
  }

  /** The model as the two files of a Myelin model, with the playground settings in its metadata. */
  async exportFiles(): Promise<{ json: string; weights: Uint8Array<ArrayBuffer> }> {
    const model = this.requireModel();
    const data = this.data!;
    const artifacts = model.saveArtifacts() as unknown as ModelArtifacts;
    const encoded = await encodeModel({
      ...artifacts,
      modelJson: artifacts.modelJson as unknown as Record<string, unknown>,
      // The compile settings travel inside the topology; this field holds a CLI run's
      // configuration, which a playground session does not have.
      trainingConfig: null,
      preprocessing: {
        featureNames: [...data.featureNames],
        targetName: data.targetName,
        task: data.task,
        classes: data.task === "regression" ? null : [...data.classes],
        // The CLI scales every input; unscaled sets get the identity.
        scaler: openRecord(data.scaler ?? identityScaler(data.featureNames.length)),
        targetScaler: data.targetScaler === undefined ? null : openRecord(data.targetScaler),
      } as ModelArtifacts["preprocessing"],
      metadata: {
        dataset: data.name,
        metrics: this.finalMetrics(),
        playground: encodeState(this.config!),
      },
    });
    return { json: encoded.json, weights: encoded.weights };
  }

  private finalMetrics(): Record<string, number> {
    const test = score(
      this.data!.task,
      this.predictRows(this.xTest!),
      Array.from(this.data!.test, (i) => this.data!.y[i]!),
    );
    const metric = this.data!.task === "regression" ? "test_mean_absolute_error" : "test_accuracy";
    return { test_loss: test.loss, [metric]: test.metric };
  }

  /** The summary rows of the built model. */
  summary(): ModelSummary {
    const model = this.requireModel();
    let width = this.data!.featureNames.length;
    const facts: LayerFacts[] = model.layers.map((layer) => {
      const shape = layer.computeOutputShape([null, width]);
      const out = (shape[shape.length - 1] as number | null) ?? width;
      const fact = {
        name: layer.name,
        className: layer.className,
        inputUnits: width,
        outputUnits: out,
        params: layer.countParams(),
      };
      width = out;
      const activation = activationOf(layer);
      return activation === undefined ? fact : { ...fact, activation };
    });
    return summarize(facts);
  }

  private forward(x: Tensor): Tensor {
    let value = x;
    for (const layer of this.requireModel().layers) {
      value = layer.apply(value, { training: false });
    }
    return value;
  }

  /** Each layer's output on `x`, in inference mode, as plain arrays. */
  private layerOutputs(x: Tensor): Float32Array[] {
    return tidy(() =>
      noGrad(() => {
        const values: Float32Array[] = [];
        let value = x;
        for (const layer of this.requireModel().layers) {
          value = layer.apply(value, { training: false });
          values.push(Float32Array.from(value.data()));
        }
        return values;
      }),
    );
  }

  private predictRows(x: Tensor, disposeInput = false): Float32Array {
    const values = tidy(() => {
      const out = this.requireModel().predict(x, { batchSize: 512 }) as Tensor;
      return Float32Array.from(out.data());
    });
    if (disposeInput) {
      x.dispose();
    }
    return values;
  }

  private requireModel(): Model {
    if (this.model === null) {
      throw new Error("no model is built yet; choose a data set first.");
    }
    return this.model;
  }

  /** Frees the tensors of the current model and data. */
  dispose(): void {
    for (const t of [
      this.xTrain,
      this.yTrain,
      this.xTest,
      this.xGrid,
      this.probe?.x,
      this.probe?.y,
    ]) {
      t?.dispose();
    }
    for (const v of this.model?.weights ?? []) {
      v.dispose();
    }
    this.model?.optimizer?.dispose();
    this.xTrain = this.yTrain = this.xTest = this.xGrid = null;
    this.probe = null;
    this.model = null;
  }
}

/** Row-major points of a `size x size` grid over [-extent, extent]^2, top row first. */
export function gridPoints(size: number, extent: number): Float32Array {
  const points = new Float32Array(size * size * 2);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const k = row * size + col;
      points[2 * k] = -extent + ((col + 0.5) / size) * 2 * extent;
      points[2 * k + 1] = extent - ((row + 0.5) / size) * 2 * extent;
    }
  }
  return points;
}

function column(values: Float32Array, width: number, unit: number): Float32Array {
  const rows = values.length / width;
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    out[i] = values[i * width + unit]!;
  }
  return out;
}

/** A standard scaler that changes nothing: mean 0, scale 1. */
function identityScaler(cols: number): StandardStats {
  return {
    kind: "standard",
    version: 1,
    mean: new Array<number>(cols).fill(0),
    scale: new Array<number>(cols).fill(1),
  };
}

/** Scaler statistics are plain JSON; `@myelin/io` types them as an open record. */
function openRecord(stats: object): { kind: string } & Record<string, unknown> {
  return { ...stats } as { kind: string } & Record<string, unknown>;
}

/** `gaussianNoise` as `gaussian_noise`, the way Keras names layers. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
