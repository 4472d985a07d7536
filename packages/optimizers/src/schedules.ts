import { checkOptionKeys, describeArgument, ValueError } from "@myelin/tensor-core";
import {
  checkBoolean,
  checkNumber,
  NON_NEGATIVE,
  NON_NEGATIVE_INTEGER,
  POSITIVE,
  UNIT_INTERVAL,
} from "./checks.js";

/**
 * A learning rate as a function of the optimizer step: `schedule(step)` is
 * the rate of the update that follows `step` completed updates (the first
 * update uses `schedule(0)`). `scheduleName` and `config` rebuild it from a
 * model file.
 */
export interface LearningRateSchedule {
  (step: number): number;
  /**
   * The registry name, e.g. "cosineDecay". Custom schedules may leave it out;
   * their function name is used instead.
   */
  readonly scheduleName?: string;
  /** Every option, defaults included. */
  readonly config: Readonly<Record<string, unknown>>;
}

function defineSchedule(
  name: string,
  rate: (step: number) => number,
  config: Record<string, unknown>,
): LearningRateSchedule {
  const schedule = (step: number): number => {
    if (typeof step !== "number" || !(step >= 0) || !Number.isFinite(step)) {
      throw new ValueError(
        name,
        describeArgument("step", step, "a finite number >= 0"),
        "Pass the number of completed steps, >= 0.",
      );
    }
    return rate(step);
  };
  Object.defineProperty(schedule, "scheduleName", { value: name, enumerable: true });
  Object.defineProperty(schedule, "config", {
    value: Object.freeze({ ...config }),
    enumerable: true,
  });
  return schedule as LearningRateSchedule;
}

/** True when a value is a {@link LearningRateSchedule}. */
export function isSchedule(value: unknown): value is LearningRateSchedule {
  const config = (value as { config?: unknown } | undefined)?.config;
  return typeof value === "function" && typeof config === "object" && config !== null;
}

/** The name a schedule is saved and reported under. */
export function scheduleNameOf(schedule: LearningRateSchedule): string {
  return schedule.scheduleName ?? (schedule.name || "custom");
}

/** Options of {@link constant}. */
export interface ConstantOptions {
  learningRate: number;
}

/**
 * The same rate at every step.
 *
 * @throws ValueError when the rate is negative or not finite.
 * @example
 * constant({ learningRate: 0.1 })(7); // 0.1
 */
export function constant(options: ConstantOptions): LearningRateSchedule {
  checkOptionKeys("constant", options, ["learningRate"]);
  const learningRate = checkNumber(
    "constant",
    "learningRate",
    options.learningRate,
    NON_NEGATIVE,
    "0.01",
  );
  return defineSchedule("constant", () => learningRate, { learningRate });
}

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by decayRate once. */
  decaySteps: number;
  decayRate: number;
  /** Decay in whole steps of decaySteps (a step function) instead of smoothly (default false). */
  staircase?: boolean;
}

function decayOptions(name: string, options: ExponentialDecayOptions, keys: readonly string[]) {
  checkOptionKeys(name, options, keys);
  const initial = checkNumber(
    name,
    "initialLearningRate",
    options.initialLearningRate,
    NON_NEGATIVE,
    "0.1",
  );
  const decaySteps = checkNumber(name, "decaySteps", options.decaySteps, POSITIVE, "1000");
  const decayRate = checkNumber(name, "decayRate", options.decayRate, NON_NEGATIVE, "0.96");
  return { initialLearningRate: initial, decaySteps, decayRate };
}

function exponential(initial: number, rate: number, steps: number, staircase: boolean) {
  return (step: number): number => {
    const progress = staircase ? Math.floor(step / steps) : step / steps;
    return initial * Math.pow(rate, progress);
  };
}

/**
 * initialLearningRate * decayRate^(step / decaySteps), with the exponent
 * floored when staircase is set.
 *
 * @throws ValueError for a negative rate or a non-positive decaySteps.
 * @example
 * exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 })(2); // 0.025
 */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  const name = "exponentialDecay";
  const base = decayOptions(name, options, [
    "initialLearningRate",
    "decaySteps",
    "decayRate",
    "staircase",
  ]);
  const staircase = checkBoolean(name, "staircase", options.staircase ?? false);
  const rate = exponential(base.initialLearningRate, base.decayRate, base.decaySteps, staircase);
  return defineSchedule(name, rate, { ...base, staircase });
}

/**
 * A step decay: the rate is multiplied by decayRate after every decaySteps
 * steps, initialLearningRate * decayRate^floor(step / decaySteps).
 *
 * @throws ValueError for a negative rate or a non-positive decaySteps.
 * @example
 * const schedule = stepDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.1 });
 * [0, 2, 3, 6].map(schedule); // [0.1, 0.1, 0.01, 0.001]
 */
