import {
  normalizeName,
  type Registry,
  type SerializedObject,
  unknownNameError,
} from "@myelin/registry";
import {
  checkOptionKeys,
  describeArgument,
  formatShape,
  ShapeError,
  type Tensor,
  ValueError,
} from "@myelin/tensor-core";

/**
 * A streaming metric: `update` folds in one batch, `result` reports the value
 * over everything seen since `reset`. Values are accumulated in float64 on the
 * host, so a metric over many batches equals the metric over all rows.
 */
export interface Metric {
  /** The key in logs and history (e.g. "accuracy", "val_accuracy"). */
  readonly name: string;
  /** The registry name that rebuilds it. */
  readonly metricName: string;
  readonly config: Record<string, unknown>;
  reset(): void;
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
  result(): number;
}

/** What compile accepts as a metric. */
export type MetricSpec =
  string | SerializedObject | Metric | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/** Options of the threshold metrics. */
export interface ThresholdOptions {
  /** Name in logs (default the metric's registry name). */
  name?: string;
  /** A prediction above this counts as positive (default 0.5). */
  threshold?: number;
}

interface Pair {
  truth: ArrayLike<number>;
  pred: ArrayLike<number>;
  weights: ArrayLike<number> | null;
  rows: number;
  /** Values per row of the prediction (classes, or 1). */
  width: number;
}

/** Reads a batch, aligning a trailing axis of size 1 as the losses do. */
function readPair(
  metric: string,
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight: Tensor | null | undefined,
  sparse: boolean,
): Pair {
  const rows = yPred.rank === 0 ? 1 : yPred.shape[0]!;
  const width = rows === 0 ? 0 : yPred.size / rows;
  const truthPerRow = rows === 0 ? 0 : yTrue.size / rows;
  const expected = sparse ? 1 : width;
  if (yTrue.size !== rows * expected || !Number.isInteger(truthPerRow)) {
    throw new ShapeError(
      metric,
      { yTrue: yTrue.shape, yPred: yPred.shape },
      `the target is ${formatShape(yTrue.shape)} and the prediction is ${formatShape(yPred.shape)}; ` +
        (sparse
          ? "a sparse metric needs one class index per row"
          : "they must hold the same values per row"),
      sparse ? "Pass integer labels of shape [n] or [n, 1]." : "Check the target's shape.",
    );
  }
  const weights = sampleWeight ? sampleWeight.data() : null;
  return { truth: yTrue.data(), pred: yPred.data(), weights, rows, width };
}

/** A weighted mean of a per-row score. */
function meanMetric(
  metricName: string,
  name: string,
  config: Record<string, unknown>,
  sparse: boolean,
  score: (pair: Pair, row: number) => number,
): Metric {
  let total = 0;
  let count = 0;
  return {
    name,
    metricName,
    config,
    reset() {
      total = 0;
      count = 0;
    },
    update(yTrue, yPred, sampleWeight) {
      const pair = readPair(metricName, yTrue, yPred, sampleWeight, sparse);
      for (let r = 0; r < pair.rows; r++) {
        const w = pair.weights ? pair.weights[r]! : 1;
        total += w * score(pair, r);
        count += w;
      }
    },
    result() {
      return count === 0 ? NaN : total / count;
    },
  };
}

function argmax(values: ArrayLike<number>, start: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) {
    if (values[start + j]! > values[start + best]!) {
      best = j;
    }
  }
  return best;
}

/** Reads the threshold of a threshold metric, refusing unknown options. */
function readThreshold(metric: string, options: ThresholdOptions): number {
  checkOptionKeys(metric, options, ["name", "threshold"]);
  const threshold: unknown = options.threshold ?? 0.5;
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    throw new ValueError(
      metric,
      describeArgument("threshold", threshold, "a finite number"),
      "Pass the cut-off above which a prediction counts as positive, e.g. 0.5.",
    );
  }
  return threshold;
}

