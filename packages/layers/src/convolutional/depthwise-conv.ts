import { type NamedActivation, serializeActivation } from "@myelin/activations";
import { add, conv2d, reshape, type Tensor, type Variable } from "@myelin/tensor-core";
import type { Constraint } from "../constraints.js";
import type { Initializer } from "../initializers.js";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import { type ActivationSpec, isLinear, resolveActivation } from "../layers/resolve-activation.js";
import type { Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";
import type { LayerShape } from "../shape.js";
import { positiveInteger } from "../checks.js";
import { checkDataFormat } from "./conv.js";
import {
  checkPadding,
  type ConvPadding,
  knownLastAxis,
  requireRank,
  toTuple,
  windowOutputLength,
} from "./conv-utils.js";
import { addSpecWeight, serializeWeightSpec, type WeightSpec, weightSpec } from "./weight-spec.js";

/** Options of {@link depthwiseConv2d}. */
export interface DepthwiseConv2DArgs extends LayerArgs {
  kernelSize: number | readonly number[];
  strides?: number | readonly number[];
  /** "valid" (default) or "same". */
  padding?: ConvPadding;
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  dilationRate?: number | readonly number[];
  activation?: ActivationSpec | null;
  useBias?: boolean;
  dataFormat?: "channelsLast";
  /** Default glorotUniform. */
  depthwiseInitializer?: Spec<Initializer>;
  biasInitializer?: Spec<Initializer>;
  depthwiseRegularizer?: Spec<Regularizer> | null;
  biasRegularizer?: Spec<Regularizer> | null;
  depthwiseConstraint?: Spec<Constraint> | null;
  biasConstraint?: Spec<Constraint> | null;
}

/** Options of {@link separableConv2d}. */
export interface SeparableConv2DArgs extends DepthwiseConv2DArgs {
  /** Output channels of the pointwise step. */
  filters: number;
  /** Default glorotUniform. */
  pointwiseInitializer?: Spec<Initializer>;
  pointwiseRegularizer?: Spec<Regularizer> | null;
  pointwiseConstraint?: Spec<Constraint> | null;
}

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own
 * `depthMultiplier` filters, giving channels * depthMultiplier outputs
 * (output channel c * depthMultiplier + m comes from input channel c and
 * filter m). Kernel [kernelHeight, kernelWidth, channels, depthMultiplier], as in Keras.
 */
export class DepthwiseConv2D extends Layer {
  static override className = "DepthwiseConv2D";

  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: ConvPadding;
  readonly depthMultiplier: number;
  readonly dilationRate: readonly number[];
  readonly useBias: boolean;
  readonly activation: NamedActivation;
  protected readonly depthwiseSpec: WeightSpec;
  protected readonly biasSpec: WeightSpec;
  depthwiseKernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(args);
    const label = this.label;
    this.kernelSize = toTuple(label, "kernelSize", args?.kernelSize, 2);
    this.strides = toTuple(label, "strides", args.strides, 2, 1);
    this.padding = checkPadding(label, args.padding, ["valid", "same"] as const);
    this.depthMultiplier = positiveInteger(
      label,
      "depthMultiplier",
      args.depthMultiplier ?? 1,
      "Pass a positive integer.",
    );
    this.dilationRate = toTuple(label, "dilationRate", args.dilationRate, 2, 1);
    checkDataFormat(label, args.dataFormat);
    this.useBias = args.useBias ?? true;
    this.activation = resolveActivation(args.activation, this.registry);
    this.depthwiseSpec = weightSpec(
      args.depthwiseInitializer,
      args.depthwiseRegularizer,
      args.depthwiseConstraint,
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

  /** Channels after the layer, for an input with `channels` channels. */
  protected outputChannels(channels: number): number {
    return channels * this.depthMultiplier;
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
    const channels = inputShape[3] as number;
    const shape = [...this.kernelSize, channels, this.depthMultiplier];
    this.depthwiseKernel = addSpecWeight(this, "depthwise_kernel", shape, this.depthwiseSpec);
    this.buildPointwise(channels * this.depthMultiplier);
    if (this.useBias) {
      this.bias = addSpecWeight(this, "bias", [this.outputChannels(channels)], this.biasSpec);
    }
  }

  /** Separable convolution adds its pointwise kernel here. */
  protected buildPointwise(_depthChannels: number): void {}

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    requireRank(this.label, inputShape, 4, "[batch, height, width, channels]");
    const channels = knownLastAxis(this.label, inputShape);
    const spatial = ["height", "width"].map((name, i) =>
      windowOutputLength(
        this.label,
        inputShape,
        name,
        inputShape[i + 1],
        this.kernelSize[i]!,
        this.strides[i]!,
        this.dilationRate[i]!,
        this.padding,
      ),
    );
    return [inputShape[0] ?? null, ...spatial, this.outputChannels(channels)];
  }

  /** The depthwise step: a grouped convolution with one group per input channel. */
  protected depthwise(x: Tensor): Tensor {
    const kernel = this.depthwiseKernel!;
    const [kh, kw, channels, multiplier] = kernel.shape as [number, number, number, number];
    const filter = reshape(kernel, [kh, kw, 1, channels * multiplier]);
    return conv2d(x, filter, {
      strides: [this.strides[0]!, this.strides[1]!],
      dilations: [this.dilationRate[0]!, this.dilationRate[1]!],
      padding: this.padding,
      groups: channels,
    });
  }

  /** Adds the bias and applies the activation. */
  protected finish(y: Tensor): Tensor {
    const biased = this.bias === null ? y : add(y, this.bias);
    return isLinear(this.activation) ? biased : this.activation(biased);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return this.finish(this.depthwise(x));
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      depthMultiplier: this.depthMultiplier,
      dataFormat: "channelsLast",
      dilationRate: [...this.dilationRate],
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      ...serializeWeightSpec("depthwise", this.depthwiseSpec),
      ...serializeWeightSpec("bias", this.biasSpec),
    };
  }
}

