import type { Tensor } from "@myelin/tensor-core";

/** An elementwise (or last-axis) function applied to a layer's output. */
export type Activation = (x: Tensor) => Tensor;

/**
 * An activation that knows its registry name and config, so a layer can
 * write it into a model file and read it back.
 */
export interface NamedActivation extends Activation {
  /** The registry name, e.g. `"leakyRelu"`. */
  readonly activationName: string;
  /** The options it was built with, e.g. `{ alpha: 0.3 }`; `{}` when it has none. */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Attaches a name and a config to an activation function.
 *
 * @example
 * const double = nameActivation("double", (x) => mul(x, 2));
 * double.activationName; // "double"
 */
export function nameActivation<F extends Activation>(
  name: string,
  fn: F,
  config: Record<string, unknown> = {},
): F & NamedActivation {
  Object.defineProperty(fn, "activationName", { value: name, enumerable: true });
  Object.defineProperty(fn, "config", { value: Object.freeze({ ...config }), enumerable: true });
  return fn as F & NamedActivation;
}

/** True when a function carries an activation name (see {@link nameActivation}). */
export function isNamedActivation(fn: unknown): fn is NamedActivation {
  return typeof fn === "function" && typeof (fn as NamedActivation).activationName === "string";
}
