import {
  avgPool2d,
  cast,
  div,
  expandDims,
  max,
  maxPool2d,
  mean,
  mul,
  reshape,
  sum,
  type Tensor,
} from "@myelin/tensor-core";
import { getMask } from "../recurrent/masking.js";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import type { LayerShape } from "../shape.js";
import { checkDataFormat } from "./conv.js";
import {
  batchOf,
  checkPadding,
  type ConvPadding,
  requireRank,
  toTuple,
  windowOutputLength,
} from "./conv-utils.js";

/** Options of the 2-D pooling layers. */
export interface Pooling2DArgs extends LayerArgs {
  /** Window size (default 2). */
  poolSize?: number | readonly number[];
  /** Window step (default poolSize, as in Keras). */
  strides?: number | readonly number[] | null;
  /** "valid" (default) or "same" (output = ceil(input / stride), extra padding at the end). */
  padding?: ConvPadding;
  dataFormat?: "channelsLast";
}

/** Options of the 1-D pooling layers. */
export interface Pooling1DArgs extends LayerArgs {
  poolSize?: number | readonly number[];
  strides?: number | readonly number[] | null;
  padding?: ConvPadding;
  dataFormat?: "channelsLast";
}

type PoolMode = "max" | "avg";

/**
 * The shared part of the window pooling layers. Padded cells never win a
 * max and are not counted in a mean (the TensorFlow rule).
 */
abstract class Pooling extends Layer {
  readonly poolSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: ConvPadding;

  constructor(
    private readonly rank: number,
    protected readonly mode: PoolMode,
    args: Pooling2DArgs | Pooling1DArgs,
  ) {
    super(args);
    const label = this.label;
    this.poolSize = toTuple(label, "poolSize", args.poolSize, rank, 2);
    this.strides = toTuple(label, "strides", args.strides ?? this.poolSize, rank);
    this.padding = checkPadding(label, args.padding, ["valid", "same"] as const);
    checkDataFormat(label, args.dataFormat);
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const layout =
      this.rank === 1 ? "[batch, steps, channels]" : "[batch, height, width, channels]";
    requireRank(this.label, inputShape, this.rank + 2, layout);
    const names = this.rank === 1 ? ["length"] : ["height", "width"];
    const spatial = names.map((name, i) =>
      windowOutputLength(
        this.label,
        inputShape,
        name,
        inputShape[i + 1],
        this.poolSize[i]!,
        this.strides[i]!,
        1,
        this.padding,
      ),
    );
    return [inputShape[0] ?? null, ...spatial, inputShape[this.rank + 1] ?? null];
  }

  /** Pools a [batch, height, width, channels] tensor. */
  protected pool2d(x: Tensor, poolSize: [number, number], strides: [number, number]): Tensor {
    const options = { poolSize, strides, padding: this.padding };
    return this.mode === "max" ? maxPool2d(x, options) : avgPool2d(x, options);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      poolSize: [...this.poolSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: "channelsLast",
    };
  }
}

/** Base of the 2-D window pooling layers. */
abstract class Pooling2D extends Pooling {
  constructor(mode: PoolMode, args: Pooling2DArgs) {
    super(2, mode, args);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const poolSize: [number, number] = [this.poolSize[0]!, this.poolSize[1]!];
    return this.pool2d(x, poolSize, [this.strides[0]!, this.strides[1]!]);
  }
}

/** Base of the 1-D window pooling layers: 2-D pooling over a height-1 image. */
abstract class Pooling1D extends Pooling {
  constructor(mode: PoolMode, args: Pooling1DArgs) {
    super(1, mode, args);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const [batch, steps, channels] = [batchOf(x.shape), x.shape[1]!, x.shape[2]!];
    const image = reshape(x, [batch, 1, steps, channels]);
    const y = this.pool2d(image, [1, this.poolSize[0]!], [1, this.strides[0]!]);
    return reshape(y, [batch, y.shape[2]!, channels]);
  }
}

/** Max over each window of [batch, height, width, channels]. */
export class MaxPooling2D extends Pooling2D {
  static override className = "MaxPooling2D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: Pooling2DArgs = {}) {
    super("max", args);
  }
}

/** Mean over each window of [batch, height, width, channels]. */
export class AveragePooling2D extends Pooling2D {
  static override className = "AveragePooling2D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: Pooling2DArgs = {}) {
    super("avg", args);
  }
}

/** Max over each window of [batch, steps, channels]. */
export class MaxPooling1D extends Pooling1D {
  static override className = "MaxPooling1D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: Pooling1DArgs = {}) {
    super("max", args);
  }
}