export function stepDecay(
  options: Omit<ExponentialDecayOptions, "staircase">,
): LearningRateSchedule {
  const name = "stepDecay";
  const base = decayOptions(name, options, ["initialLearningRate", "decaySteps", "decayRate"]);
  const rate = exponential(base.initialLearningRate, base.decayRate, base.decaySteps, true);
  return defineSchedule(name, rate, base);
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** The rate at step 0 (the start of the warmup when there is one). */
  initialLearningRate: number;
  /** Steps of the cosine decay, after the warmup. */
  decaySteps: number;
  /** The final rate as a fraction of the decay's starting rate (default 0). */
  alpha?: number;
  /** Steps of linear warmup from initialLearningRate to warmupTarget (default 0). */
  warmupSteps?: number;
  /** The rate reached after the warmup, where the decay starts; needed when warmupSteps > 0. */
  warmupTarget?: number;
}

/**
 * Cosine decay with optional linear warmup, as Keras's CosineDecay: for
 * warmupSteps steps the rate rises linearly from initialLearningRate to
 * warmupTarget, then follows peak * ((1 - alpha) (1 + cos(pi t / decaySteps)) / 2 + alpha)
 * and stays at peak * alpha after decaySteps more steps.
 *
 * @throws ValueError for out-of-range options, or warmupSteps without warmupTarget.
 * @example
 * cosineDecay({ initialLearningRate: 1, decaySteps: 10 })(5); // 0.5
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const name = "cosineDecay";
  checkOptionKeys(name, options, [
    "initialLearningRate",
    "decaySteps",
    "alpha",
    "warmupSteps",
    "warmupTarget",
  ]);
  const initial = checkNumber(
    name,
    "initialLearningRate",
    options.initialLearningRate,
    NON_NEGATIVE,
    "0.1",
  );
  const decaySteps = checkNumber(name, "decaySteps", options.decaySteps, POSITIVE, "1000");
  const alpha = checkNumber(name, "alpha", options.alpha ?? 0, UNIT_INTERVAL, "0");
  const warmupSteps = checkNumber(
    name,
    "warmupSteps",
    options.warmupSteps ?? 0,
    NON_NEGATIVE_INTEGER,
    "100",
  );
  const target = options.warmupTarget;
  if (target !== undefined) {
    checkNumber(name, "warmupTarget", target, NON_NEGATIVE, "0.1");
  } else if (warmupSteps > 0) {
    throw new ValueError(
      name,
      `warmupSteps is ${warmupSteps} but warmupTarget is not set`,
      "Pass warmupTarget, the rate the warmup climbs to, or set warmupSteps to 0.",
    );
  }
  const peak = target ?? initial;
  const rate = (step: number): number => {
    if (step < warmupSteps) {
      return initial + (peak - initial) * (step / warmupSteps);
    }
    const done = Math.min(step - warmupSteps, decaySteps) / decaySteps;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * done));
    return peak * ((1 - alpha) * cosine + alpha);
  };
  const config: Record<string, unknown> = {
    initialLearningRate: initial,
    decaySteps,
    alpha,
    warmupSteps,
  };
  if (target !== undefined) {
    config.warmupTarget = target;
  }
  return defineSchedule(name, rate, config);
}

/** Options of {@link piecewiseConstant}. */
export interface PiecewiseConstantOptions {
  /** Increasing step counts where the rate changes. */
  boundaries: readonly number[];
  /** One more value than boundaries: values[i] holds up to and including boundaries[i]. */
  values: readonly number[];
}

/**
 * A rate that is constant between boundaries: values[0] for step <=
 * boundaries[0], values[1] for boundaries[0] < step <= boundaries[1], ...,
 * and the last value after the last boundary (Keras's PiecewiseConstantDecay).
 *
 * @throws ValueError when the lengths do not match, boundaries do not
 *   increase, or a value is negative.
 * @example
 * piecewiseConstant({ boundaries: [10], values: [0.1, 0.01] })(11); // 0.01
 */
export function piecewiseConstant(options: PiecewiseConstantOptions): LearningRateSchedule {
  const name = "piecewiseConstant";
  checkOptionKeys(name, options, ["boundaries", "values"]);
  const boundaries = Array.isArray(options.boundaries) ? [...options.boundaries] : [];
  const values = Array.isArray(options.values) ? [...options.values] : [];
  if (values.length !== boundaries.length + 1) {
    throw new ValueError(
      name,
      `there are ${boundaries.length} boundaries and ${values.length} values`,
      "Pass exactly one more value than boundaries.",
    );
  }
  boundaries.forEach((b, i) => {
    checkNumber(name, `boundaries[${i}]`, b, NON_NEGATIVE, "100");
    if (i > 0 && !(b > boundaries[i - 1]!)) {
      throw new ValueError(
        name,
        `boundaries[${i}] (${b}) is not above boundaries[${i - 1}] (${boundaries[i - 1]})`,
        "List boundaries in increasing order.",
      );
    }
  });
  values.forEach((v, i) => checkNumber(name, `values[${i}]`, v, NON_NEGATIVE, "0.01"));
  const rate = (step: number): number => {
    const index = boundaries.findIndex((b) => step <= b);
    return values[index === -1 ? values.length - 1 : index]!;
  };
  return defineSchedule(name, rate, { boundaries, values });
}
