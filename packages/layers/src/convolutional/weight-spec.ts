import type { Registry } from "@myelin/registry";
import type { Variable } from "@myelin/tensor-core";
import { type Constraint, getConstraint } from "../constraints.js";
import { getInitializer, type Initializer } from "../initializers.js";
import { type Layer, optional, serializeFunction } from "../layer.js";
import { getRegularizer, type Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";

/** How one weight of a layer starts, is penalized and is projected after each step. */
export interface WeightSpec {
  readonly initializer: Initializer;
  readonly regularizer: Regularizer | null;
  readonly constraint: Constraint | null;
}

/**
 * Resolves the three options of one weight (names, serialized forms or
 * functions), with `fallback` as the initializer when none is given.
 */
export function weightSpec(
  initializer: Spec<Initializer> | undefined,
  regularizer: Spec<Regularizer> | null | undefined,
  constraint: Spec<Constraint> | null | undefined,
  fallback: Spec<Initializer>,
  registry: Registry | undefined,
): WeightSpec {
  return {
    initializer: getInitializer(initializer ?? fallback, registry),
    regularizer: optional(regularizer, getRegularizer, registry),
    constraint: optional(constraint, getConstraint, registry),
  };
}

/**
 * The config entries of one weight, Keras style: `kernelInitializer`,
 * `kernelRegularizer`, `kernelConstraint` for the prefix "kernel".
 */
export function serializeWeightSpec(prefix: string, spec: WeightSpec): Record<string, unknown> {
  return {
    [`${prefix}Initializer`]: serializeFunction(spec.initializer, "initializer"),
    [`${prefix}Regularizer`]:
      spec.regularizer === null ? null : serializeFunction(spec.regularizer, "regularizer"),
    [`${prefix}Constraint`]:
      spec.constraint === null ? null : serializeFunction(spec.constraint, "constraint"),
  };
}

/** Creates a weight of `layer` from a resolved spec. */
export function addSpecWeight(
  layer: Layer,
  name: string,
  shape: readonly number[],
  spec: WeightSpec,
): Variable {
  return layer.addWeight(name, shape, spec.initializer, {
    regularizer: spec.regularizer,
    constraint: spec.constraint,
  });
}