/** Share of values where (prediction > threshold) equals the 0/1 target. */
export function binaryAccuracy(options: ThresholdOptions = {}): Metric {
  const threshold = readThreshold("binaryAccuracy", options);
  return meanMetric(
    "binaryAccuracy",
    options.name ?? "binaryAccuracy",
    { threshold },
    false,
    (p, r) => {
      let hits = 0;
      for (let j = 0; j < p.width; j++) {
        const i = r * p.width + j;
        hits += (p.pred[i]! > threshold ? 1 : 0) === (p.truth[i]! > 0.5 ? 1 : 0) ? 1 : 0;
      }
      return hits / p.width;
    },
  );
}

/** Share of rows whose largest prediction is the target's largest entry (one-hot targets). */
export function categoricalAccuracy(options: { name?: string } = {}): Metric {
  checkOptionKeys("categoricalAccuracy", options, ["name"]);
  return meanMetric(
    "categoricalAccuracy",
    options.name ?? "categoricalAccuracy",
    {},
    false,
    (p, r) =>
      argmax(p.pred, r * p.width, p.width) === argmax(p.truth, r * p.width, p.width) ? 1 : 0,
  );
}

/** Share of rows whose largest prediction is at the integer label. */
export function sparseCategoricalAccuracy(options: { name?: string } = {}): Metric {
  checkOptionKeys("sparseCategoricalAccuracy", options, ["name"]);
  return meanMetric(
    "sparseCategoricalAccuracy",
    options.name ?? "sparseCategoricalAccuracy",
    {},
    true,
    (p, r) => (argmax(p.pred, r * p.width, p.width) === p.truth[r] ? 1 : 0),
  );
}

/** Mean squared error, averaged over rows and values. */
export function meanSquaredErrorMetric(options: { name?: string } = {}): Metric {
  checkOptionKeys("meanSquaredError", options, ["name"]);
  return meanMetric("meanSquaredError", options.name ?? "mse", {}, false, (p, r) => {
    let sum = 0;
    for (let j = 0; j < p.width; j++) {
      const i = r * p.width + j;
      sum += (p.pred[i]! - p.truth[i]!) ** 2;
    }
    return sum / p.width;
  });
}

/** Mean absolute error, averaged over rows and values. */
export function meanAbsoluteErrorMetric(options: { name?: string } = {}): Metric {
  checkOptionKeys("meanAbsoluteError", options, ["name"]);
  return meanMetric("meanAbsoluteError", options.name ?? "mae", {}, false, (p, r) => {
    let sum = 0;
    for (let j = 0; j < p.width; j++) {
      const i = r * p.width + j;
      sum += Math.abs(p.pred[i]! - p.truth[i]!);
    }
    return sum / p.width;
  });
}

/** Counts of a binary confusion matrix at one threshold. */
function confusionMetric(metricName: "precision" | "recall", options: ThresholdOptions): Metric {
  const threshold = readThreshold(metricName, options);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  return {
    name: options.name ?? metricName,
    metricName,
    config: { threshold },
    reset() {
      tp = 0;
      fp = 0;
      fn = 0;
    },
    update(yTrue, yPred, sampleWeight) {
      const p = readPair(metricName, yTrue, yPred, sampleWeight, false);
      for (let i = 0; i < p.rows * p.width; i++) {
        const w = p.weights ? p.weights[Math.floor(i / p.width)]! : 1;
        const predicted = p.pred[i]! > threshold;
        const actual = p.truth[i]! > 0.5;
        if (predicted && actual) {
          tp += w;
        } else if (predicted) {
          fp += w;
        } else if (actual) {
          fn += w;
        }
      }
    },
    result() {
      const denominator = metricName === "precision" ? tp + fp : tp + fn;
      return denominator === 0 ? 0 : tp / denominator;
    },
  };
}

/** tp / (tp + fp) over all values, at a threshold (default 0.5). */
export const precision = (options: ThresholdOptions = {}): Metric =>
  confusionMetric("precision", options);

/** tp / (tp + fn) over all values, at a threshold (default 0.5). */
export const recall = (options: ThresholdOptions = {}): Metric =>
  confusionMetric("recall", options);

