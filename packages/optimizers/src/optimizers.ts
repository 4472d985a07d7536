import { checkOptionKeys } from "@myelin/tensor-core";
import {
  checkBoolean,
  checkNumber,
  HALF_OPEN_UNIT,
  NON_NEGATIVE,
  POSITIVE,
  UNIT_INTERVAL,
} from "./checks.js";
import {
  Optimizer,
  type OptimizerOptions,
  type OptimizerStepAttrs,
  type SlotSpec,
} from "./optimizer.js";

/** Keras's old `lr` and Python's `learning_rate` count as near learningRate in suggestions. */
const COMMON_KEYS = [
  { name: "learningRate", aliases: ["lr"] },
  "clipValue",
  "clipNorm",
  "globalClipNorm",
] as const;

/** Options of {@link sgd}. */
export interface SgdOptions extends OptimizerOptions {
  /** Velocity decay in [0, 1] (default 0: plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum, in
 * Keras's form: v = momentum v - lr g; w += v (Nesterov: w += momentum v - lr g).
 */
export class SGD extends Optimizer {
  readonly name = "sgd";
  readonly momentum: number;
  readonly nesterov: boolean;

  /**
   * @throws ValueError for a negative rate, momentum outside [0, 1], or an unknown option.
   */
  constructor(options: SgdOptions = {}) {
    checkOptionKeys("sgd", options, [...COMMON_KEYS, "momentum", "nesterov"]);
    super("sgd", options, 0.01);
    this.momentum = checkNumber("sgd", "momentum", options.momentum ?? 0, UNIT_INTERVAL, "0.9");
    this.nesterov = checkBoolean("sgd", "nesterov", options.nesterov ?? false);
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return this.momentum > 0 ? [{ name: "momentum", initialValue: 0 }] : [];
  }

  protected stepAttrs(learningRate: number): OptimizerStepAttrs {
    if (this.momentum === 0) {
      return { rule: "sgd", learningRate, params: {} };
    }
    const rule = this.nesterov ? "nesterov" : "momentum";
    return { rule, learningRate, params: { momentum: this.momentum } };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

/** Options of {@link adam}. */
export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first moment, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second moment, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to sqrt(v-hat) in the denominator, > 0 (default 1e-7). */
  epsilon?: number;
}

function readBetas(owner: string, options: AdamOptions) {
  return {
    beta1: checkNumber(owner, "beta1", options.beta1 ?? 0.9, HALF_OPEN_UNIT, "0.9"),
    beta2: checkNumber(owner, "beta2", options.beta2 ?? 0.999, HALF_OPEN_UNIT, "0.999"),
    epsilon: checkNumber(owner, "epsilon", options.epsilon ?? 1e-7, POSITIVE, "1e-7"),
  };
}

/**
 * Adam (Kingma and Ba, 2015) with the bias corrections applied to both
 * moments and epsilon added to the corrected sqrt(v-hat), as TF.js and the
 * paper's Algorithm 1 do: w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon).
 */
export class Adam extends Optimizer {
  readonly name: string = "adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  /**
   * @throws ValueError for a negative rate, a beta outside [0, 1), epsilon <= 0,
   *   or an unknown option.
   */
  constructor(options: AdamOptions = {}, owner = "adam", extraKeys: readonly string[] = []) {
    checkOptionKeys(owner, options, [...COMMON_KEYS, "beta1", "beta2", "epsilon", ...extraKeys]);
    super(owner, options, 0.001);
    const { beta1, beta2, epsilon } = readBetas(owner, options);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return [
      { name: "m", initialValue: 0 },
      { name: "v", initialValue: 0 },
    ];
  }

  protected stepAttrs(learningRate: number, step: number): OptimizerStepAttrs {
    const params = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step };
    return { rule: "adam", learningRate, params };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** Options of {@link adamw}. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay per unit of learning rate, >= 0 (default 0.004). */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): each step
 * first shrinks w by lr * weightDecay * w, then applies the Adam update.
 */
export class AdamW extends Adam {
  override readonly name: string = "adamw";
  readonly weightDecay: number;

  /**
   * @throws ValueError for out-of-range options (as {@link Adam}, plus weightDecay < 0).
   */
  constructor(options: AdamWOptions = {}) {
    super(options, "adamw", ["weightDecay"]);
    this.weightDecay = checkNumber(
      "adamw",
      "weightDecay",
      options.weightDecay ?? 0.004,
      NON_NEGATIVE,
      "0.004",
    );
  }

  protected override stepAttrs(learningRate: number, step: number): OptimizerStepAttrs {
    const attrs = super.stepAttrs(learningRate, step);
    return {
      rule: "adamw",
      learningRate,
      params: { ...attrs.params, weightDecay: this.weightDecay },
    };
  }

  protected override hyperParameters(): Record<string, unknown> {
    return { ...super.hyperParameters(), weightDecay: this.weightDecay };
  }
}

/** Options of {@link rmsprop}. */
export interface RmspropOptions extends OptimizerOptions {
  /** Decay of the running mean of g^2, in [0, 1) (default 0.9). */
  rho?: number;
  /** Added to sqrt(s) in the denominator, > 0 (default 1e-7). */
  epsilon?: number;
}

/** RMSprop: s = rho s + (1 - rho) g^2; w -= lr g / (sqrt(s) + epsilon). */
export class RMSprop extends Optimizer {
  readonly name = "rmsprop";
  readonly rho: number;
  readonly epsilon: number;

