import { add, matMul, type Tensor, ValueError, type Variable } from "@myelin/tensor-core";
import { type NamedActivation, serializeActivation } from "@myelin/activations";
import { type Constraint, getConstraint } from "../constraints.js";
import { getInitializer, type Initializer } from "../initializers.js";
import { positiveInteger } from "../checks.js";
import { type CallOptions, Layer, type LayerArgs, optional, serializeFunction } from "../layer.js";
import { getRegularizer, type Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";
import type { LayerShape } from "../shape.js";
import { type ActivationSpec, isLinear, resolveActivation } from "./resolve-activation.js";

/** Options of {@link dense}. */
export interface DenseArgs extends LayerArgs {
  /** Number of outputs per sample. */
  units: number;
  /** Applied to the output (default none: linear). */
  activation?: ActivationSpec | null;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Default glorotUniform. */
  kernelInitializer?: Spec<Initializer>;
  /** Default zeros. */
  biasInitializer?: Spec<Initializer>;
  kernelRegularizer?: Spec<Regularizer> | null;
  biasRegularizer?: Spec<Regularizer> | null;
  kernelConstraint?: Spec<Constraint> | null;
  biasConstraint?: Spec<Constraint> | null;
}

/**
 * A fully connected layer: `activation(x · kernel + bias)` over the last axis,
 * with kernel [inputFeatures, units].
 */
export class Dense extends Layer {
  static override className = "Dense";

  readonly units: number;
  readonly useBias: boolean;
  readonly activation: NamedActivation;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private readonly kernelRegularizer: Regularizer | null;
  private readonly biasRegularizer: Regularizer | null;
  private readonly kernelConstraint: Constraint | null;
  private readonly biasConstraint: Constraint | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    super(args);
    this.units = positiveInteger(
      "dense",
      "units",
      args?.units,
      "Pass the number of outputs, e.g. dense({ units: 16 }).",
    );
    this.useBias = args.useBias ?? true;
    this.activation = resolveActivation(args.activation, this.registry);
    this.kernelInitializer = getInitializer(
      args.kernelInitializer ?? "glorotUniform",
      this.registry,
    );
    this.biasInitializer = getInitializer(args.biasInitializer ?? "zeros", this.registry);
    this.kernelRegularizer = optional(args.kernelRegularizer, getRegularizer, this.registry);
    this.biasRegularizer = optional(args.biasRegularizer, getRegularizer, this.registry);
    this.kernelConstraint = optional(args.kernelConstraint, getConstraint, this.registry);
    this.biasConstraint = optional(args.biasConstraint, getConstraint, this.registry);
  }

  override build(inputShape: LayerShape): void {
    const features = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || features === null || features === undefined) {
      throw new ValueError(
        this.label,
        `the input shape is ${JSON.stringify(inputShape)}; a dense layer needs a batch axis and a known last axis`,
        "Give the model an inputShape such as [4].",
      );
    }
    this.kernel = this.addWeight("kernel", [features, this.units], this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight("bias", [this.units], this.biasInitializer, {
        regularizer: this.biasRegularizer,
        constraint: this.biasConstraint,
      });
    }
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const product = matMul(x, this.kernel!);
    const biased = this.bias === null ? product : add(product, this.bias);
    return isLinear(this.activation) ? biased : this.activation(biased);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    const nullable = (fn: object | null, kind: "regularizer" | "constraint") =>
      fn === null ? null : serializeFunction(fn, kind);
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeFunction(this.kernelInitializer, "initializer"),
      biasInitializer: serializeFunction(this.biasInitializer, "initializer"),
      kernelRegularizer: nullable(this.kernelRegularizer, "regularizer"),
      biasRegularizer: nullable(this.biasRegularizer, "regularizer"),
      kernelConstraint: nullable(this.kernelConstraint, "constraint"),
      biasConstraint: nullable(this.biasConstraint, "constraint"),
    };
  }
}

/**
 * A fully connected layer.
 *
 * @example
 * const layer = dense({ units: 10, activation: "relu", inputShape: [784] });
 */
export function dense(args: DenseArgs): Dense {
  return new Dense(args).checkArgs();
}