/**
 * Area under the ROC curve for binary targets, from confusion counts at
 * `numThresholds` evenly spaced thresholds in [0, 1] (default 200, as Keras),
 * integrated with the trapezoid rule. Predictions must be probabilities.
 */
export function auc(options: { name?: string; numThresholds?: number } = {}): Metric {
  checkOptionKeys("auc", options, ["name", "numThresholds"]);
  const count: unknown = options.numThresholds ?? 200;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 2) {
    throw new ValueError(
      "auc",
      describeArgument("numThresholds", count, "an integer >= 2"),
      "Pass an integer of at least 2.",
    );
  }
  const thresholds = Array.from({ length: count }, (_, i) => i / (count - 1));
  // Nudge the ends so 0 and 1 predictions fall inside the curve.
  thresholds[0] = -1e-7;
  thresholds[count - 1] = 1 + 1e-7;
  const tp = new Float64Array(count);
  const fp = new Float64Array(count);
  let positives = 0;
  let negatives = 0;
  return {
    name: options.name ?? "auc",
    metricName: "auc",
    config: { numThresholds: count },
    reset() {
      tp.fill(0);
      fp.fill(0);
      positives = 0;
      negatives = 0;
    },
    update(yTrue, yPred, sampleWeight) {
      const p = readPair("auc", yTrue, yPred, sampleWeight, false);
      for (let i = 0; i < p.rows * p.width; i++) {
        const w = p.weights ? p.weights[Math.floor(i / p.width)]! : 1;
        const actual = p.truth[i]! > 0.5;
        if (actual) {
          positives += w;
        } else {
          negatives += w;
        }
        const score = p.pred[i]!;
        for (let t = 0; t < count; t++) {
          if (score > thresholds[t]!) {
            if (actual) {
              tp[t]! += w;
            } else {
              fp[t]! += w;
            }
          } else {
            break;
          }
        }
      }
    },
    result() {
      if (positives === 0 || negatives === 0) {
        return 0;
      }
      let area = 0;
      for (let t = 0; t < count - 1; t++) {
        const x0 = fp[t]! / negatives;
        const x1 = fp[t + 1]! / negatives;
        const y0 = tp[t]! / positives;
        const y1 = tp[t + 1]! / positives;
        area += ((x0 - x1) * (y0 + y1)) / 2;
      }
      return area;
    },
  };
}

/**
 * Accuracy that picks its form from the shapes: one value per row means binary,
 * a target with one entry per row against several predictions means sparse,
 * otherwise categorical.
 */
export function accuracy(options: { name?: string; threshold?: number } = {}): Metric {
  checkOptionKeys("accuracy", options, ["name", "threshold"]);
  const name = options.name ?? "accuracy";
  const forms = {
    binary: binaryAccuracy({ name, threshold: options.threshold }),
    sparse: sparseCategoricalAccuracy({ name }),
    categorical: categoricalAccuracy({ name }),
  };
  let chosen: Metric | null = null;
  return {
    name,
    metricName: "accuracy",
    config: options.threshold === undefined ? {} : { threshold: options.threshold },
    reset() {
      Object.values(forms).forEach((m) => m.reset());
    },
    update(yTrue, yPred, sampleWeight) {
      if (chosen === null) {
        const rows = yPred.shape[0] ?? 1;
        const width = rows === 0 ? 1 : yPred.size / rows;
        chosen =
          width === 1 ? forms.binary : yTrue.size === rows ? forms.sparse : forms.categorical;
      }
      chosen.update(yTrue, yPred, sampleWeight);
    },
    result() {
      return chosen === null ? NaN : chosen.result();
    },
  };
}

