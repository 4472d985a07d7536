import {
  checkOptionKeys,
  describeArgument,
  type Tensor,
  ValueError,
  warnOnce,
} from "@myelin/tensor-core";
import type { Model } from "../model.js";
import { type Callback, type Logs, resolveMode } from "./base.js";

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** The logged value watched (default "val_loss"). */
  monitor?: string;
  /** An improvement smaller than this does not count (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** "min", "max", or "auto" (max for accuracy-like names). */
  mode?: "auto" | "min" | "max";
  /** Stop unless the value beats this. */
  baseline?: number;
  /** At the end of training, put back the weights of the best epoch (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when a monitored value stops improving. With
 * `restoreBestWeights`, the model ends with the weights of its best epoch.
 *
 * @throws ValueError when patience or minDelta is negative.
 * @example
 * model.fit(x, y, { validationSplit: 0.2, callbacks: [earlyStopping({ patience: 5, restoreBestWeights: true })] });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  checkOptionKeys("earlyStopping", options, [
    "monitor",
    "minDelta",
    "patience",
    "mode",
    "baseline",
    "restoreBestWeights",
  ]);
  const monitor = options.monitor ?? "val_loss";
  const patience = options.patience ?? 0;
  const minDelta = Math.abs(options.minDelta ?? 0);
  const mode = resolveMode(monitor, options.mode ?? "auto");
  if (typeof patience !== "number" || !Number.isInteger(patience) || patience < 0) {
    throw new ValueError(
      "earlyStopping",
      describeArgument("patience", patience, "an integer >= 0"),
      "Pass a whole number of epochs, 0 or more.",
    );
  }
  const better = (a: number, b: number): boolean =>
    mode === "min" ? a < b - minDelta : a > b + minDelta;
  let model: Model | null = null;
  let best = Infinity;
  let wait = 0;
  let bestEpoch = -1;
  let lastEpoch = -1;
  let bestWeights: Tensor[] | null = null;
  return {
    setModel(m) {
      model = m;
    },
    onTrainBegin() {
      best = options.baseline ?? (mode === "min" ? Infinity : -Infinity);
      wait = 0;
      bestEpoch = -1;
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = null;
    },
    onEpochEnd(epoch: number, logs: Logs) {
      lastEpoch = epoch;
      const current = logs[monitor];
      if (current === undefined) {
        warnOnce(
          `earlyStopping:${monitor}`,
          `earlyStopping: "${monitor}" is not in the epoch logs (they have ${Object.keys(logs).join(", ")}); ` +
            "nothing is monitored. Pass validation data for val_ metrics.",
        );
        return;
      }
      wait++;
      if (better(current, best)) {
        best = current;
        bestEpoch = epoch;
        wait = 0;
        if (options.restoreBestWeights) {
          bestWeights?.forEach((t) => t.dispose());
          bestWeights = model!.getWeights();
        }
        return;
      }
      // Keras's rule: stop after `patience` epochs without improvement (at least one).
      if (wait >= Math.max(patience, 1)) {
        model!.stopTraining = true;
      }
    },
    onTrainEnd() {
      if (options.restoreBestWeights && bestWeights !== null && bestEpoch !== lastEpoch) {
        model!.setWeights(bestWeights);
      }
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = null;
    },
  };
}
