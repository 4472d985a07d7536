import { checkOptionKeys, ValueError } from "@myelin/tensor-core";
import type { Model } from "../model.js";
import type { Callback, Logs, TrainingParams } from "./base.js";

/**
 * Stops training as soon as a batch loss is NaN or infinite, keeping the
 * weights of the last finite step.
 */
export function terminateOnNaN(): Callback {
  let model: Model | null = null;
  return {
    setModel(m) {
      model = m;
    },
    onBatchEnd(_batch: number, logs: Logs) {
      const loss = logs.loss;
      if (loss !== undefined && !Number.isFinite(loss)) {
        model!.stopTraining = true;
      }
    },
  };
}

/** Options of {@link csvLogger}. */
export interface CsvLoggerOptions {
  /** Receives the text: the header line first, then one line per epoch. */
  write: (text: string) => void | Promise<void>;
  /** Default ",". */
  separator?: string;
}

/**
 * Writes one CSV row per epoch (epoch, then the logged values sorted by name)
 * through a function, so it works in browsers and Node alike.
 *
 * @example
 * const lines: string[] = [];
 * csvLogger({ write: (text) => lines.push(text) })
 * // in Node: csvLogger({ write: (text) => fs.appendFileSync("log.csv", text) })
 */
export function csvLogger(options: CsvLoggerOptions): Callback {
  checkOptionKeys("csvLogger", options, ["write", "separator"]);
  const separator = options.separator ?? ",";
  if (typeof options.write !== "function") {
    throw new ValueError("csvLogger", "write is not a function", "Pass write: (text) => ... .");
  }
  let keys: string[] | null = null;
  return {
    onTrainBegin() {
      keys = null;
    },
    async onEpochEnd(epoch: number, logs: Logs) {
      if (keys === null) {
        keys = Object.keys(logs).sort();
        await options.write(["epoch", ...keys].join(separator) + "\n");
      }
      const row = [
        String(epoch),
        ...keys.map((k) => (logs[k] === undefined ? "" : String(logs[k]))),
      ];
      await options.write(row.join(separator) + "\n");
    },
  };
}

/** Options of {@link progressLogger}. */
export interface ProgressLoggerOptions {
  /** Receives each line. */
  sink: (line: string) => void;
  /** Also report every n batches (default 0: epochs only). */
  batchEvery?: number;
}

function formatLogs(logs: Logs, skip: readonly string[] = []): string {
  return Object.entries(logs)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k}: ${Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3)}`)
    .join(" - ");
}

/**
 * Reports progress as text lines, e.g.
 * `epoch 3/10 - 0.41s - loss: 0.1234 - val_loss: 0.2345 - lr: 0.0100`.
 */
export function progressLogger(options: ProgressLoggerOptions): Callback {
  checkOptionKeys("progressLogger", options, ["sink", "batchEvery"]);
  let params: TrainingParams | null = null;
  let started = 0;
  const every = options.batchEvery ?? 0;
  return {
    setParams(p) {
      params = p;
    },
    onEpochBegin() {
      started = Date.now();
    },
    onBatchEnd:
      every > 0
        ? (batch: number, logs: Logs) => {
            if ((batch + 1) % every === 0) {
              const steps = params?.steps ? `/${params.steps}` : "";
              options.sink(`  batch ${batch + 1}${steps} - ${formatLogs(logs, ["batch", "size"])}`);
            }
          }
        : undefined,
    onEpochEnd(epoch: number, logs: Logs) {
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      options.sink(
        `epoch ${epoch + 1}/${params?.epochs ?? "?"} - ${seconds}s - ${formatLogs(logs)}`,
      );
    },
  };
}
