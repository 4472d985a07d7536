import cliProgress from "cli-progress";

/** Numbers logged after a batch or an epoch. */
export type Logs = Record<string, number>;

/** What a training run announces before its first epoch. */
export interface StartInfo {
  dataset: string;
  task: "classification" | "regression";
  rows: { train: number; validation: number; test: number };
  features: number;
  classes: readonly string[] | null;
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  seed: number;
  backend: string;
  out: string;
  parameters: number;
  /** The target column. */
  target: string;
  /**
   * For regression, one standard deviation of the target in the training rows:
   * the per-epoch loss and metrics are on the target divided by it.
   */
  targetScale: number | null;
}

/**
 * The units of reported metrics that are not plain counts or ratios, by key:
 * `"standardised"` for values on the standardised regression target (the loss
 * the model is trained on), `"target"` for values in the target's own units.
 */
export type MetricUnits = Record<string, "standardised" | "target">;

/** Receives the events of a command and shows them. */
export interface Reporter {
  /** Whether per-batch updates are wanted (they cost a callback per batch). */
  readonly wantsBatches: boolean;
  start(info: StartInfo): void;
  epochBegin(epoch: number, epochs: number, steps: number): void;
  batch(step: number, logs: Logs): void;
  epochEnd(epoch: number, epochs: number, logs: Logs, seconds: number): void;
  checkpoint(epoch: number, dir: string): void;
  warn(message: string): void;
  done(metrics: Logs, units: MetricUnits, out: string, seconds: number): void;
  /** Any other machine-readable result (evaluate, datasets...). */
  result(event: string, payload: Record<string, unknown>, text: string): void;
  /** One event per record for `--json` (such as one per prediction), else `text`. */
  records(event: string, records: readonly Record<string, unknown>[], text: string): void;
}

/** Where a reporter writes: a line-oriented sink, plus the stream for the bar. */
export interface Output {
  write(line: string): void;
  warn(line: string): void;
  stream: NodeJS.WriteStream;
}

/** The reporter for `--json`, a TTY, or plain lines, in that order of precedence. */
export function createReporter(json: boolean, output: Output): Reporter {
  if (json) {
    return jsonReporter(output);
  }
  return output.stream.isTTY ? ttyReporter(output) : plainReporter(output);
}

/**
 * A logged number for people, always the same way: four decimals, so an
 * accuracy of 1 reads `1.0000` next to `0.9993` and a loss `0.0972`; exponents
 * only below 1e-4 or from 1e6 up (`1.234e-5`).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e6)) {
    return value.toExponential(3);
  }
  return value.toFixed(4);
}

/** How a unit reads after a metric's name. */
const UNIT_LABELS: Record<MetricUnits[string], string> = {
  standardised: "standardised target",
  target: "target units",
};

/** `test mae (target units): 43.2100` */
export function metricLine(key: string, value: number | null, units: MetricUnits): string {
  const unit = units[key];
  const label = unit === undefined ? "" : ` (${UNIT_LABELS[unit]})`;
  const shown = value === null ? "not a number" : formatNumber(value);
  return `${key.replace(/_/g, " ")}${label}: ${shown}`;
}

/** `loss 0.1234  accuracy 0.9650` from logs, leaving out bookkeeping keys. */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .filter(([key]) => key !== "lr" && key !== "batch" && key !== "size")
    .map(([key, value]) => `${key} ${formatNumber(value)}`)
    .join("  ");
}

function jsonReporter(output: Output): Reporter {
  const emit = (event: string, payload: Record<string, unknown>) =>
    output.write(JSON.stringify({ event, ...payload }));
  // Warnings also go to standard error as text, as errors do, so they are seen
  // even when standard output goes to a file.
  return {
    wantsBatches: false,
    start: (info) => emit("start", { ...info }),
    epochBegin: () => undefined,
    batch: () => undefined,
    epochEnd: (epoch, epochs, logs, seconds) =>
      emit("epoch", { epoch: epoch + 1, epochs, ...logs, seconds }),
    checkpoint: (epoch, dir) => emit("checkpoint", { epoch: epoch + 1, path: dir }),
    warn: (message) => {
      emit("warning", { message });
      output.warn(`warning: ${message}`);
    },
    done: (metrics, units, out, seconds) => emit("done", { metrics, units, out, seconds }),
    result: (event, payload) => emit(event, payload),
    records: (event, records) => records.forEach((record) => emit(event, record)),
  };
}