  /**
   * @throws ValueError for a negative rate, rho outside [0, 1), epsilon <= 0, or an unknown option.
   */
  constructor(options: RmspropOptions = {}) {
    checkOptionKeys("rmsprop", options, [...COMMON_KEYS, "rho", "epsilon"]);
    super("rmsprop", options, 0.001);
    this.rho = checkNumber("rmsprop", "rho", options.rho ?? 0.9, HALF_OPEN_UNIT, "0.9");
    this.epsilon = checkNumber("rmsprop", "epsilon", options.epsilon ?? 1e-7, POSITIVE, "1e-7");
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return [{ name: "rms", initialValue: 0 }];
  }

  protected stepAttrs(learningRate: number): OptimizerStepAttrs {
    return { rule: "rmsprop", learningRate, params: { rho: this.rho, epsilon: this.epsilon } };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

/** Options of {@link adagrad}. */
export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the accumulator, >= 0 (default 0.1). */
  initialAccumulatorValue?: number;
  /** Added to sqrt(a) in the denominator, > 0 (default 1e-7). */
  epsilon?: number;
}

/** Adagrad: a += g^2; w -= lr g / (sqrt(a) + epsilon). */
export class Adagrad extends Optimizer {
  readonly name = "adagrad";
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  /**
   * @throws ValueError for a negative rate or accumulator, epsilon <= 0, or an unknown option.
   */
  constructor(options: AdagradOptions = {}) {
    checkOptionKeys("adagrad", options, [...COMMON_KEYS, "initialAccumulatorValue", "epsilon"]);
    super("adagrad", options, 0.001);
    const initial = options.initialAccumulatorValue ?? 0.1;
    this.initialAccumulatorValue = checkNumber(
      "adagrad",
      "initialAccumulatorValue",
      initial,
      NON_NEGATIVE,
      "0.1",
    );
    this.epsilon = checkNumber("adagrad", "epsilon", options.epsilon ?? 1e-7, POSITIVE, "1e-7");
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return [{ name: "accumulator", initialValue: this.initialAccumulatorValue }];
  }

  protected stepAttrs(learningRate: number): OptimizerStepAttrs {
    return { rule: "adagrad", learningRate, params: { epsilon: this.epsilon } };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

/**
 * Adamax, Adam's infinity-norm variant: m = b1 m + (1 - b1) g;
 * u = max(b2 u, |g|); w -= lr / (1 - b1^t) m / (u + epsilon).
 */
export class Adamax extends Optimizer {
  readonly name = "adamax";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  /**
   * @throws ValueError for a negative rate, a beta outside [0, 1), epsilon <= 0,
   *   or an unknown option.
   */
  constructor(options: AdamOptions = {}) {
    checkOptionKeys("adamax", options, [...COMMON_KEYS, "beta1", "beta2", "epsilon"]);
    super("adamax", options, 0.001);
    const { beta1, beta2, epsilon } = readBetas("adamax", options);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return [
      { name: "m", initialValue: 0 },
      { name: "u", initialValue: 0 },
    ];
  }

  protected stepAttrs(learningRate: number, step: number): OptimizerStepAttrs {
    const params = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step };
    return { rule: "adamax", learningRate, params };
  }

  protected hyperParameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Stochastic gradient descent (learningRate 0.01, momentum 0, nesterov false).
 *
 * @throws ValueError for invalid options.
 * @example
 * const optimizer = sgd({ learningRate: 0.1, momentum: 0.9 });
 */
export function sgd(options: SgdOptions = {}): SGD {
  return new SGD(options);
}

/**
 * Adam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 *
 * @throws ValueError for invalid options.
 * @example
 * const optimizer = adam({ learningRate: 0.01 });
 */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}

/**
 * AdamW (Adam's defaults plus weightDecay 0.004).
 *
 * @throws ValueError for invalid options.
 * @example
 * const optimizer = adamw({ weightDecay: 0.01 });
 */
export function adamw(options: AdamWOptions = {}): AdamW {
  return new AdamW(options);
}

/**
 * RMSprop (learningRate 0.001, rho 0.9, epsilon 1e-7).
 *
 * @throws ValueError for invalid options.
 * @example
 * const optimizer = rmsprop({ rho: 0.95 });
 */
export function rmsprop(options: RmspropOptions = {}): RMSprop {
  return new RMSprop(options);
}

/**
 * Adagrad (learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7).
 *
 * @throws ValueError for invalid options.
 * @example
 * const optimizer = adagrad({ learningRate: 0.1 });
 */
export function adagrad(options: AdagradOptions = {}): Adagrad {
  return new Adagrad(options);
}

/**
 * Adamax (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 *
 * @throws ValueError for invalid options.
 * @example
 * const optimizer = adamax({ learningRate: 0.002 });
 */
export function adamax(options: AdamOptions = {}): Adamax {
  return new Adamax(options);
}
