import type { SerializedObject } from "@myelin/registry";
import {
  applyOptimizerStep,
  assign,
  cast,
  formatShape,
  full,
  isTensor,
  keep,
  MyelinError,
  noGrad,
  ShapeError,
  shapesEqual,
  tensor,
  type Tensor,
  tidy,
  ValueError,
  Variable,
  variable,
} from "@myelin/tensor-core";
import { checkNumber, NON_NEGATIVE, NON_NEGATIVE_INTEGER } from "./checks.js";
import { type ClipOptions, clipGradients } from "./clipping.js";
import { isSchedule, type LearningRateSchedule, scheduleNameOf } from "./schedules.js";

/** One fused update's rule and hyper-parameters (`OptimizerStepAttrs` of the backend contract). */
export type OptimizerStepAttrs = Parameters<typeof applyOptimizerStep>[3];

/**
 * An optimizer's state as plain data, keyed by variable name: the step count
 * and each variable's slot values (moments, accumulators), in slot order.
 * Float32 slots come out as Float32Array (binary friendly); `setState` also
 * takes number arrays, so `Array.from` makes the state JSON friendly.
 */
export interface OptimizerState {
  iterations: number;
  slots: Record<string, Float32Array[] | number[][]>;
}

/** Options every optimizer accepts. */
export interface OptimizerOptions extends ClipOptions {
  /** A fixed rate or a schedule of the step. */
  learningRate?: number | LearningRateSchedule;
}

/** Gradients as a Map or a list of [variable, gradient] pairs. */
export type GradientList = Map<Variable, Tensor> | ReadonlyArray<readonly [Variable, Tensor]>;

/** One slot of an optimizer: its name (for the slot variable) and its initial value. */
export interface SlotSpec {
  name: string;
  initialValue: number;
}

/**
 * Validates a learning rate option: a schedule, or a number >= 0.
 *
 * @throws ValueError naming the optimizer and the value.
 */
export function checkLearningRate(owner: string, value: unknown): number | LearningRateSchedule {
  if (isSchedule(value)) {
    return value;
  }
  if (typeof value === "function") {
    throw new ValueError(
      owner,
      "learningRate is a function without a config",
      "Build schedules with exponentialDecay(), cosineDecay(), ..., or give yours a config " +
        "object so it can be saved.",
    );
  }
  return checkNumber(owner, "learningRate", value, NON_NEGATIVE, "0.001, or a schedule");
}

/**
 * The base of every optimizer. `applyGradients` clips the gradients, works
 * out the learning rate of this step and updates each variable in place
 * through `applyOptimizerStep` (one fused kernel per variable where the
 * backend has it). Slot variables (moments, accumulators) are created,
 * non-trainable, the first time a variable is updated.
 */
export abstract class Optimizer {
  /** The registry name, e.g. "adam". */
  abstract readonly name: string;
  /** A fixed rate or a schedule of the step; checked again at every step. */
  learningRate: number | LearningRateSchedule;
  /** Updates applied so far; the next update is step `iterations + 1`. */
  iterations = 0;
  /** Clamp gradient elements to [-clipValue, clipValue]. */
  clipValue?: number;
  /** Rescale each gradient tensor to an L2 norm of at most clipNorm. */
  clipNorm?: number;
  /** Rescale all gradients together to a global L2 norm of at most globalClipNorm. */
  globalClipNorm?: number;

  private readonly slots = new Map<Variable, Variable[]>();
  private pending = new Map<string, ArrayLike<number>[]>();

  protected constructor(owner: string, options: OptimizerOptions, defaultLearningRate: number) {
    this.learningRate = checkLearningRate(owner, options.learningRate ?? defaultLearningRate);
    const clip = checkClipOptions(owner, options);
    this.clipValue = clip.clipValue;
    this.clipNorm = clip.clipNorm;
    this.globalClipNorm = clip.globalClipNorm;
  }

  /** The slots each variable gets, in state order. */
  protected abstract slotSpecs(): readonly SlotSpec[];

  /** The update rule and its hyper-parameters for one step (t counts from 1). */
  protected abstract stepAttrs(learningRate: number, step: number): OptimizerStepAttrs;

  /** Hyper-parameters beyond the learning rate and clipping, for getConfig. */
  protected abstract hyperParameters(): Record<string, unknown>;

