import type { LayerSpec, PlaygroundConfig } from "../config.js";
import type { Dataset } from "../data/dataset.js";
import type { LayerHealth } from "../model/health.js";
import type { ModelSummary } from "../model/summary.js";

/** Which backend the worker asked for. */
export type BackendChoice = "wasm" | "js";

/** A layer type the registry offers, and whether the playground can place it. */
export interface LayerOption {
  name: string;
  description: string;
  package: string;
  /** False when the layer cannot run on flat feature rows; `reason` says why. */
  usable: boolean;
  reason?: string;
}

/** What the worker found in the registry at start-up. */
export interface Catalogue {
  layers: LayerOption[];
  activations: string[];
  optimizers: string[];
}

/** A point of the training curves. */
export interface ProgressPoint {
  /** Training steps (batches) done so far. */
  step: number;
  /** Fractional epoch: 2.5 is halfway through the third epoch. */
  epoch: number;
  trainLoss: number;
  testLoss: number;
  trainMetric: number;
  testMetric: number;
}

/** One unit's output over the input plane, for the small heatmaps. */
export interface UnitMap {
  layer: number;
  unit: number;
  /** `gridSize * gridSize` values, row-major from the top-left corner. */
  values: Float32Array;
}

/** The weights of one dense-like layer, for links in the network drawing. */
export interface LinkWeights {
  layer: number;
  inputs: number;
  units: number;
  /** `[inputs, units]` row-major. */
  kernel: Float32Array;
}

/** A view of the model after some training: everything the page draws. */
export interface Snapshot {
  progress: ProgressPoint;
  /** Model output over the input plane (2-D sets only), `gridSize^2` values. */
  boundary?: Float32Array;
  gridSize: number;
  units: UnitMap[];
  links: LinkWeights[];
  health: LayerHealth[];
}

/** Messages from the page to the worker. */
export type ToWorker =
  | { type: "init"; backend: BackendChoice; threads: number }
  | {
      type: "configure";
      config: PlaygroundConfig;
      data: Dataset;
      /** An imported model (model.json text, weights.bin bytes) to use instead of a new one. */
      model?: { json: string; weights: ArrayBuffer };
    }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step"; unit: "epoch" | "batch" }
  | { type: "reset" }
  | { type: "predict"; id: number; input: Float32Array }
  | { type: "export" };

/** Messages from the worker to the page. */
export type FromWorker =
  | {
      type: "ready";
      backend: string;
      threads: number;
      /** Why another backend or fewer threads run than were asked for. */
      note?: string;
      catalogue: Catalogue;
    }
  | {
      type: "built";
      summary: ModelSummary;
      /** The hidden layers read back from an imported model; absent for one built from the form. */
      layers?: LayerSpec[];
    }
  | { type: "snapshot"; snapshot: Snapshot; running: boolean }
  | { type: "state"; running: boolean }
  | { type: "prediction"; id: number; probabilities: Float32Array }
  | { type: "exported"; json: string; weights: ArrayBuffer }
  | {
      type: "error";
      message: string;
      /** What the worker was doing, in words ("Building the model"). */
      during: string;
    };
