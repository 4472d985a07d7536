import type { Registry } from "@myelin/registry";
import {
  add,
  checkOptionKeys,
  clip,
  describeArgument,
  div,
  mul,
  relu,
  sqrt,
  square,
  sum,
  type Tensor,
  ValueError,
} from "@myelin/tensor-core";
import { resolveSpec, type Spec, withProperties } from "./resolve.js";

/**
 * A projection applied to a weight after each optimizer step (the new value
 * replaces the weight in place).
 */
export interface Constraint {
  (w: Tensor): Tensor;
  readonly constraintName: string;
  readonly config: Record<string, unknown>;
}

// Keeps the division finite for all-zero columns, as Keras does.
const EPSILON = 1e-7;

function norms(w: Tensor, axis: number | readonly number[]): Tensor {
  return sqrt(sum(square(w), { axis, keepDims: true }));
}

/**
 * Rescales each slice along `axis` (default 0: each unit's incoming weights of
 * a dense kernel) whose norm exceeds `maxValue` (default 2).
 *
 * @throws ValueError when maxValue is negative.
 */
export function maxNorm(options: { maxValue?: number; axis?: number | number[] } = {}): Constraint {
  checkOptionKeys("maxNorm", options, ["maxValue", "axis"]);
  const maxValue = options.maxValue ?? 2;
  const axis = options.axis ?? 0;
  if (typeof maxValue !== "number" || !(maxValue >= 0)) {
    throw new ValueError(
      "maxNorm",
      describeArgument("maxValue", maxValue, "a number >= 0"),
      "Pass a non-negative maxValue.",
    );
  }
  const project = (w: Tensor): Tensor => {
    const n = norms(w, axis);
    const desired = clip(n, 0, maxValue);
    return mul(w, div(desired, add(n, EPSILON)));
  };
  return withProperties(project, { constraintName: "maxNorm", config: { maxValue, axis } });
}

/** Sets negative values to zero. */
export function nonNeg(): Constraint {
  return withProperties((w: Tensor) => relu(w), { constraintName: "nonNeg", config: {} });
}

/** Divides each slice along `axis` (default 0) by its norm. */
export function unitNorm(options: { axis?: number | number[] } = {}): Constraint {
  checkOptionKeys("unitNorm", options, ["axis"]);
  const axis = options.axis ?? 0;
  const project = (w: Tensor): Tensor => div(w, add(norms(w, axis), EPSILON));
  return withProperties(project, { constraintName: "unitNorm", config: { axis } });
}

/** Built-in constraints by registry name. */
export const CONSTRAINTS: Readonly<
  Record<string, (config: Record<string, unknown>) => Constraint>
> = {
  maxNorm: (c) => maxNorm(c),
  nonNeg: (c) => {
    checkOptionKeys("nonNeg", c, []);
    return nonNeg();
  },
  unitNorm: (c) => unitNorm(c),
};

/** A constraint from a name, a `{ className, config }` object, or itself. */
export function getConstraint(spec: Spec<Constraint>, registry?: Registry): Constraint {
  return resolveSpec("constraint", spec, CONSTRAINTS, registry);
}