  /**
   * Applies one update to every variable that has a gradient.
   *
   * @throws ValueError when no gradients are given, a variable appears twice,
   *   or the learning-rate schedule returns an invalid rate.
   * @throws ShapeError when a gradient's shape differs from its variable's.
   * @example
   * const w = variable(tensor([1, 2]));
   * const { grads } = variableGrads(() => sum(square(w)));
   * sgd({ learningRate: 0.1 }).applyGradients(grads); // w is now [0.8, 1.6]
   */
  applyGradients(grads: GradientList): void {
    const pairs = checkPairs(this.name, grads);
    const learningRate = this.rateAt(this.iterations);
    checkClipOptions(this.name, this);
    const slots = pairs.map(([v]) => this.slotsFor(v));
    const attrs = this.stepAttrs(learningRate, this.iterations + 1);

    noGrad(() =>
      tidy(() => {
        const gradients = pairs.map(([v, g]) => (g.dtype === v.dtype ? g : cast(g, v.dtype)));
        const clipped = clipGradients(gradients, this);
        pairs.forEach(([v], i) => applyOptimizerStep(v, clipped[i]!, slots[i]!, attrs));
      }),
    );
    this.iterations++;
  }

  /**
   * The learning rate the next update will use (the schedule at the
   * current `iterations`), which is also the rate the last report showed.
   *
   * @throws ValueError when the schedule returns an invalid rate.
   */
  currentLearningRate(): number {
    return this.rateAt(this.iterations);
  }

  /**
   * The options that rebuild this optimizer (with `getOptimizer`), defaults
   * included; a schedule is written in its serialized form.
   */
  getConfig(): Record<string, unknown> {
    const rate = this.learningRate;
    const learningRate: number | SerializedObject = isSchedule(rate)
      ? { className: scheduleNameOf(rate), config: { ...rate.config } }
      : rate;
    const config: Record<string, unknown> = { learningRate, ...this.hyperParameters() };
    for (const key of ["clipValue", "clipNorm", "globalClipNorm"] as const) {
      if (this[key] !== undefined) {
        config[key] = this[key];
      }
    }
    return config;
  }

  /**
   * A copy of the state: the step count and every variable's slot values.
   * Values restored by `setState` but not yet used are included.
   *
   * @throws MyelinError when two variables with slots share a name.
   */
  getState(): OptimizerState {
    const slots: Record<string, Float32Array[] | number[][]> = {};
    for (const [name, values] of this.pending) {
      slots[name] = values.map((v) => Array.from(v));
    }
    for (const [v, slotVariables] of this.slots) {
      if (slotVariables.length === 0) {
        continue;
      }
      if (Object.hasOwn(slots, v.name)) {
        throw new MyelinError(
          "duplicate_variable_name",
          `${this.name}: two variables named "${v.name}" have optimizer state, ` +
            "so it cannot be saved by name.",
          { hint: "Give every trainable variable a unique name." },
        );
      }
      slots[v.name] = slotVariables.map((s) =>
        s.dtype === "float32" ? (s.data() as Float32Array) : Array.from(s.data()),
      ) as Float32Array[] | number[][];
    }
    return { iterations: this.iterations, slots };
  }

  /**
   * Restores a state from `getState` (or its JSON form). Slots of variables
   * this optimizer already tracks are overwritten now; the others are
   * filled in when their variable is first updated, matched by name.
   *
   * @throws ValueError when the state is malformed or a slot's size or count
   *   does not match its variable.
   */
  setState(state: OptimizerState): void {
    const iterations = checkNumber(
      this.name,
      "state.iterations",
      state?.iterations,
      NON_NEGATIVE_INTEGER,
      "0",
    );
    if (typeof state.slots !== "object" || state.slots === null) {
      throw new ValueError(
        this.name,
        "state.slots is missing",
        "Pass the object getState() returned.",
      );
    }
    const count = this.slotSpecs().length;
    const pending = new Map<string, ArrayLike<number>[]>();
    for (const [name, values] of Object.entries(state.slots)) {
      if (!Array.isArray(values) || values.length !== count) {
        const found = Array.isArray(values) ? `${values.length}` : "no list of";
        throw new ValueError(
          this.name,
          `state.slots["${name}"] has ${found} slot arrays, ` +
            `but ${this.name} keeps ${count} per variable`,
          "Restore state into an optimizer of the same kind and settings.",
        );
      }
      pending.set(name, values as ArrayLike<number>[]);
    }
    for (const [v, slotVariables] of this.slots) {
      const values = pending.get(v.name);
      if (values !== undefined) {
        fillSlots(this.name, v, slotVariables, values);
        pending.delete(v.name);
      }
    }
    this.pending = pending;
    this.iterations = iterations;
  }

