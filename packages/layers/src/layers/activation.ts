import { type NamedActivation, serializeActivation } from "@myelin/activations";
import type { Tensor } from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import { type ActivationSpec, resolveActivation } from "./resolve-activation.js";

/** Options of {@link activation}. */
export interface ActivationArgs extends LayerArgs {
  /** The function applied elementwise (or over the last axis, for softmax). */
  activation: ActivationSpec;
}

/** Applies an activation function on its own, as a layer. */
export class Activation extends Layer {
  static override className = "Activation";

  readonly activation: NamedActivation;

  constructor(args: ActivationArgs) {
    super(args);
    this.activation = resolveActivation(args.activation, this.registry);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return this.activation(x);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: serializeActivation(this.activation) };
  }
}

/**
 * An activation as a layer.
 *
 * @example
 * sequential([dense({ units: 8, inputShape: [4] }), activation({ activation: "relu" })]);
 */
export function activation(args: ActivationArgs): Activation {
  return new Activation(args).checkArgs();
}
