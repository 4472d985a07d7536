import { checkOptionKeys } from "@myelin/tensor-core";
import type { Callback } from "./base.js";

/** How one layer is doing at a training step. */
export interface LayerHealth {
  /** Layer name and type. */
  layer: string;
  type: string;
  /** L2 norm of the gradient over the layer's trainable weights. */
  gradientNorm: number;
  /** L2 norm of the layer's trainable weights before the step. */
  weightNorm: number;
  /** ||update|| / ||weights||: around 1e-3 is healthy; far below stalls, far above is unstable. */
  updateRatio: number;
  /** Share of ReLU-family units that output 0 for every sample of the batch; null for other activations. */
  deadFraction: number | null;
  /** Share of sigmoid or tanh outputs in the flat tails (within 0.01 of a bound); null for others. */
  saturatedFraction: number | null;
}

/** A training-health report for one batch. */
export interface HealthReport {
  epoch: number;
  batch: number;
  loss: number;
  layers: LayerHealth[];
}

/** Options of {@link trainingHealth}. */
export interface TrainingHealthOptions {
  /** Report every this many batches (default 1). */
  every?: number;
  /** Receives each report. */
  onReport: (report: HealthReport) => void | Promise<void>;
}

/**
 * Reports per-layer gradient norms, update/weight ratios and the share of dead
 * or saturated units while training, for dashboards such as the playground.
 * Without such a callback fit computes none of it.
 *
 * @example
 * model.fit(x, y, { callbacks: [trainingHealth({ every: 10, onReport: (r) => show(r) })] });
 */
export function trainingHealth(options: TrainingHealthOptions): Callback {
  checkOptionKeys("trainingHealth", options, ["every", "onReport"]);
  return { healthEvery: options.every ?? 1, onHealth: options.onReport };
}

const RELU_FAMILY = new Set(["relu", "relu6", "elu", "selu"]);

/** @internal Dead and saturated shares of one layer's output, from its activation's name. */
export function activationHealth(
  activationName: string | null,
  values: ArrayLike<number>,
  rows: number,
): { deadFraction: number | null; saturatedFraction: number | null } {
  if (activationName === null || values.length === 0 || rows === 0) {
    return { deadFraction: null, saturatedFraction: null };
  }
  const width = values.length / rows;
  if (RELU_FAMILY.has(activationName)) {
    let dead = 0;
    for (let j = 0; j < width; j++) {
      let alive = false;
      for (let i = 0; i < rows && !alive; i++) {
        alive = values[i * width + j]! > 0;
      }
      dead += alive ? 0 : 1;
    }
    return { deadFraction: dead / width, saturatedFraction: null };
  }
  const bounds = activationName === "sigmoid" ? [0, 1] : activationName === "tanh" ? [-1, 1] : null;
  if (bounds === null) {
    return { deadFraction: null, saturatedFraction: null };
  }
  let saturated = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    saturated += v < bounds[0]! + 0.01 || v > bounds[1]! - 0.01 ? 1 : 0;
  }
  return { deadFraction: null, saturatedFraction: saturated / values.length };
}
