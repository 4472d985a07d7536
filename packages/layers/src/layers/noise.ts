import {
  add,
  Generator,
  mul,
  randomNormal,
  type Tensor,
  tensor,
} from "@myelin/tensor-core";
import { checkFinite, checkFraction } from "../checks.js";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";

/** Options shared by the noise layers. */
interface NoiseArgs extends LayerArgs {
  /** A fixed seed for this layer's noise, instead of the model's generator. */
  seed?: number;
}

function checkRate(op: string, rate: unknown): number {
  return checkFraction(
    op,
    "rate",
    rate,
    "The rate is the fraction of inputs dropped: 0 keeps all, 0.5 drops half; " +
      "1 would drop everything.",
  );
}

/** Base of the noise layers: identity at inference, noise only in training. */
abstract class NoiseLayer extends Layer {
  /** getConfig() writes seed only when one was given; it is an option all the same. */
  static override extraArgs: readonly string[] = ["seed"];

  readonly seed: number | undefined;

  constructor(args: NoiseArgs) {
    super(args);
    this.seed = args.seed;
    if (args.seed !== undefined) {
      this.generator = new Generator(args.seed);
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

/** Options of {@link dropout}. */
export interface DropoutArgs extends NoiseArgs {
  /** Fraction of inputs set to zero in training, in [0, 1). */
  rate: number;
}

/**
 * Inverted dropout: in training each input is zeroed with probability `rate`
 * and the rest are scaled by 1 / (1 - rate), so the expected value is
 * unchanged; at inference it is the identity. Rate 0 is an exact no-op that
 * draws no random numbers.
 */
export class Dropout extends NoiseLayer {
  static override className = "Dropout";

  readonly rate: number;

  constructor(args: DropoutArgs) {
    super(args);
    this.rate = checkRate("dropout", args?.rate);
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    if (options.training !== true || this.rate === 0) {
      return x;
    }
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    const generator = this.generator;
    const mask = x.dtype === "float64" ? new Float64Array(x.size) : new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) {
      mask[i] = generator.uniform() < this.rate ? 0 : scale;
    }
    return mul(x, tensor(mask, x.shape));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/** Options of {@link gaussianNoise}. */
export interface GaussianNoiseArgs extends NoiseArgs {
  /** Standard deviation of the added noise (>= 0). */
  stddev: number;
}

/** Adds zero-mean normal noise in training (a regularizer); the identity at inference. */
export class GaussianNoise extends NoiseLayer {
  static override className = "GaussianNoise";

  readonly stddev: number;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    this.stddev = checkFinite(
      "gaussianNoise",
      "stddev",
      args?.stddev,
      { min: 0, inclusive: true },
      "Pass a finite, non-negative stddev.",
    );
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    if (options.training !== true || this.stddev === 0) {
      return x;
    }
    const noise = randomNormal(x.shape, {
      generator: this.generator,
      stddev: this.stddev,
      dtype: x.dtype,
    });
    return add(x, noise);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev };
  }
}

/** Options of {@link gaussianDropout}. */
export interface GaussianDropoutArgs extends NoiseArgs {
  /** As in dropout; the noise has standard deviation sqrt(rate / (1 - rate)). */
  rate: number;
}

/** Multiplies by normal noise of mean 1 in training; the identity at inference. */
export class GaussianDropout extends NoiseLayer {
  static override className = "GaussianDropout";

  readonly rate: number;

  constructor(args: GaussianDropoutArgs) {
    super(args);
    this.rate = checkRate("gaussianDropout", args?.rate);
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    if (options.training !== true || this.rate === 0) {
      return x;
    }
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    const noise = randomNormal(x.shape, {
      generator: this.generator,
      mean: 1,
      stddev,
      dtype: x.dtype,
    });
    return mul(x, noise);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/**
 * Randomly zeroes inputs in training.
 *
 * @throws ValueError when rate is outside [0, 1).
 * @example
 * dropout({ rate: 0.5 })
 */
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args).checkArgs();

/** Adds normal noise in training. */
export const gaussianNoise = (args: GaussianNoiseArgs): GaussianNoise =>
  new GaussianNoise(args).checkArgs();

/** Multiplicative normal noise in training. */
export const gaussianDropout = (args: GaussianDropoutArgs): GaussianDropout =>
  new GaussianDropout(args).checkArgs();
