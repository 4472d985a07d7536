import type { Model } from "../model.js";
import type { HealthReport } from "./health.js";

/** Numbers reported after a batch or an epoch: loss, metrics, `val_` metrics, `lr`. */
export type Logs = Record<string, number>;

/** A result that may or may not be a promise; fit awaits only real promises. */
export type Awaitable = void | Promise<void>;

/** What fit tells callbacks before training starts. */
export interface TrainingParams {
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch, or null for a dataset of unknown length. */
  steps: number | null;
  /** Training samples per epoch, or null for a dataset. */
  samples: number | null;
  batchSize: number | null;
  /** Whether validation runs after each epoch. */
  validation: boolean;
}

/**
 * Hooks into training. Every method is optional, so a plain object is a
 * callback: `{ onEpochEnd(epoch, logs) { ... } }`. Methods may return a promise;
 * fit waits for it before going on.
 */
export interface Callback {
  /** Called once per fit with the model being trained. */
  setModel?(model: Model): void;
  setParams?(params: TrainingParams): void;
  onTrainBegin?(logs: Logs): Awaitable;
  onTrainEnd?(logs: Logs): Awaitable;
  onEpochBegin?(epoch: number, logs: Logs): Awaitable;
  /** `logs` holds the epoch's loss and metrics, the validation ones, and `lr`. */
  onEpochEnd?(epoch: number, logs: Logs): Awaitable;
  onBatchBegin?(batch: number, logs: Logs): Awaitable;
  /** `logs` holds the batch's loss and the running metrics, plus `batch` and `size`. */
  onBatchEnd?(batch: number, logs: Logs): Awaitable;
  /**
   * Ask for a training-health report every this many batches (see
   * trainingHealth). Reports cost a few reads per batch; without a callback
   * asking for them, fit computes none.
   */
  healthEvery?: number;
  onHealth?(report: HealthReport): Awaitable;
}

/**
 * A callback from plain functions (the same as passing the object itself,
 * with types checked).
 *
 * @example
 * callback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) })
 */
export function callback(hooks: Callback): Callback {
  return hooks;
}

type Hook =
  "onTrainBegin" | "onTrainEnd" | "onEpochBegin" | "onEpochEnd" | "onBatchBegin" | "onBatchEnd";

/** @internal Dispatches to many callbacks, awaiting only the promises they return. */
export class CallbackList {
  readonly wantsBatchBegin: boolean;
  readonly wantsBatchEnd: boolean;
  readonly healthEvery: number;

  constructor(readonly callbacks: readonly Callback[]) {
    this.wantsBatchBegin = callbacks.some((c) => c.onBatchBegin !== undefined);
    this.wantsBatchEnd = callbacks.some((c) => c.onBatchEnd !== undefined);
    const every = callbacks
      .filter((c) => c.onHealth !== undefined)
      .map((c) => Math.max(1, Math.floor(c.healthEvery ?? 1)));
    this.healthEvery = every.length === 0 ? 0 : Math.min(...every);
  }

  setup(model: Model, params: TrainingParams): void {
    for (const c of this.callbacks) {
      c.setModel?.(model);
      c.setParams?.(params);
    }
  }

  /** Calls a hook on each callback in order; returns a promise only if one of them did. */
  call(hook: Hook, ...args: [Logs] | [number, Logs]): Promise<void> | undefined {
    let chain: Promise<void> | undefined;
    for (const c of this.callbacks) {
      const fn = c[hook] as ((...a: unknown[]) => Awaitable) | undefined;
      if (fn === undefined) {
        continue;
      }
      if (chain) {
        chain = chain.then(() => fn.apply(c, args));
      } else {
        const result = fn.apply(c, args);
        if (result instanceof Promise) {
          chain = result;
        }
      }
    }
    return chain;
  }

  health(report: HealthReport, batchIndex: number): Promise<void> | undefined {
    let chain: Promise<void> | undefined;
    for (const c of this.callbacks) {
      if (
        c.onHealth === undefined ||
        batchIndex % Math.max(1, Math.floor(c.healthEvery ?? 1)) !== 0
      ) {
        continue;
      }
      const hook = c.onHealth.bind(c);
      chain = chain ? chain.then(() => hook(report)) : toPromise(hook(report));
    }
    return chain;
  }
}

function toPromise(value: Awaitable): Promise<void> | undefined {
  return value instanceof Promise ? value : undefined;
}

/** The record fit returns: one value per epoch for each logged number. */
export class History {
  /** The epochs that ran (counting from 0, or from initialEpoch). */
  readonly epoch: number[] = [];
  /** `history.loss`, `history.val_loss`, `history.accuracy`, `history.lr`, ... */
  readonly history: Record<string, number[]> = {};

  /** @internal */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      (this.history[key] ??= []).push(value);
    }
  }
}

/** "min" or "max" for a monitored quantity, guessing from its name when "auto". */
export function resolveMode(monitor: string, mode: "auto" | "min" | "max"): "min" | "max" {
  if (mode !== "auto") {
    return mode;
  }
  return /acc|auc|precision|recall|f1/i.test(monitor) ? "max" : "min";
}
