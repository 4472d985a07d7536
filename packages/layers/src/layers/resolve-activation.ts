import { getActivation, linear, type NamedActivation } from "@myelin/activations";
import type { Registry, SerializedObject } from "@myelin/registry";
import type { Tensor } from "@myelin/tensor-core";

/** What layers accept as an activation: a name, a serialized form, or the function. */
export type ActivationSpec = string | SerializedObject | ((x: Tensor) => Tensor);

/** Resolves an activation (none means linear); names fall back to the built-ins. */
export function resolveActivation(
  spec: ActivationSpec | null | undefined,
  registry: Registry | undefined,
): NamedActivation {
  return getActivation(spec, registry);
}

/** True for the identity, so layers can skip the call. */
export function isLinear(activation: NamedActivation): boolean {
  return activation === linear;
}
