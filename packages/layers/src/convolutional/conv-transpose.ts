import { type NamedActivation, serializeActivation } from "@myelin/activations";
import {
  add,
  conv2dTranspose,
  describeValue,
  type Tensor,
  ValueError,
  type Variable,
} from "@myelin/tensor-core";
import { type CallOptions, Layer } from "../layer.js";
import { isLinear, resolveActivation } from "../layers/resolve-activation.js";
import type { LayerShape } from "../shape.js";
import { positiveInteger } from "../checks.js";
import { type Conv2DArgs, checkDataFormat } from "./conv.js";
import {
  batchOf,
  checkPadding,
  type ConvPadding,
  knownLastAxis,
  requireRank,
  toTuple,
  transposeOutputLength,
} from "./conv-utils.js";
import { addSpecWeight, serializeWeightSpec, type WeightSpec, weightSpec } from "./weight-spec.js";

/** Options of {@link conv2dTranspose} (the layer). */
export interface Conv2DTransposeArgs extends Omit<Conv2DArgs, "groups"> {
  /**
   * Extra rows and columns at the bottom and right of the output, each less
   * than the stride on its axis (default none: the sizes below).
   */
  outputPadding?: number | readonly number[] | null;
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its
 * input), for learned upsampling. With span = (kernel - 1) * dilation + 1,
 * the output size per axis follows Keras: "valid" gives
 * `in * stride + max(span - stride, 0)`, "same" gives `in * stride`; with
 * outputPadding p it is `(in - 1) * stride + span - 2 * pad + p`, where pad
 * is 0 for "valid" and floor(span / 2) for "same". Kernel
 * [kernelHeight, kernelWidth, filters, channels].
 */
export class Conv2DTranspose extends Layer {
  static override className = "Conv2DTranspose";

  readonly filters: number;
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: ConvPadding;
  readonly dilationRate: readonly number[];
  readonly outputPadding: readonly number[] | null;
  readonly useBias: boolean;
  readonly activation: NamedActivation;
  private readonly kernelSpec: WeightSpec;
  private readonly biasSpec: WeightSpec;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: Conv2DTransposeArgs) {
    super(args);
    const label = this.label;
    this.filters = positiveInteger(
      label,
      "filters",
      args?.filters,
      "Pass the number of output channels.",
    );
    this.kernelSize = toTuple(label, "kernelSize", args.kernelSize, 2);
    this.strides = toTuple(label, "strides", args.strides, 2, 1);
    this.padding = checkPadding(label, args.padding, ["valid", "same"] as const);
    this.dilationRate = toTuple(label, "dilationRate", args.dilationRate, 2, 1);
    checkDataFormat(label, args.dataFormat);
    this.outputPadding =
      args.outputPadding === undefined || args.outputPadding === null
        ? null
        : this.checkOutputPadding(args.outputPadding);
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

  private checkOutputPadding(value: number | readonly number[]): number[] {
    const list = typeof value === "number" ? [value, value] : [...value];
    const valid =
      list.length === 2 &&
      list.every((p, i) => Number.isInteger(p) && p >= 0 && p < this.strides[i]!);
    if (!valid) {
      throw new ValueError(
        this.label,
        `outputPadding is ${Array.isArray(value) ? JSON.stringify(value) : describeValue(value)} ` +
          `with strides ${JSON.stringify(this.strides)}`,
        "Each output padding must be a non-negative integer smaller than the stride on its axis.",
      );
    }
    return list;
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
    const channels = inputShape[3] as number;
    const kernelShape = [...this.kernelSize, this.filters, channels];
    this.kernel = addSpecWeight(this, "kernel", kernelShape, this.kernelSpec);
    if (this.useBias) {
      this.bias = addSpecWeight(this, "bias", [this.filters], this.biasSpec);
    }
  }

  private outputLength(input: number | null | undefined, axis: number): number | null {
    const window = this.kernelSize[axis]!;
    const stride = this.strides[axis]!;
    const dilation = this.dilationRate[axis]!;
    if (this.outputPadding === null) {
      return transposeOutputLength(input, window, stride, dilation, this.padding);
    }
    if (input === null || input === undefined) {
      return null;
    }
    const span = (window - 1) * dilation + 1;
    const pad = this.padding === "same" ? Math.floor(span / 2) : 0;
    return (input - 1) * stride + span - 2 * pad + this.outputPadding[axis]!;
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    requireRank(this.label, inputShape, 4, "[batch, height, width, channels]");
    knownLastAxis(this.label, inputShape);
    const height = this.outputLength(inputShape[1], 0);
    const width = this.outputLength(inputShape[2], 1);
    return [inputShape[0] ?? null, height, width, this.filters];
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const outputShape = [
      batchOf(x.shape),
      this.outputLength(x.shape[1], 0)!,
      this.outputLength(x.shape[2], 1)!,
      this.filters,
    ];
    const y = conv2dTranspose(x, this.kernel!, outputShape, {
      strides: [this.strides[0]!, this.strides[1]!],
      dilations: [this.dilationRate[0]!, this.dilationRate[1]!],
      padding: this.padding,
    });
    const biased = this.bias === null ? y : add(y, this.bias);
    return isLinear(this.activation) ? biased : this.activation(biased);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      outputPadding: this.outputPadding === null ? null : [...this.outputPadding],
      dataFormat: "channelsLast",
      dilationRate: [...this.dilationRate],
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      ...serializeWeightSpec("kernel", this.kernelSpec),
      ...serializeWeightSpec("bias", this.biasSpec),
    };
  }
}

/**
 * A transposed 2-D convolution layer.
 *
 * @example
 * // [n, 7, 7, c] -> [n, 14, 14, 8]
 * conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: "same" })
 */
export const conv2dTransposeLayer = (args: Conv2DTransposeArgs): Conv2DTranspose =>
  new Conv2DTranspose(args).checkArgs();
