/** What the summary needs to know about one built layer. */
export interface LayerFacts {
  name: string;
  /** The layer's type (`Dense`, `Dropout`, ...). */
  className: string;
  /** Features per sample going in and coming out. */
  inputUnits: number;
  outputUnits: number;
  params: number;
  /** Registry name of the activation the layer applies, if any (`relu`, `linear`). */
  activation?: string;
}

/** One row of the summary table. */
export interface SummaryRow extends LayerFacts {
  /** Floating-point operations of one forward pass of one sample; null when unknown. */
  flops: number | null;
}

/** The summary of a whole model. */
export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
  /** Sum of the known rows. */
  forwardFlops: number;
  /** True when some layer's cost is unknown, so the total is a lower bound. */
  partial: boolean;
}

// Elementwise activations cost about one operation per value; the few that need
// an exp and a division or a polynomial count a little more. These are rough
// weights for comparing layers, not measured instruction counts.
const ACTIVATION_FLOPS: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyRelu: 2,
  elu: 3,
  selu: 4,
  sigmoid: 4,
  hardSigmoid: 3,
  tanh: 4,
  softplus: 4,
  softsign: 3,
  swish: 5,
  silu: 5,
  gelu: 8,
  geluTanh: 8,
  mish: 8,
  softmax: 5,
  logSoftmax: 5,
};

/** Operations per value for an activation name (4, a middle guess, for names not in the table). */
export function activationFlops(name: string | undefined): number {
  if (name === undefined) {
    return 0;
  }
  return ACTIVATION_FLOPS[name] ?? 4;
}

/**
 * Forward FLOPs per sample of one layer, counting a multiply-add as two:
 * - Dense: `2 * in * out` for the product, `out` for the bias, plus the activation.
 * - Activation: the activation's cost per value.
 * - Dropout, GaussianNoise: 0 (identity at inference).
 * - Sine (the playground's custom layer): a multiply and a sine per value.
 * Any other type is unknown (null).
 */
export function layerFlops(layer: LayerFacts): number | null {
  const perValue = activationFlops(layer.activation) * layer.outputUnits;
  switch (layer.className) {
    case "Dense": {
      const bias = layer.params > layer.inputUnits * layer.outputUnits ? layer.outputUnits : 0;
      return 2 * layer.inputUnits * layer.outputUnits + bias + perValue;
    }
    case "Activation":
      return perValue;
    case "Dropout":
    case "GaussianNoise":
    case "GaussianDropout":
    case "AlphaDropout":
      return 0;
    case "Sine":
      return 2 * layer.outputUnits;
    default:
      return null;
  }
}

/** Rows with FLOPs and the totals. */
export function summarize(layers: readonly LayerFacts[]): ModelSummary {
  const rows = layers.map((layer) => ({ ...layer, flops: layerFlops(layer) }));
  return {
    rows,
    totalParams: rows.reduce((n, row) => n + row.params, 0),
    forwardFlops: rows.reduce((n, row) => n + (row.flops ?? 0), 0),
    partial: rows.some((row) => row.flops === null),
  };
}

/** `1234567` as `1.23 M`, `5300` as `5.3 k`. */
export function formatCount(value: number): string {
  if (value >= 1e9) {
    return `${trim(value / 1e9)} G`;
  }
  if (value >= 1e6) {
    return `${trim(value / 1e6)} M`;
  }
  if (value >= 1e4) {
    return `${trim(value / 1e3)} k`;
  }
  return String(value);
}

function trim(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