/** Mean over each window of [batch, steps, channels]. */
export class AveragePooling1D extends Pooling1D {
  static override className = "AveragePooling1D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: Pooling1DArgs = {}) {
    super("avg", args);
  }
}

/** Options of the global pooling layers. */
export interface GlobalPoolingArgs extends LayerArgs {
  /** Keep the pooled axes with size 1 (default false). */
  keepDims?: boolean;
  dataFormat?: "channelsLast";
}

/** Reduces every spatial axis, leaving [batch, channels]. */
abstract class GlobalPooling extends Layer {
  readonly keepDims: boolean;

  constructor(
    private readonly rank: number,
    private readonly mode: PoolMode,
    args: GlobalPoolingArgs,
  ) {
    super(args);
    this.keepDims = args.keepDims ?? false;
    checkDataFormat(this.label, args.dataFormat);
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const layout =
      this.rank === 1 ? "[batch, steps, channels]" : "[batch, height, width, channels]";
    requireRank(this.label, inputShape, this.rank + 2, layout);
    const channels = inputShape[this.rank + 1] ?? null;
    const kept = this.keepDims ? new Array<number>(this.rank).fill(1) : [];
    return [inputShape[0] ?? null, ...kept, channels];
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const axis = this.rank === 1 ? [1] : [1, 2];
    const options = { axis, keepDims: this.keepDims };
    const mask = this.rank === 1 && this.mode === "avg" ? getMask(x) : null;
    if (mask !== null) {
      // The mean of the real steps only, as Keras does for a masked sequence.
      const weights = expandDims(cast(mask, x.dtype), -1);
      return div(sum(mul(x, weights), options), sum(weights, options));
    }
    return this.mode === "max" ? max(x, options) : mean(x, options);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepDims: this.keepDims, dataFormat: "channelsLast" };
  }
}

/** Max over all positions of [batch, height, width, channels]: [batch, channels]. */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override className = "GlobalMaxPooling2D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: GlobalPoolingArgs = {}) {
    super(2, "max", args);
  }
}

/** Mean over all positions of [batch, height, width, channels]: [batch, channels]. */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override className = "GlobalAveragePooling2D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: GlobalPoolingArgs = {}) {
    super(2, "avg", args);
  }
}

/** Max over all steps of [batch, steps, channels]: [batch, channels]. */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override className = "GlobalMaxPooling1D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, "max", args);
  }
}

/**
 * Mean over all steps of [batch, steps, channels]: [batch, channels]. With a
 * time-step mask on the input (embedding with maskZero, masking) only the real
 * steps count.
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override className = "GlobalAveragePooling1D";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: GlobalPoolingArgs = {}) {
    super(1, "avg", args);
  }
}

/**
 * Max pooling over 2-D windows.
 *
 * @example
 * maxPooling2d({ poolSize: 2 })   // [n, 28, 28, c] -> [n, 14, 14, c]
 */
export const maxPooling2d = (args: Pooling2DArgs = {}): MaxPooling2D =>
  new MaxPooling2D(args).checkArgs();
/** Average pooling over 2-D windows. */
export const averagePooling2d = (args: Pooling2DArgs = {}): AveragePooling2D =>
  new AveragePooling2D(args).checkArgs();
/** Max pooling over 1-D windows. */
export const maxPooling1d = (args: Pooling1DArgs = {}): MaxPooling1D =>
  new MaxPooling1D(args).checkArgs();
/** Average pooling over 1-D windows. */
export const averagePooling1d = (args: Pooling1DArgs = {}): AveragePooling1D =>
  new AveragePooling1D(args).checkArgs();
/** Max over all positions of an image. */
export const globalMaxPooling2d = (args: GlobalPoolingArgs = {}): GlobalMaxPooling2D =>
  new GlobalMaxPooling2D(args).checkArgs();
/** Mean over all positions of an image. */
export const globalAveragePooling2d = (args: GlobalPoolingArgs = {}): GlobalAveragePooling2D =>
  new GlobalAveragePooling2D(args).checkArgs();
/** Max over all steps of a sequence. */
export const globalMaxPooling1d = (args: GlobalPoolingArgs = {}): GlobalMaxPooling1D =>
  new GlobalMaxPooling1D(args).checkArgs();
/** Mean over all steps of a sequence. */
export const globalAveragePooling1d = (args: GlobalPoolingArgs = {}): GlobalAveragePooling1D =>
  new GlobalAveragePooling1D(args).checkArgs();
