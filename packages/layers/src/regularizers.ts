import type { Registry } from "@myelin/registry";
import {
  abs,
  add,
  checkOptionKeys,
  describeArgument,
  full,
  mul,
  square,
  sum,
  type Tensor,
  ValueError,
} from "@myelin/tensor-core";
import { resolveSpec, type Spec, withProperties } from "./resolve.js";

/** A penalty on a weight (or a layer's output), added to the training loss. */
export interface Regularizer {
  /** The penalty, a scalar. */
  (x: Tensor): Tensor;
  readonly regularizerName: string;
  readonly config: Record<string, unknown>;
}

function factor(op: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw new ValueError(
      op,
      describeArgument(name, value, "a finite number >= 0"),
      `Pass a finite, non-negative ${name}.`,
    );
  }
  return value;
}

/**
 * l1 * sum(|x|) + l2 * sum(x^2).
 *
 * @throws ValueError when a factor is negative or not finite.
 * @example
 * dense({ units: 8, kernelRegularizer: l1l2({ l1: 1e-5, l2: 1e-4 }) })
 */
export function l1l2(options: { l1?: number; l2?: number } = {}): Regularizer {
  checkOptionKeys("l1l2", options, ["l1", "l2"]);
  const l1 = factor("l1l2", "l1", options.l1 ?? 0);
  const l2 = factor("l1l2", "l2", options.l2 ?? 0);
  return build("l1l2", { l1, l2 }, l1, l2);
}

/** l1 * sum(|x|) (default l1 0.01). */
export function l1(options: { l1?: number } = {}): Regularizer {
  checkOptionKeys("l1", options, ["l1"]);
  const value = factor("l1", "l1", options.l1 ?? 0.01);
  return build("l1", { l1: value }, value, 0);
}

/** l2 * sum(x^2) (default l2 0.01). There is no factor 1/2, as in Keras. */
export function l2(options: { l2?: number } = {}): Regularizer {
  checkOptionKeys("l2", options, ["l2"]);
  const value = factor("l2", "l2", options.l2 ?? 0.01);
  return build("l2", { l2: value }, 0, value);
}

function build(
  name: string,
  config: Record<string, number>,
  l1Factor: number,
  l2Factor: number,
): Regularizer {
  const penalty = (x: Tensor): Tensor => {
    const parts: Tensor[] = [];
    if (l1Factor > 0) {
      parts.push(mul(sum(abs(x)), l1Factor));
    }
    if (l2Factor > 0) {
      parts.push(mul(sum(square(x)), l2Factor));
    }
    if (parts.length === 0) {
      return full([], 0, x.dtype);
    }
    return parts.length === 1 ? parts[0]! : add(parts[0]!, parts[1]!);
  };
  return withProperties(penalty, { regularizerName: name, config });
}

/** Built-in regularizers by registry name. */
export const REGULARIZERS: Readonly<
  Record<string, (config: Record<string, unknown>) => Regularizer>
> = {
  l1: (c) => l1(c),
  l2: (c) => l2(c),
  l1l2: (c) => l1l2(c),
};

/** A regularizer from a name, a `{ className, config }` object, or itself. */
export function getRegularizer(spec: Spec<Regularizer>, registry?: Registry): Regularizer {
  return resolveSpec("regularizer", spec, REGULARIZERS, registry);
}
