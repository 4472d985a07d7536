import {
  add,
  assign,
  mean,
  mul,
  noGrad,
  reshape,
  rsqrt,
  square,
  sub,
  describeArgument,
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

/** Options of {@link batchNormalization}. */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The feature axis, normalized per entry (default -1). */
  axis?: number;
  /** Moving averages: new = momentum * old + (1 - momentum) * batch (default 0.99). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3). */
  epsilon?: number;
  /** Learn an offset beta (default true). */
  center?: boolean;
  /** Learn a scale gamma (default true). */
  scale?: boolean;
  betaInitializer?: Spec<Initializer>;
  gammaInitializer?: Spec<Initializer>;
  movingMeanInitializer?: Spec<Initializer>;
  movingVarianceInitializer?: Spec<Initializer>;
  betaRegularizer?: Spec<Regularizer> | null;
  gammaRegularizer?: Spec<Regularizer> | null;
  betaConstraint?: Spec<Constraint> | null;
  gammaConstraint?: Spec<Constraint> | null;
}

/** Resolves an axis against a rank, naming the layer when it is out of range. */
export function resolveAxis(label: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank || axis === 0 || axis === -rank) {
    throw new ValueError(
      label,
      `axis ${axis} is not a feature axis of a rank-${rank} input (axis 0 is the batch axis)`,
      `Use an axis from 1 to ${rank - 1}, or -1 for the last.`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Batch normalization (Ioffe and Szegedy). In training it normalizes with the
 * batch's mean and biased variance (divided by n, as Keras does) and moves the
 * moving averages toward them; at inference it uses the moving averages only,
 * so each sample's output is independent of the rest of its batch. A frozen
 * layer (`trainable = false`) always runs in inference mode.
 */
export class BatchNormalization extends Layer {
  static override className = "BatchNormalization";

  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly initializers: Record<
    "beta" | "gamma" | "movingMean" | "movingVariance",
    Initializer
  >;
  private readonly betaRegularizer: Regularizer | null;
  private readonly gammaRegularizer: Regularizer | null;
  private readonly betaConstraint: Constraint | null;
  private readonly gammaConstraint: Constraint | null;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;
  private resolvedAxis = -1;
  private rank = 0;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    const momentum: unknown = args.momentum ?? 0.99;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
      throw new ValueError(
        this.label,
        describeArgument("momentum", momentum, "a number in [0, 1]"),
        "Pass a momentum in [0, 1]; Keras's default is 0.99.",
      );
    }
    this.momentum = momentum;
    this.epsilon = checkFinite(
      this.label,
      "epsilon",
      args.epsilon ?? 1e-3,
      { min: 0, inclusive: false },
      "Pass a small positive epsilon such as 1e-3.",
    );
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.initializers = {
      beta: getInitializer(args.betaInitializer ?? "zeros", this.registry),
      gamma: getInitializer(args.gammaInitializer ?? "ones", this.registry),
      movingMean: getInitializer(args.movingMeanInitializer ?? "zeros", this.registry),
      movingVariance: getInitializer(args.movingVarianceInitializer ?? "ones", this.registry),
    };
    this.betaRegularizer = optional(args.betaRegularizer, getRegularizer, this.registry);
    this.gammaRegularizer = optional(args.gammaRegularizer, getRegularizer, this.registry);
    this.betaConstraint = optional(args.betaConstraint, getConstraint, this.registry);
    this.gammaConstraint = optional(args.gammaConstraint, getConstraint, this.registry);
  }

  override build(inputShape: LayerShape): void {
    this.rank = inputShape.length;
    this.resolvedAxis = resolveAxis(this.label, this.axis, this.rank);
    const size = inputShape[this.resolvedAxis];
    if (size === null || size === undefined) {
      throw new ValueError(
        this.label,
        `the feature axis ${this.axis} of the input has an unknown size`,
        "Give the model a full inputShape.",
      );
    }
    if (this.scale) {
      this.gamma = this.addWeight("gamma", [size], this.initializers.gamma, {
        regularizer: this.gammaRegularizer,
        constraint: this.gammaConstraint,
      });
    }
    if (this.center) {
      this.beta = this.addWeight("beta", [size], this.initializers.beta, {
        regularizer: this.betaRegularizer,
        constraint: this.betaConstraint,
      });
    }
    this.movingMean = this.addWeight("movingMean", [size], this.initializers.movingMean, {
      trainable: false,
    });
    this.movingVariance = this.addWeight(
      "movingVariance",
      [size],
      this.initializers.movingVariance,
      {
        trainable: false,
      },
    );
  }

  /** Reshapes a per-feature vector so it broadcasts along the feature axis. */
  private broadcastable(v: Tensor): Tensor {
    if (this.resolvedAxis === this.rank - 1) {
      return v;
    }
    const shape = Array.from({ length: this.rank }, (_, i) =>
      i === this.resolvedAxis ? v.size : 1,
    );
    return reshape(v, shape);
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    const axes = Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== this.resolvedAxis);
    let centered: Tensor;
    let inverseStd: Tensor;
    // A frozen layer runs in inference mode even while the model trains (as in Keras),
    // so fine-tuning does not disturb its statistics.
    if (options.training === true && this.trainable) {
      const batchMean = mean(x, { axis: axes, keepDims: true });
      centered = sub(x, batchMean);
      const batchVariance = mean(square(centered), { axis: axes, keepDims: true });
      inverseStd = rsqrt(add(batchVariance, this.epsilon));
      this.updateMovingAverages(batchMean, batchVariance);
    } else {
      centered = sub(x, this.broadcastable(this.movingMean!));
      inverseStd = this.broadcastable(rsqrt(add(this.movingVariance!, this.epsilon)));
    }
    let y = mul(centered, inverseStd);
    if (this.gamma !== null) {
      y = mul(y, this.broadcastable(this.gamma));
    }
    if (this.beta !== null) {
      y = add(y, this.broadcastable(this.beta));
    }
    return y;
  }

  private updateMovingAverages(batchMean: Tensor, batchVariance: Tensor): void {
    const m = this.momentum;
    noGrad(() => {
      const meanVector = reshape(batchMean, this.movingMean!.shape);
      const varianceVector = reshape(batchVariance, this.movingVariance!.shape);
      assign(this.movingMean!, add(mul(this.movingMean!, m), mul(meanVector, 1 - m)));
      assign(this.movingVariance!, add(mul(this.movingVariance!, m), mul(varianceVector, 1 - m)));
    });
  }

  override getConfig(): Record<string, unknown> {
    const nullable = (fn: object | null, kind: "regularizer" | "constraint") =>
      fn === null ? null : serializeFunction(fn, kind);
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeFunction(this.initializers.beta, "initializer"),
      gammaInitializer: serializeFunction(this.initializers.gamma, "initializer"),
      movingMeanInitializer: serializeFunction(this.initializers.movingMean, "initializer"),
      movingVarianceInitializer: serializeFunction(this.initializers.movingVariance, "initializer"),
      betaRegularizer: nullable(this.betaRegularizer, "regularizer"),
      gammaRegularizer: nullable(this.gammaRegularizer, "regularizer"),
      betaConstraint: nullable(this.betaConstraint, "constraint"),
      gammaConstraint: nullable(this.gammaConstraint, "constraint"),
    };
  }
}

/**
 * Normalizes each feature over the batch (training) or with moving averages (inference).
 *
 * @throws ValueError when momentum is outside [0, 1] or epsilon is not positive.
 * @example
 * sequential([dense({ units: 32, inputShape: [8] }), batchNormalization(), activation({ activation: "relu" })]);
 */
export function batchNormalization(args: BatchNormalizationArgs = {}): BatchNormalization {
  return new BatchNormalization(args).checkArgs();
}
