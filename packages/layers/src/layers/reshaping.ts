import { formatShape, reshape, ShapeError, type Tensor } from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import type { LayerShape } from "../shape.js";

/** Collapses every axis after the batch axis into one: [n, a, b] becomes [n, a * b]. */
export class Flatten extends Layer {
  static override className = "Flatten";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const features = x.shape.slice(1).reduce((n, d) => n * d, 1);
    return reshape(x, [x.shape[0] ?? 1, features]);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const rest = inputShape.slice(1);
    const features = rest.some((d) => d === null)
      ? null
      : (rest as number[]).reduce((n, d) => n * d, 1);
    return [inputShape[0] ?? null, features];
  }
}

/** Options of {@link reshape}. */
export interface ReshapeArgs extends LayerArgs {
  /** Shape of one sample after the layer (no batch axis); one entry may be -1. */
  targetShape: readonly number[];
}

/** Gives each sample a new shape with the same number of values. */
export class Reshape extends Layer {
  static override className = "Reshape";

  readonly targetShape: readonly number[];

  constructor(args: ReshapeArgs) {
    super(args);
    const target = args?.targetShape;
    const valid =
      Array.isArray(target) &&
      target.every((d) => Number.isInteger(d) && d >= -1) &&
      target.filter((d) => d === -1).length <= 1;
    if (!valid) {
      throw new ShapeError(
        "reshape layer",
        {},
        `targetShape ${JSON.stringify(target)} is not a valid shape`,
        "Pass the per-sample shape as non-negative integers, with at most one -1.",
        "invalid_shape",
      );
    }
    this.targetShape = [...target];
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const rest = inputShape.slice(1);
    const known = this.targetShape.reduce((n, d) => (d === -1 ? n : n * d), 1);
    if (rest.some((d) => d === null)) {
      return [inputShape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? null : d))];
    }
    const size = (rest as number[]).reduce((n, d) => n * d, 1);
    const inferred = this.targetShape.includes(-1) && known > 0 ? size / known : null;
    const out = this.targetShape.map((d) => (d === -1 ? inferred : d));
    const outSize = out.reduce<number>((n, d) => n * (d ?? NaN), 1);
    if (outSize !== size || (inferred !== null && !Number.isInteger(inferred))) {
      throw new ShapeError(
        this.label,
        {},
        `cannot reshape samples of ${formatShape(rest)} (${size} values) to ${formatShape(this.targetShape)}`,
        "The target shape must hold the same number of values per sample.",
      );
    }
    return [inputShape[0] ?? null, ...out];
  }

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return reshape(x, [x.shape[0] ?? 1, ...this.targetShape]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}

/** Flattens each sample to a vector. */
export const flatten = (args: LayerArgs = {}): Flatten => new Flatten(args).checkArgs();

/**
 * Reshapes each sample.
 *
 * @example
 * reshape({ targetShape: [28, 28, 1], inputShape: [784] })
 */
export const reshapeLayer = (args: ReshapeArgs): Reshape => new Reshape(args).checkArgs();