/**
 * Separable 2-D convolution: a depthwise convolution (strides, padding and
 * dilation apply here) followed by a 1x1 pointwise convolution to `filters`
 * channels, then the bias and the activation. Kernels: depthwise
 * [kh, kw, channels, depthMultiplier] and pointwise
 * [1, 1, channels * depthMultiplier, filters].
 */
export class SeparableConv2D extends DepthwiseConv2D {
  static override className = "SeparableConv2D";

  readonly filters: number;
  protected readonly pointwiseSpec: WeightSpec;
  pointwiseKernel: Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super(args);
    this.filters = positiveInteger(
      this.label,
      "filters",
      args.filters,
      "Pass the number of output channels.",
    );
    this.pointwiseSpec = weightSpec(
      args.pointwiseInitializer,
      args.pointwiseRegularizer,
      args.pointwiseConstraint,
      "glorotUniform",
      this.registry,
    );
  }

  protected override outputChannels(_channels: number): number {
    return this.filters;
  }

  protected override buildPointwise(depthChannels: number): void {
    const shape = [1, 1, depthChannels, this.filters];
    this.pointwiseKernel = addSpecWeight(this, "pointwise_kernel", shape, this.pointwiseSpec);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const y = conv2d(this.depthwise(x), this.pointwiseKernel!);
    return this.finish(y);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      ...serializeWeightSpec("pointwise", this.pointwiseSpec),
    };
  }
}

/**
 * A depthwise 2-D convolution layer.
 *
 * @example
 * depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: "same", inputShape: [32, 32, 3] })
 */
export const depthwiseConv2d = (args: DepthwiseConv2DArgs): DepthwiseConv2D =>
  new DepthwiseConv2D(args).checkArgs();

/**
 * A separable 2-D convolution layer.
 *
 * @example
 * separableConv2d({ filters: 16, kernelSize: 3, activation: "relu", inputShape: [32, 32, 3] })
 */
export const separableConv2d = (args: SeparableConv2DArgs): SeparableConv2D =>
  new SeparableConv2D(args).checkArgs();
