import { checkOptionKeys, ValueError, warnOnce } from "@myelin/tensor-core";
import type { Model } from "../model.js";
import type { ModelArtifacts, SaveHandler } from "../serialization.js";
import { type Callback, type Logs, resolveMode } from "./base.js";

/** Options of {@link modelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** Where to save: a function or an IO handler with `save(artifacts)`. */
  save: SaveHandler | ((artifacts: ModelArtifacts, info: { epoch: number; logs: Logs }) => unknown);
  /** Default "val_loss". */
  monitor?: string;
  /** Save only when the monitored value improves (default false: every epoch). */
  saveBestOnly?: boolean;
  mode?: "auto" | "min" | "max";
}

/**
 * Saves the model (topology, weights and optimizer state) after epochs,
 * through a function or an IO handler, so files stay another package's job.
 *
 * @example
 * const saved: ModelArtifacts[] = [];
 * modelCheckpoint({ save: (artifacts) => saved.push(artifacts), saveBestOnly: true })
 */
export function modelCheckpoint(options: ModelCheckpointOptions): Callback {
  checkOptionKeys("modelCheckpoint", options, ["save", "monitor", "saveBestOnly", "mode"]);
  const monitor = options.monitor ?? "val_loss";
  const mode = resolveMode(monitor, options.mode ?? "auto");
  const target = options.save;
  const save =
    typeof target === "function"
      ? target
      : typeof target?.save === "function"
        ? (artifacts: ModelArtifacts) => target.save(artifacts)
        : null;
  if (save === null) {
    throw new ValueError(
      "modelCheckpoint",
      "save is neither a function nor a handler with save()",
      "Pass save: (artifacts) => ... .",
    );
  }
  let model: Model | null = null;
  let best = mode === "min" ? Infinity : -Infinity;
  return {
    setModel(m) {
      model = m;
    },
    onTrainBegin() {
      best = mode === "min" ? Infinity : -Infinity;
    },
    async onEpochEnd(epoch: number, logs: Logs) {
      if (options.saveBestOnly) {
        const current = logs[monitor];
        if (current === undefined) {
          warnOnce(
            `modelCheckpoint:${monitor}`,
            `modelCheckpoint: "${monitor}" is not in the epoch logs; saving every epoch.`,
          );
        } else if (mode === "min" ? !(current < best) : !(current > best)) {
          return;
        } else {
          best = current;
        }
      }
      await save(model!.saveArtifacts(), { epoch, logs });
    },
  };
}
