import type { Optimizer } from "@myelin/optimizers";
import {
  checkOptionKeys,
  describeArgument,
  describeValue,
  ValueError,
  warnOnce,
} from "@myelin/tensor-core";
import type { Model } from "../model.js";
import { type Callback, type Logs, resolveMode } from "./base.js";

function optimizerOf(op: string, model: Model | null): Optimizer {
  const optimizer = model?.optimizer ?? null;
  if (optimizer === null) {
    throw new ValueError(op, "the model has no optimizer", "Call compile() before fit().");
  }
  return optimizer;
}

function checkRate(op: string, epoch: number, rate: unknown): number {
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0) {
    throw new ValueError(
      op,
      `the schedule returned ${describeValue(rate)} for epoch ${epoch}`,
      "A schedule must return a finite, non-negative number.",
    );
  }
  return rate;
}

/**
 * Sets the learning rate at the start of each epoch to `schedule(epoch, rate)`,
 * epochs counted from 0. The rate fit reports in `logs.lr` is the one the
 * epoch's steps used.
 *
 * @throws ValueError at the epoch where the schedule returns NaN, a negative number or a non-number.
 * @example
 * learningRateScheduler((epoch) => 0.1 * 0.1 ** Math.floor(epoch / 3)) // step decay
 */
export function learningRateScheduler(schedule: (epoch: number, rate: number) => number): Callback {
  let model: Model | null = null;
  return {
    setModel(m) {
      model = m;
    },
    onEpochBegin(epoch: number) {
      const optimizer = optimizerOf("learningRateScheduler", model);
      const rate = checkRate(
        "learningRateScheduler",
        epoch,
        schedule(epoch, optimizer.currentLearningRate()),
      );
      optimizer.learningRate = rate;
    },
  };
}

/** Options of {@link reduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** Default "val_loss". */
  monitor?: string;
  /** new rate = rate * factor (default 0.1; must be below 1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The rate never goes below this (default 0). */
  minLr?: number;
  mode?: "auto" | "min" | "max";
}

/**
 * Lowers the learning rate when a monitored value stops improving.
 *
 * @throws ValueError when factor is not in (0, 1).
 * @example
 * reduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 2 })
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): Callback {
  checkOptionKeys("reduceLROnPlateau", options, [
    "monitor",
    "factor",
    "patience",
    "minDelta",
    "cooldown",
    { name: "minLr", aliases: ["minLearningRate"] },
    "mode",
  ]);
  const monitor = options.monitor ?? "val_loss";
  const factor = options.factor ?? 0.1;
  const patience = options.patience ?? 10;
  const minDelta = options.minDelta ?? 1e-4;
  const cooldown = options.cooldown ?? 0;
  const minLr = options.minLr ?? 0;
  const mode = resolveMode(monitor, options.mode ?? "auto");
  if (typeof factor !== "number" || !(factor > 0 && factor < 1)) {
    throw new ValueError(
      "reduceLROnPlateau",
      describeArgument("factor", factor, "a number in (0, 1)"),
      "Pass a factor between 0 and 1, e.g. 0.5.",
    );
  }
  let model: Model | null = null;
  let best = mode === "min" ? Infinity : -Infinity;
  let wait = 0;
  let cooling = 0;
  return {
    setModel(m) {
      model = m;
    },
    onTrainBegin() {
      best = mode === "min" ? Infinity : -Infinity;
      wait = 0;
      cooling = 0;
    },
    onEpochEnd(_epoch: number, logs: Logs) {
      const current = logs[monitor];
      if (current === undefined) {
        warnOnce(
          `reduceLROnPlateau:${monitor}`,
          `reduceLROnPlateau: "${monitor}" is not in the epoch logs; nothing is monitored.`,
        );
        return;
      }
      if (cooling > 0) {
        cooling--;
        wait = 0;
      }
      const improved = mode === "min" ? current < best - minDelta : current > best + minDelta;
      if (improved) {
        best = current;
        wait = 0;
        return;
      }
      if (cooling > 0) {
        return;
      }
      wait++;
      if (wait < patience) {
        return;
      }
      const optimizer = optimizerOf("reduceLROnPlateau", model);
      if (typeof optimizer.learningRate !== "number") {
        warnOnce(
          "reduceLROnPlateau:schedule",
          "reduceLROnPlateau: the optimizer follows a schedule, so its rate is left alone.",
        );
        return;
      }
      const old = optimizer.learningRate;
      if (old > minLr) {
        optimizer.learningRate = Math.max(old * factor, minLr);
        cooling = cooldown;
        wait = 0;
      }
    },
  };
}
