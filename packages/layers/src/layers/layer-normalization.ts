import {
  add,
  mean,
  mul,
  reshape,
  rsqrt,
  square,
  sub,
  type Tensor,
  ValueError,
  type Variable,
} from "@myelin/tensor-core";
import { checkFinite } from "../checks.js";
import { type Constraint, getConstraint } from "../constraints.js";
import { getInitializer, type Initializer } from "../initializers.js";
import { type CallOptions, Layer, type LayerArgs, optional, serializeFunction } from "../layer.js";
import { getRegularizer, type Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";
import type { LayerShape } from "../shape.js";
import { resolveAxis } from "./batch-normalization.js";

/** Options of {@link layerNormalization}. */
export interface LayerNormalizationArgs extends LayerArgs {
  /** Axes normalized within each sample (default -1). */
  axis?: number | number[];
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: Spec<Initializer>;
  gammaInitializer?: Spec<Initializer>;
  betaRegularizer?: Spec<Regularizer> | null;
  gammaRegularizer?: Spec<Regularizer> | null;
  betaConstraint?: Spec<Constraint> | null;
  gammaConstraint?: Spec<Constraint> | null;
}

/**
 * Layer normalization (Ba et al.): each sample is normalized over its feature
 * axes with its own mean and (biased) variance, then scaled by gamma and
 * shifted by beta. It behaves the same in training and inference.
 */
export class LayerNormalization extends Layer {
  static override className = "LayerNormalization";

  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly betaInitializer: Initializer;
  private readonly gammaInitializer: Initializer;
  private readonly betaRegularizer: Regularizer | null;
  private readonly gammaRegularizer: Regularizer | null;
  private readonly betaConstraint: Constraint | null;
  private readonly gammaConstraint: Constraint | null;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  private axes: number[] = [];
  private paramShape: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    this.epsilon = checkFinite(
      this.label,
      "epsilon",
      args.epsilon ?? 1e-3,
      { min: 0, inclusive: false },
      "Pass a small positive epsilon such as 1e-3.",
    );
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = getInitializer(args.betaInitializer ?? "zeros", this.registry);
    this.gammaInitializer = getInitializer(args.gammaInitializer ?? "ones", this.registry);
    this.betaRegularizer = optional(args.betaRegularizer, getRegularizer, this.registry);
    this.gammaRegularizer = optional(args.gammaRegularizer, getRegularizer, this.registry);
    this.betaConstraint = optional(args.betaConstraint, getConstraint, this.registry);
    this.gammaConstraint = optional(args.gammaConstraint, getConstraint, this.registry);
  }

  override build(inputShape: LayerShape): void {
    const list = typeof this.axis === "number" ? [this.axis] : this.axis;
    this.axes = [...new Set(list.map((a) => resolveAxis(this.label, a, inputShape.length)))].sort();
    const sizes = this.axes.map((a) => inputShape[a]);
    if (sizes.some((d) => d === null || d === undefined)) {
      throw new ValueError(
        this.label,
        "a normalized axis has an unknown size",
        "Give the model a full inputShape.",
      );
    }
    // Parameters broadcast against the input: 1 on every axis that is not normalized.
    this.paramShape = inputShape.map((d, i) => (this.axes.includes(i) ? d! : 1)).slice(1);
    const shape = sizes as number[];
    if (this.scale) {
      this.gamma = this.addWeight("gamma", shape, this.gammaInitializer, {
        regularizer: this.gammaRegularizer,
        constraint: this.gammaConstraint,
      });
    }
    if (this.center) {
      this.beta = this.addWeight("beta", shape, this.betaInitializer, {
        regularizer: this.betaRegularizer,
        constraint: this.betaConstraint,
      });
    }
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const sampleMean = mean(x, { axis: this.axes, keepDims: true });
    const centered = sub(x, sampleMean);
    const variance = mean(square(centered), { axis: this.axes, keepDims: true });
    let y = mul(centered, rsqrt(add(variance, this.epsilon)));
    if (this.gamma !== null) {
      y = mul(y, reshape(this.gamma, this.paramShape));
    }
    if (this.beta !== null) {
      y = add(y, reshape(this.beta, this.paramShape));
    }
    return y;
  }

  override getConfig(): Record<string, unknown> {
    const nullable = (fn: object | null, kind: "regularizer" | "constraint") =>
      fn === null ? null : serializeFunction(fn, kind);
    return {
      ...super.getConfig(),
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeFunction(this.betaInitializer, "initializer"),
      gammaInitializer: serializeFunction(this.gammaInitializer, "initializer"),
      betaRegularizer: nullable(this.betaRegularizer, "regularizer"),
      gammaRegularizer: nullable(this.gammaRegularizer, "regularizer"),
      betaConstraint: nullable(this.betaConstraint, "constraint"),
      gammaConstraint: nullable(this.gammaConstraint, "constraint"),
    };
  }
}

/**
 * Normalizes each sample over its last axis (or the given axes).
 *
 * @throws ValueError when epsilon is not positive or an axis is the batch axis.
 */
export function layerNormalization(args: LayerNormalizationArgs = {}): LayerNormalization {
  return new LayerNormalization(args).checkArgs();
}