  /** Frees the slot variables; later updates start them afresh. */
  dispose(): void {
    for (const slotVariables of this.slots.values()) {
      slotVariables.forEach((s) => s.dispose());
    }
    this.slots.clear();
  }

  private rateAt(step: number): number {
    const rate = this.learningRate;
    if (!isSchedule(rate)) {
      return checkLearningRate(this.name, rate) as number;
    }
    const value = rate(step);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new ValueError(
        this.name,
        `the learning-rate schedule ${scheduleNameOf(rate)} returned ${String(value)} ` +
          `at step ${step}`,
        "A schedule must return a finite number >= 0 at every step.",
      );
    }
    return value;
  }

  private slotsFor(v: Variable): Variable[] {
    const existing = this.slots.get(v);
    if (existing !== undefined) {
      return existing;
    }
    const made = this.slotSpecs().map((spec) =>
      keep(
        variable(full(v.shape, spec.initialValue, v.dtype), {
          name: `${v.name}/${spec.name}`,
          trainable: false,
        }),
      ),
    );
    const restored = this.pending.get(v.name);
    if (restored !== undefined) {
      fillSlots(this.name, v, made, restored);
      this.pending.delete(v.name);
    }
    this.slots.set(v, made);
    return made;
  }
}

function fillSlots(
  owner: string,
  v: Variable,
  slots: Variable[],
  values: ArrayLike<number>[],
): void {
  slots.forEach((slot, i) => {
    const source = values[i]!;
    if (source.length !== slot.size) {
      throw new ValueError(
        owner,
        `the saved slot ${i} of "${v.name}" holds ${source.length} values, ` +
          `but the variable has ${slot.size}`,
        "Restore state into variables of the same shapes.",
      );
    }
    const typed = slot.dtype === "float32" ? Float32Array.from(source) : Float64Array.from(source);
    noGrad(() => tidy(() => assign(slot, tensor(typed, slot.shape))));
  });
}

function checkClipOptions(owner: string, options: ClipOptions): ClipOptions {
  const out: ClipOptions = {};
  for (const key of ["clipValue", "clipNorm", "globalClipNorm"] as const) {
    const value = options[key];
    if (value !== undefined) {
      out[key] = checkNumber(owner, key, value, NON_NEGATIVE, "1");
    }
  }
  return out;
}

function checkPairs(owner: string, grads: GradientList): [Variable, Tensor][] {
  const pairs = (grads instanceof Map ? [...grads] : [...grads]) as [Variable, Tensor][];
  if (pairs.length === 0) {
    throw new ValueError(
      owner,
      "applyGradients got no gradients",
      "Pass the gradients of the trainable variables, e.g. from variableGrads().",
    );
  }
  const seen = new Set<Variable>();
  pairs.forEach(([v, g], i) => {
    if (!(v instanceof Variable)) {
      throw new ValueError(
        owner,
        `entry ${i} does not start with a Variable`,
        "Pass [variable, gradient] pairs.",
      );
    }
    if (!isTensor(g)) {
      throw new ValueError(
        owner,
        `the gradient of "${v.name}" is not a tensor`,
        "Pass [variable, gradient] pairs.",
      );
    }
    if (!shapesEqual(v.shape, g.shape)) {
      throw new ShapeError(
        owner,
        { variable: v.shape, gradient: g.shape },
        `the gradient of "${v.name}" is ${formatShape(g.shape)} but the variable is ` +
          formatShape(v.shape),
        "Pass each variable's gradient, with the variable's shape.",
      );
    }
    if (seen.has(v)) {
      throw new ValueError(
        owner,
        `"${v.name}" appears twice in the gradients`,
        "Add its gradients up first.",
      );
    }
    seen.add(v);
  });
  return pairs;
}
