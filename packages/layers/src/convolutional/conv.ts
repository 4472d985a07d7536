import { type NamedActivation, serializeActivation } from "@myelin/activations";
import {
  add,
  conv2d,
  reshape,
  ShapeError,
  type Tensor,
  describeValue,
  ValueError,
  type Variable,
} from "@myelin/tensor-core";
import type { Constraint } from "../constraints.js";
import type { Initializer } from "../initializers.js";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import { type ActivationSpec, isLinear, resolveActivation } from "../layers/resolve-activation.js";
import type { Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";
import { formatLayerShape, type LayerShape } from "../shape.js";
import {
  batchOf,
  type Conv1DPadding,
  checkPadding,
  knownLastAxis,
  requireRank,
  toTuple,
  windowOutputLength,
} from "./conv-utils.js";
import { positiveInteger } from "../checks.js";
import { addSpecWeight, serializeWeightSpec, type WeightSpec, weightSpec } from "./weight-spec.js";

/** Options shared by the convolution layers. */
export interface BaseConvArgs extends LayerArgs {
  /** Size of the window: one number for every spatial axis, or one per axis. */
  kernelSize: number | readonly number[];
  /** Step of the window (default 1). Cannot exceed 1 together with dilationRate. */
  strides?: number | readonly number[];
  /** Spacing between the window's taps (default 1, a dense window). */
  dilationRate?: number | readonly number[];
  /** Applied to the output (default none: linear). */
  activation?: ActivationSpec | null;
  /** Add a bias per output channel (default true). */
  useBias?: boolean;
  /** Only "channelsLast" ([batch, ..., channels]) is supported. */
  dataFormat?: "channelsLast";
  /** Default glorotUniform. */
  kernelInitializer?: Spec<Initializer>;
  /** Default zeros. */
  biasInitializer?: Spec<Initializer>;
  kernelRegularizer?: Spec<Regularizer> | null;
  biasRegularizer?: Spec<Regularizer> | null;
  kernelConstraint?: Spec<Constraint> | null;
  biasConstraint?: Spec<Constraint> | null;
}

/** Options of {@link conv2d} (the layer). */
export interface Conv2DArgs extends BaseConvArgs {
  /** Number of output channels. */
  filters: number;
  /** "valid" (no padding, default) or "same" (output = ceil(input / stride)). */
  padding?: "valid" | "same";
  /** Channel groups: each group of input channels has its own filters (default 1). */
  groups?: number;
}

/** Options of {@link conv1d} (the layer). */
export interface Conv1DArgs extends BaseConvArgs {
  filters: number;
  /** "valid" (default), "same", or "causal" (output t sees only inputs up to t). */
  padding?: Conv1DPadding;
  groups?: number;
}

/** Rejects layouts other than channels-last. */
export function checkDataFormat(label: string, format: string | undefined): void {
  if (format !== undefined && format !== "channelsLast" && format !== "channels_last") {
    throw new ValueError(
      label,
      `dataFormat is ${describeValue(format)}`,
      'Only "channelsLast" is supported: transpose the data to [batch, ..., channels].',
    );
  }
}

/** Checks that strides and dilations are not both above 1 on an axis (Keras's rule). */
function checkStridesAndDilation(label: string, strides: number[], dilation: number[]): void {
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    throw new ValueError(
      label,
      `strides ${JSON.stringify(strides)} and dilationRate ${JSON.stringify(dilation)} ` +
        "are both above 1",
      "Use either strides or dilationRate above 1, not both.",
    );
  }
}

/**
 * The shared part of conv1d and conv2d: a kernel
 * [...kernelSize, channels / groups, filters], an optional bias [filters],
 * and an activation.
 */
abstract class BaseConv extends Layer {
  readonly rank: number;
  readonly filters: number;
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly dilationRate: readonly number[];
  readonly groups: number;
  readonly useBias: boolean;
  readonly activation: NamedActivation;
  protected readonly kernelSpec: WeightSpec;
  protected readonly biasSpec: WeightSpec;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(rank: number, args: Conv2DArgs | Conv1DArgs) {
    super(args);
    const label = this.label;
    this.rank = rank;
    this.filters = positiveInteger(
      label,
      "filters",
      args?.filters,
      "Pass the number of output channels.",
    );
    this.kernelSize = toTuple(label, "kernelSize", args.kernelSize, rank);
    this.strides = toTuple(label, "strides", args.strides, rank, 1);
    this.dilationRate = toTuple(label, "dilationRate", args.dilationRate, rank, 1);
    this.groups = positiveInteger(label, "groups", args.groups ?? 1, "Pass a positive integer.");
    checkStridesAndDilation(label, [...this.strides], [...this.dilationRate]);
    checkDataFormat(label, args.dataFormat);
    if (this.filters % this.groups !== 0) {
      throw new ValueError(
        label,
        `filters (${this.filters}) is not a multiple of groups (${this.groups})`,
        "Make filters divisible by groups.",
      );
    }
    this.useBias = args.useBias ?? true;
    this.activation = resolveActivation(args.activation, this.registry);
    this.kernelSpec = weightSpec(
      args.kernelInitializer,
      args.kernelRegularizer,
      args.kernelConstraint,
      "glorotUniform",
      this.registry,
    );
    this.biasSpec = weightSpec(
      args.biasInitializer,
      args.biasRegularizer,
      args.biasConstraint,
      "zeros",
      this.registry,
    );
  }

