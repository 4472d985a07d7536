import {
  concat,
  describeValue,
  Generator,
  pad,
  slice,
  type Tensor,
  ValueError,
} from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import type { LayerShape } from "../shape.js";
import { checkDataFormat } from "./conv.js";
import { requireRank } from "./conv-utils.js";

/** A shift range as a fraction of the image size: f means [-f, f], or [lower, upper]. */
export type TranslationFactor = number | readonly [number, number];

/** Options of {@link randomTranslation}. */
export interface RandomTranslationArgs extends LayerArgs {
  /** Vertical shift range as a fraction of the height (positive moves the image down). */
  heightFactor: TranslationFactor;
  /** Horizontal shift range, a fraction of the width (default heightFactor; positive: right). */
  widthFactor?: TranslationFactor;
  /** Only "constant" is supported: uncovered pixels take fillValue. */
  fillMode?: "constant";
  /** Only "nearest" is supported: shifts are whole pixels. */
  interpolation?: "nearest";
  /** Value of the uncovered pixels (default 0). */
  fillValue?: number;
  /** A fixed seed for the shifts, instead of the model's generator. */
  seed?: number;
  dataFormat?: "channelsLast";
}

function readFactor(label: string, name: string, value: unknown): [number, number] {
  const pair = typeof value === "number" ? [-value, value] : value;
  const valid =
    Array.isArray(pair) &&
    pair.length === 2 &&
    pair.every((f) => typeof f === "number" && Math.abs(f) <= 1) &&
    pair[0] <= pair[1];
  if (!valid) {
    throw new ValueError(
      label,
      `${name} is ${Array.isArray(value) ? JSON.stringify(value) : describeValue(value)}`,
      "Pass a fraction f in [0, 1] (for [-f, f]) or [lower, upper] with -1 <= lower <= upper <= 1.",
    );
  }
  return [pair[0] as number, pair[1] as number];
}

/**
 * Data augmentation for images: in training each image of
 * [batch, height, width, channels] is shifted by its own random whole
 * number of rows and columns, drawn uniformly from
 * round(factor * size); uncovered pixels take fillValue. At inference it is
 * the identity. Keras's layer of the same name, restricted to fillMode
 * "constant" and interpolation "nearest".
 */
export class RandomTranslation extends Layer {
  static override className = "RandomTranslation";
  /** getConfig() writes seed only when one was given; it is an option all the same. */
  static override extraArgs: readonly string[] = ["seed"];

  readonly heightFactor: [number, number];
  readonly widthFactor: [number, number];
  readonly fillValue: number;
  readonly seed: number | undefined;

  constructor(args: RandomTranslationArgs) {
    super(args);
    const label = this.label;
    this.heightFactor = readFactor(label, "heightFactor", args?.heightFactor);
    this.widthFactor = readFactor(label, "widthFactor", args.widthFactor ?? args.heightFactor);
    this.fillValue = args.fillValue ?? 0;
    this.seed = args.seed;
    checkDataFormat(label, args.dataFormat);
    if (args.fillMode !== undefined && args.fillMode !== "constant") {
      throw new ValueError(
        label,
        `fillMode is ${JSON.stringify(args.fillMode)}`,
        'Only "constant" is supported.',
      );
    }
    if (args.interpolation !== undefined && args.interpolation !== "nearest") {
      throw new ValueError(
        label,
        `interpolation is ${JSON.stringify(args.interpolation)}`,
        'Only "nearest" is supported.',
      );
    }
    if (args.seed !== undefined) {
      this.generator = new Generator(args.seed);
    }
  }

  override build(inputShape: LayerShape): void {
    requireRank(this.label, inputShape, 4, "[batch, height, width, channels]");
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    if (options.training !== true) {
      return x;
    }
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    const rows = this.heightFactor.map((f) => Math.round(f * height)) as [number, number];
    const cols = this.widthFactor.map((f) => Math.round(f * width)) as [number, number];
    const [top, left] = [Math.max(rows[1], 0), Math.max(cols[1], 0)];
    const [bottom, right] = [Math.max(-rows[0], 0), Math.max(-cols[0], 0)];
    if (top + bottom + left + right === 0) {
      return x;
    }
    // One padded copy of the batch; each image is a window of it, offset by its shift.
    const padded = pad(
      x,
      [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      this.fillValue,
    );
    const generator = this.generator;
    const draw = ([low, high]: [number, number]) =>
      low + Math.floor(generator.uniform() * (high - low + 1));
    const images = Array.from({ length: batch }, (_, b) => {
      const [dy, dx] = [draw(rows), draw(cols)];
      return slice(padded, [b, top - dy, left - dx, 0], [1, height, width, channels]);
    });
    return concat(images, 0);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      heightFactor: [...this.heightFactor],
      widthFactor: [...this.widthFactor],
      fillMode: "constant",
      interpolation: "nearest",
      fillValue: this.fillValue,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
      dataFormat: "channelsLast",
    };
  }
}

/**
 * Random whole-pixel shifts of images in training (data augmentation).
 *
 * @example
 * randomTranslation({ heightFactor: 0.1, widthFactor: 0.1 })   // up to 3 pixels of a 28x28 image
 */
export const randomTranslation = (args: RandomTranslationArgs): RandomTranslation =>
  new RandomTranslation(args).checkArgs();