function plainReporter(output: Output): Reporter {
  return {
    wantsBatches: false,
    start: (info) => output.write(startLine(info)),
    epochBegin: () => undefined,
    batch: () => undefined,
    epochEnd: (epoch, epochs, logs, seconds) =>
      output.write(epochLine(epoch, epochs, logs, seconds)),
    checkpoint: () => undefined,
    warn: (message) => output.warn(`warning: ${message}`),
    done: (metrics, units, out, seconds) =>
      doneLines(metrics, units, out, seconds).forEach((line) => output.write(line)),
    result: (_event, _payload, text) => writeText(output, text),
    records: (_event, _records, text) => writeText(output, text),
  };
}

/** Writes `text` unless it is empty: a summary event may have nothing to show as text. */
function writeText(output: Output, text: string): void {
  if (text !== "") {
    output.write(text);
  }
}

function ttyReporter(output: Output): Reporter {
  let bar: cliProgress.SingleBar | undefined;
  // fit reports each batch's own loss; the bar shows the epoch's running mean.
  let lossSum = 0;
  let rows = 0;
  const plain = plainReporter(output);
  return {
    ...plain,
    wantsBatches: true,
    epochBegin(epoch, epochs, steps) {
      const width = String(epochs).length;
      bar = new cliProgress.SingleBar(
        {
          stream: output.stream,
          format: `epoch ${String(epoch + 1).padStart(
            width,
          )}/${epochs} {bar} {value}/{total} {logs} ETA {eta_formatted}`,
          barsize: 24,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(steps, 0, { logs: "" });
      lossSum = 0;
      rows = 0;
    },
    batch(step, logs) {
      const size = logs.size ?? 1;
      lossSum += (logs.loss ?? 0) * size;
      rows += size;
      bar?.update(step + 1, { logs: formatLogs({ ...logs, loss: lossSum / rows }) });
    },
    epochEnd(epoch, epochs, logs, seconds) {
      bar?.stop();
      bar = undefined;
      output.write(epochLine(epoch, epochs, logs, seconds));
    },
    warn(message) {
      bar?.stop();
      bar = undefined;
      output.warn(`warning: ${message}`);
    },
  };
}

function startLine(info: StartInfo): string {
  const { rows } = info;
  const parts = [
    `training on ${info.dataset} (${info.task}, ${info.features} features`,
    info.classes === null ? "" : `, ${info.classes.length} classes`,
    `): ${rows.train} train / ${rows.validation} validation / ${rows.test} test rows, `,
    `${info.parameters} parameters, seed ${info.seed}, backend ${info.backend}`,
  ];
  const lines = [parts.join("")];
  if (info.targetScale !== null) {
    lines.push(
      `the target ${JSON.stringify(info.target)} is standardised for training ` +
        `(1 unit = ${formatNumber(info.targetScale)}): each epoch's loss and metrics are ` +
        "on that scale; the final MAE and RMSE are in target units",
    );
  }
  if (info.initialEpoch > 0) {
    lines.push(`resuming after epoch ${info.initialEpoch}`);
  }
  return lines.join("\n");
}

function epochLine(epoch: number, epochs: number, logs: Logs, seconds: number): string {
  const width = String(epochs).length;
  return `epoch ${String(epoch + 1).padStart(width)}/${epochs}  ${formatLogs(
    logs,
  )}  ${seconds.toFixed(2)}s`;
}

function doneLines(metrics: Logs, units: MetricUnits, out: string, seconds: number): string[] {
  const lines = Object.entries(metrics).map(([key, value]) => metricLine(key, value, units));
  return [...lines, `model saved to ${out} (${seconds.toFixed(1)}s)`];
}