/** A metric from a function returning one value per row (averaged, weighted). */
export function functionMetric(name: string, fn: (yTrue: Tensor, yPred: Tensor) => Tensor): Metric {
  let total = 0;
  let count = 0;
  return {
    name,
    metricName: name,
    config: {},
    reset() {
      total = 0;
      count = 0;
    },
    update(yTrue, yPred, sampleWeight) {
      const values = fn(yTrue, yPred).data();
      const weights = sampleWeight ? sampleWeight.data() : null;
      for (let i = 0; i < values.length; i++) {
        const w = weights && weights.length === values.length ? weights[i]! : 1;
        total += w * values[i]!;
        count += w;
      }
    },
    result() {
      return count === 0 ? NaN : total / count;
    },
  };
}

/** Built-in metrics by registry name, with Keras's short names as aliases. */
export const METRICS: Readonly<
  Record<string, { create: (config: Record<string, unknown>) => Metric; aliases?: string[] }>
> = {
  accuracy: { create: (c) => accuracy(c), aliases: ["acc"] },
  binaryAccuracy: { create: (c) => binaryAccuracy(c) },
  categoricalAccuracy: { create: (c) => categoricalAccuracy(c) },
  sparseCategoricalAccuracy: { create: (c) => sparseCategoricalAccuracy(c) },
  meanSquaredError: { create: (c) => meanSquaredErrorMetric(c), aliases: ["mse"] },
  meanAbsoluteError: { create: (c) => meanAbsoluteErrorMetric(c), aliases: ["mae"] },
  precision: { create: (c) => precision(c) },
  recall: { create: (c) => recall(c) },
  auc: { create: (c) => auc(c) },
};

/** What compile knows about the loss when it resolves "accuracy". */
export interface LossHint {
  name: string;
  fromLogits: boolean;
}

/** Chooses the accuracy that fits the loss (Keras's rule). */
function accuracyFor(name: string, loss: LossHint | null): Metric {
  const key = loss ? normalizeName(loss.name) : "";
  if (key.includes("sparsecategorical")) {
    return sparseCategoricalAccuracy({ name });
  }
  if (key.includes("categorical")) {
    return categoricalAccuracy({ name });
  }
  if (key.includes("binary") || key.includes("hinge")) {
    return binaryAccuracy({ name, threshold: loss?.fromLogits ? 0 : 0.5 });
  }
  return accuracy({ name });
}

/**
 * A fresh metric from a spec. "accuracy" (or "acc") picks binary,
 * categorical or sparse accuracy to fit the loss; other names come from the
 * registry when it has them, then from the built-ins.
 *
 * @throws RegistryError for an unknown name, worded as every registry lookup words it:
 *   the closest known names, then all of them (the built-ins and the registry's own).
 */
export function getMetric(
  spec: MetricSpec,
  registry?: Registry,
  loss: LossHint | null = null,
): Metric {
  if (typeof spec === "function") {
    return functionMetric(spec.name || "metric", spec);
  }
  if (typeof spec === "object" && spec !== null && "update" in spec) {
    return spec;
  }
  const name = typeof spec === "string" ? spec : spec.className;
  const config = typeof spec === "string" ? {} : spec.config;
  const key = normalizeName(name);
  if (key === "accuracy" || key === "acc") {
    return accuracyFor(name, loss);
  }
  if (registry?.has("metric", name)) {
    const made = registry.create<Metric>("metric", spec);
    return typeof spec === "string" && made.name !== spec ? renamed(made, spec) : made;
  }
  for (const [builtin, entry] of Object.entries(METRICS)) {
    const names = [builtin, ...(entry.aliases ?? [])].map(normalizeName);
    if (names.includes(key)) {
      return entry.create(typeof spec === "string" ? { name: spec } : config);
    }
  }
  const builtins = Object.entries(METRICS).map(([builtin, entry]) => ({
    name: builtin,
    aliases: entry.aliases,
  }));
  const registered = (registry?.list("metric") ?? []).filter(
    (e) => !Object.keys(METRICS).includes(e.name),
  );
  throw unknownNameError("metric", name, [...builtins, ...registered]);
}

function renamed(metric: Metric, name: string): Metric {
  return {
    name,
    metricName: metric.metricName,
    config: metric.config,
    reset: () => metric.reset(),
    update: (a, b, w) => metric.update(a, b, w),
    result: () => metric.result(),
  };
}