  /** The layer's padding, as its subclass reads it. */
  protected abstract get paddingMode(): Conv1DPadding;

  /** `[batch, height, width, channels]` and the like, for messages. */
  protected abstract get layout(): string;

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
    const channels = inputShape[inputShape.length - 1] as number;
    if (channels % this.groups !== 0) {
      throw new ShapeError(
        this.label,
        {},
        `input ${formatLayerShape(inputShape)} has ${channels} channels, ` +
          `not a multiple of groups (${this.groups})`,
        "Make the input channels divisible by groups.",
      );
    }
    const kernelShape = [...this.kernelSize, channels / this.groups, this.filters];
    this.kernel = addSpecWeight(this, "kernel", kernelShape, this.kernelSpec);
    if (this.useBias) {
      this.bias = addSpecWeight(this, "bias", [this.filters], this.biasSpec);
    }
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    requireRank(this.label, inputShape, this.rank + 2, this.layout);
    knownLastAxis(this.label, inputShape);
    const names = this.rank === 1 ? ["length"] : ["height", "width"];
    const spatial = names.map((name, i) =>
      windowOutputLength(
        this.label,
        inputShape,
        name,
        inputShape[i + 1],
        this.kernelSize[i]!,
        this.strides[i]!,
        this.dilationRate[i]!,
        this.paddingMode,
      ),
    );
    return [inputShape[0] ?? null, ...spatial, this.filters];
  }

  /** Adds the bias and applies the activation. */
  protected finish(y: Tensor): Tensor {
    const biased = this.bias === null ? y : add(y, this.bias);
    return isLinear(this.activation) ? biased : this.activation(biased);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.paddingMode,
      dataFormat: "channelsLast",
      dilationRate: [...this.dilationRate],
      groups: this.groups,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      ...serializeWeightSpec("kernel", this.kernelSpec),
      ...serializeWeightSpec("bias", this.biasSpec),
    };
  }
}

/**
 * 2-D convolution (cross-correlation, as in Keras) over channels-last images:
 * [batch, height, width, channels] to [batch, outHeight, outWidth, filters],
 * with kernel [kernelHeight, kernelWidth, channels / groups, filters].
 * Padding "same" follows the TensorFlow rule: output ceil(in / stride), and
 * when the padding is odd the extra row and column go at the bottom and right.
 */
export class Conv2D extends BaseConv {
  static override className = "Conv2D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  readonly padding: "valid" | "same";

  constructor(args: Conv2DArgs) {
    super(2, args);
    this.padding = checkPadding(this.label, args.padding, ["valid", "same"] as const);
  }

  protected override get paddingMode(): Conv1DPadding {
    return this.padding;
  }

  protected override get layout(): string {
    return "[batch, height, width, channels]";
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const y = conv2d(x, this.kernel!, {
      strides: [this.strides[0]!, this.strides[1]!],
      dilations: [this.dilationRate[0]!, this.dilationRate[1]!],
      padding: this.padding,
      groups: this.groups,
    });
    return this.finish(y);
  }
}

/**
 * 1-D convolution over sequences [batch, steps, channels], run as a 2-D
 * convolution on a height-1 image. Padding "causal" puts
 * `(kernelSize - 1) * dilationRate` zeros before the sequence, so output t
 * depends only on inputs up to t.
 */
export class Conv1D extends BaseConv {
  static override className = "Conv1D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  readonly padding: Conv1DPadding;

  constructor(args: Conv1DArgs) {
    super(1, args);
    this.padding = checkPadding(this.label, args.padding, ["valid", "same", "causal"] as const);
  }

  protected override get paddingMode(): Conv1DPadding {
    return this.padding;
  }

  protected override get layout(): string {
    return "[batch, steps, channels]";
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const [batch, steps, channels] = [batchOf(x.shape), x.shape[1]!, x.shape[2]!];
    const kernel = this.kernel!;
    const image = reshape(x, [batch, 1, steps, channels]);
    const filter = reshape(kernel, [1, ...kernel.shape]);
    const left = (this.kernelSize[0]! - 1) * this.dilationRate[0]!;
    const padding =
      this.padding === "causal"
        ? ([
            [0, 0],
            [left, 0],
          ] as const)
        : this.padding;
    const y = conv2d(image, filter, {
      strides: [1, this.strides[0]!],
      dilations: [1, this.dilationRate[0]!],
      padding,
      groups: this.groups,
    });
    return this.finish(reshape(y, [batch, y.shape[2]!, this.filters]));
  }
}

/**
 * A 2-D convolution layer.
 *
 * @example
 * conv2d({ filters: 16, kernelSize: 3, padding: "same", activation: "relu" })
 */
export const conv2dLayer = (args: Conv2DArgs): Conv2D => new Conv2D(args).checkArgs();

/**
 * A 1-D convolution layer.
 *
 * @example
 * conv1d({ filters: 8, kernelSize: 3, padding: "causal", inputShape: [100, 1] })
 */
export const conv1dLayer = (args: Conv1DArgs): Conv1D => new Conv1D(args).checkArgs();
