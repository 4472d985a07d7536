import {
  broadcastTo,
  describeValue,
  pad,
  reshape,
  ShapeError,
  slice,
  type Tensor,
  ValueError,
} from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import { formatLayerShape, type LayerShape } from "../shape.js";
import { checkDataFormat } from "./conv.js";
import { batchOf, requireRank, toTuple } from "./conv-utils.js";

const IMAGE_LAYOUT = "[batch, height, width, channels]";

/** Options of {@link upSampling2d}. */
export interface UpSampling2DArgs extends LayerArgs {
  /** Repeats per row and column (default 2). */
  size?: number | readonly number[];
  /** Only "nearest" is supported. */
  interpolation?: "nearest";
  dataFormat?: "channelsLast";
}

/**
 * Nearest-neighbour upsampling: each pixel becomes a size[0] x size[1] block,
 * [batch, h, w, c] to [batch, h * size[0], w * size[1], c].
 */
export class UpSampling2D extends Layer {
  static override className = "UpSampling2D";

  readonly size: readonly number[];

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    this.size = toTuple(this.label, "size", args.size, 2, 2);
    checkDataFormat(this.label, args.dataFormat);
    if (args.interpolation !== undefined && args.interpolation !== "nearest") {
      throw new ValueError(
        this.label,
        `interpolation is ${JSON.stringify(args.interpolation)}`,
        'Only "nearest" is supported.',
      );
    }
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    requireRank(this.label, inputShape, 4, IMAGE_LAYOUT);
    const scale = (d: number | null | undefined, s: number) =>
      d === null || d === undefined ? null : d * s;
    return [
      inputShape[0] ?? null,
      scale(inputShape[1], this.size[0]!),
      scale(inputShape[2], this.size[1]!),
      inputShape[3] ?? null,
    ];
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const [batch, h, w, c] = [batchOf(x.shape), x.shape[1]!, x.shape[2]!, x.shape[3]!];
    const [sh, sw] = [this.size[0]!, this.size[1]!];
    // A broadcast over two inserted axes repeats every pixel into its block.
    const spread = reshape(x, [batch, h, 1, w, 1, c]);
    const blocks = broadcastTo(spread, [batch, h, sh, w, sw, c]);
    return reshape(blocks, [batch, h * sh, w * sw, c]);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      size: [...this.size],
      interpolation: "nearest",
      dataFormat: "channelsLast",
    };
  }
}

type Margins = [[number, number], [number, number]];

/**
 * Reads Keras's three forms of per-side sizes: n (every side), [rows, cols]
 * (both sides of each axis), or [[top, bottom], [left, right]].
 */
function readMargins(label: string, name: string, value: unknown, fallback: number): Margins {
  const v = value ?? fallback;
  const isCount = (d: unknown): d is number =>
    typeof d === "number" && Number.isInteger(d) && d >= 0;
  if (isCount(v)) {
    return [
      [v, v],
      [v, v],
    ];
  }
  if (Array.isArray(v) && v.length === 2 && v.every(isCount)) {
    const [rows, cols] = v as [number, number];
    return [
      [rows, rows],
      [cols, cols],
    ];
  }
  if (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((p) => Array.isArray(p) && p.length === 2 && p.every(isCount))
  ) {
    const [[top, bottom], [left, right]] = v as [[number, number], [number, number]];
    return [
      [top, bottom],
      [left, right],
    ];
  }
  throw new ValueError(
    label,
    `${name} is ${Array.isArray(value) ? JSON.stringify(value) : describeValue(value)}`,
    `Pass ${name} as n, [rows, cols] or [[top, bottom], [left, right]] (non-negative integers).`,
  );
}

/** Options of {@link zeroPadding2d}. */
export interface ZeroPadding2DArgs extends LayerArgs {
  /** n, [rows, cols] or [[top, bottom], [left, right]] (default 1). */
  padding?:
    | number
    | readonly [number, number]
    | readonly [readonly [number, number], readonly [number, number]];
  dataFormat?: "channelsLast";
}

/** Adds rows and columns of zeros around each image. */
export class ZeroPadding2D extends Layer {
  static override className = "ZeroPadding2D";

  readonly padding: Margins;

  constructor(args: ZeroPadding2DArgs = {}) {
    super(args);
    this.padding = readMargins(this.label, "padding", args.padding, 1);
    checkDataFormat(this.label, args.dataFormat);
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    requireRank(this.label, inputShape, 4, IMAGE_LAYOUT);
    const grow = (d: number | null | undefined, [a, b]: [number, number]) =>
      d === null || d === undefined ? null : d + a + b;
    return [
      inputShape[0] ?? null,
      grow(inputShape[1], this.padding[0]),
      grow(inputShape[2], this.padding[1]),
      inputShape[3] ?? null,
    ];
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return pad(x, [[0, 0], this.padding[0], this.padding[1], [0, 0]]);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      padding: this.padding.map((p) => [...p]),
      dataFormat: "channelsLast",
    };
  }
}

/** Options of {@link cropping2d}. */
export interface Cropping2DArgs extends LayerArgs {
  /** n, [rows, cols] or [[top, bottom], [left, right]] (default 0). */
  cropping?:
    | number
    | readonly [number, number]
    | readonly [readonly [number, number], readonly [number, number]];
  dataFormat?: "channelsLast";
}

/** Removes rows and columns from the edges of each image. */
export class Cropping2D extends Layer {
  static override className = "Cropping2D";

  readonly cropping: Margins;

  constructor(args: Cropping2DArgs = {}) {
    super(args);
    this.cropping = readMargins(this.label, "cropping", args.cropping, 0);
    checkDataFormat(this.label, args.dataFormat);
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    requireRank(this.label, inputShape, 4, IMAGE_LAYOUT);
    const names = ["height", "width"];
    const spatial = [0, 1].map((axis) => {
      const d = inputShape[axis + 1];
      const [a, b] = this.cropping[axis]!;
      if (d === null || d === undefined) {
        return null;
      }
      if (a + b >= d) {
        throw new ShapeError(
          this.label,
          {},
          `input ${formatLayerShape(inputShape)} has ${names[axis]} ${d}, ` +
            `but cropping removes ${a} + ${b} = ${a + b} of it; ` +
            "the rule is out = in - before - after, which must be at least 1",
          "Crop less, or feed larger images.",
        );
      }
      return d - a - b;
    });
    return [inputShape[0] ?? null, ...spatial, inputShape[3] ?? null];
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const [[top, bottom], [left, right]] = this.cropping;
    const size = [
      batchOf(x.shape),
      x.shape[1]! - top - bottom,
      x.shape[2]! - left - right,
      x.shape[3]!,
    ];
    return slice(x, [0, top, left, 0], size);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      cropping: this.cropping.map((p) => [...p]),
      dataFormat: "channelsLast",
    };
  }
}

/**
 * Nearest-neighbour upsampling of images.
 *
 * @example
 * upSampling2d({ size: 2 })   // [n, 7, 7, c] -> [n, 14, 14, c]
 */
export const upSampling2d = (args: UpSampling2DArgs = {}): UpSampling2D =>
  new UpSampling2D(args).checkArgs();
/** Zero padding around images. */
export const zeroPadding2d = (args: ZeroPadding2DArgs = {}): ZeroPadding2D =>
  new ZeroPadding2D(args).checkArgs();
/** Cropping of image edges. */
export const cropping2d = (args: Cropping2DArgs = {}): Cropping2D =>
  new Cropping2D(args).checkArgs();
