/**
 * Per-layer health from a probe batch: plain numbers in, plain numbers and
 * sentences out, so the worker can run it on whatever the backend returned
 * and the tests can run it on hand-made activations.
 */

/** The outputs of one layer on a probe batch, `[rows, units]` row-major. */
export interface Activations {
  values: Float32Array;
  rows: number;
  units: number;
}

/** What was measured on one layer. */
export interface LayerHealthInput {
  /** 1-based position shown in the page. */
  position: number;
  name: string;
  /** The activation the layer's output went through (`relu`, `tanh`, ...). */
  activation?: string;
  /** The layer's output on the probe batch; absent for layers that were not probed. */
  activations?: Activations;
  /** L2 norm of the loss gradient with respect to all the layer's weights. */
  gradNorm?: number;
  /** L2 norm of all the layer's weights. */
  weightNorm?: number;
  /** L2 norm of the change of the weights in one training step. */
  updateNorm?: number;
}

/** Measures and warnings of one layer. */
export interface LayerHealth {
  position: number;
  name: string;
  /** Share of units that output 0 for every probe row (ReLU layers only). */
  deadShare: number | null;
  /** Share of units near the limit of tanh/sigmoid on nearly every probe row. */
  saturatedShare: number | null;
  gradNorm: number | null;
  /** `updateNorm / weightNorm`: how much one step moves the weights, relative to their size. */
  updateRatio: number | null;
  /** Plain-words warnings, empty when the layer looks healthy. */
  warnings: string[];
}

/** Thresholds behind the warnings, in one place. */
export const HEALTH_LIMITS = {
  /** A layer with at least this share of dead or saturated units gets a warning. */
  unhealthyShare: 0.5,
  /** Output within this much of tanh's ±1 (on the tanh scale) counts as saturated. */
  saturationMargin: 0.03,
  /** A unit is saturated when this share of probe rows are near the limit. */
  saturatedRows: 0.9,
  /** Updates larger than this share of the weights per step are too big. */
  largeUpdate: 0.05,
  /** Gradient norms above this look like an explosion. */
  explodingGrad: 100,
  /** Gradient norms below this (with weights that are not tiny) look like they vanished. */
  vanishingGrad: 1e-7,
} as const;

const DEAD_ACTIVATIONS = new Set(["relu", "relu6"]);
const SATURATING = new Map<string, (a: number) => number>([
  ["tanh", (a) => Math.abs(a)],
  ["sigmoid", (a) => Math.abs(2 * a - 1)],
  ["hardSigmoid", (a) => Math.abs(2 * a - 1)],
  ["softsign", (a) => Math.abs(a)],
]);

/**
 * Share of units whose output is at most 0 on every row: a ReLU unit like
 * that passes no gradient back, so it cannot recover by itself.
 */
export function deadShare({ values, rows, units }: Activations): number {
  if (units === 0) {
    return 0;
  }
  let dead = 0;
  for (let j = 0; j < units; j++) {
    let active = false;
    for (let i = 0; i < rows && !active; i++) {
      active = values[i * units + j]! > 0;
    }
    dead += active ? 0 : 1;
  }
  return dead / units;
}

/**
 * Share of units that sit within `margin` of the activation's limit (after
 * mapping its range onto [-1, 1]) on at least `rowShare` of the rows; their
 * gradient is close to 0 there.
 */
export function saturatedShare(
  { values, rows, units }: Activations,
  activation: string,
  margin: number = HEALTH_LIMITS.saturationMargin,
  rowShare: number = HEALTH_LIMITS.saturatedRows,
): number {
  const scale = SATURATING.get(activation);
  if (scale === undefined) {
    throw new RangeError(
      `saturatedShare: "${activation}" has no saturating limits; use one of ${[
        ...SATURATING.keys(),
      ].join(", ")}.`,
    );
  }
  if (units === 0 || rows === 0) {
    return 0;
  }
  let saturated = 0;
  for (let j = 0; j < units; j++) {
    let near = 0;
    for (let i = 0; i < rows; i++) {
      near += scale(values[i * units + j]!) >= 1 - margin ? 1 : 0;
    }
    saturated += near >= rowShare * rows ? 1 : 0;
  }
  return saturated / units;
}

/** Euclidean norm of several arrays taken together. */
export function l2Norm(...arrays: ArrayLike<number>[]): number {
  let sum = 0;
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++) {
      sum += array[i]! * array[i]!;
    }
  }
  return Math.sqrt(sum);
}

/** A gradient this small, on weights that are not tiny, no longer trains the layer. */
function isVanishing(grad: number | null, weightNorm: number | undefined): boolean {
  return grad !== null && grad < HEALTH_LIMITS.vanishingGrad && (weightNorm ?? 0) > 1e-3;
}

/** Measures one layer and words what looks wrong. */
export function assessLayer(input: LayerHealthInput): LayerHealth {
  const { activation, activations } = input;
  const dead =
    activations !== undefined && activation !== undefined && DEAD_ACTIVATIONS.has(activation)
      ? deadShare(activations)
      : null;
  const saturated =
    activations !== undefined && activation !== undefined && SATURATING.has(activation)
      ? saturatedShare(activations, activation)
      : null;
  const ratio =
    input.updateNorm !== undefined && input.weightNorm !== undefined && input.weightNorm > 0
      ? input.updateNorm / input.weightNorm
      : null;
  const grad = input.gradNorm ?? null;
  const label = `Layer ${input.position}`;
  const warnings: string[] = [];
  const percent = (share: number) => `${Math.round(share * 100)} %`;

  const measured = [grad, input.weightNorm, ratio];
  if (measured.some((v) => v !== null && v !== undefined && !Number.isFinite(v))) {
    warnings.push(
      `${label}: weights or gradients are no longer finite numbers; ` +
        "lower the learning rate and reset.",
    );
  }
  if (dead !== null && dead >= HEALTH_LIMITS.unhealthyShare) {
    warnings.push(
      `${label}: ${percent(dead)} of units are dead; lower the learning rate or use leakyRelu.`,
    );
  }
  if (saturated !== null && saturated >= HEALTH_LIMITS.unhealthyShare) {
    const share = percent(saturated);
    warnings.push(
      `${label}: ${share} of units are saturated (stuck near the limit of ${activation}); ` +
        "lower the learning rate or use relu.",
    );
  }
  const size = grad === null ? "" : grad.toPrecision(3);
  const explained = warnings.length > 0;
  if (grad !== null && grad > HEALTH_LIMITS.explodingGrad) {
    warnings.push(
      `${label}: the gradient norm is ${size}, far too large; lower the learning rate.`,
    );
  } else if (isVanishing(grad, input.weightNorm) && !explained) {
    const advice =
      activation !== undefined && SATURATING.has(activation)
        ? `use relu instead of ${activation}, or fewer layers`
        : "lower the learning rate and reset";
    warnings.push(`${label}: the gradient has vanished (norm ${size}); ${advice}.`);
  }
  if (ratio !== null && ratio > HEALTH_LIMITS.largeUpdate) {
    const share = percent(ratio);
    warnings.push(
      `${label}: one step changes the weights by ${share} of their size; lower the learning rate.`,
    );
  }

  return {
    position: input.position,
    name: input.name,
    deadShare: dead,
    saturatedShare: saturated,
    gradNorm: grad,
    updateRatio: ratio,
    warnings,
  };
}
