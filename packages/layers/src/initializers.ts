import type { Registry } from "@myelin/registry";
import {
  type DType,
  checkOptionKeys,
  describeArgument,
  Generator,
  full,
  MyelinError,
  type Tensor,
  tensor,
  ValueError,
} from "@myelin/tensor-core";
import { resolveSpec, type Spec, withProperties } from "./resolve.js";

/**
 * Makes the starting values of a weight. The generator comes from the layer
 * (and so from the model's seed), unless the initializer was given its own `seed`.
 */
export interface Initializer {
  (shape: readonly number[], dtype: DType, generator: Generator): Tensor;
  /** Registry name, e.g. "glorotUniform". */
  readonly initializerName: string;
  /** The JSON config that rebuilds it. */
  readonly config: Record<string, unknown>;
}

/** Options every random initializer accepts. */
export interface SeedOptions {
  /** A fixed seed: the same values whatever the layer's generator. */
  seed?: number;
}

function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) {
    return { fanIn: 1, fanOut: 1 };
  }
  if (shape.length === 1) {
    return { fanIn: shape[0]!, fanOut: shape[0]! };
  }
  // Convolution kernels are [...window, in, out]: each input sees the whole window.
  const receptive = shape.slice(0, -2).reduce((n, d) => n * d, 1);
  return {
    fanIn: shape[shape.length - 2]! * receptive,
    fanOut: shape[shape.length - 1]! * receptive,
  };
}

function fill(shape: readonly number[], dtype: DType, draw: () => number): Tensor {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new MyelinError(
      "invalid_dtype",
      `Initializers make float weights; ${dtype} was asked for.`,
      {
        hint: 'Use dtype "float32" or "float64".',
      },
    );
  }
  const size = shape.reduce((n, d) => n * d, 1);
  const values = dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) {
    values[i] = draw();
  }
  return tensor(values, shape);
}

function make(
  name: string,
  config: Record<string, unknown>,
  init: (shape: readonly number[], dtype: DType, generator: Generator) => Tensor,
): Initializer {
  const seed = config.seed;
  const run = (shape: readonly number[], dtype: DType, generator: Generator): Tensor =>
    init(shape, dtype, typeof seed === "number" ? new Generator(seed) : generator);
  return withProperties(run, { initializerName: name, config: { ...config } });
}

function truncated(generator: Generator): number {
  let z = generator.normal();
  while (Math.abs(z) > 2) {
    z = generator.normal();
  }
  return z;
}

/** How variance scaling spreads `scale` over the fans. */
export interface VarianceScalingOptions extends SeedOptions {
  scale?: number;
  mode?: "fanIn" | "fanOut" | "fanAvg";
  distribution?: "truncatedNormal" | "untruncatedNormal" | "uniform";
}

/**
 * Values with variance scale / n, where n is fan-in, fan-out or their mean.
 * The truncated normal is rescaled so the kept values still have that variance.
 *
 * @throws ValueError when scale is not positive.
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  checkOptionKeys("varianceScaling", options, ["scale", "mode", "distribution", "seed"]);
  const scale = options.scale ?? 1;
  const mode = oneOf("varianceScaling", "mode", options.mode ?? "fanIn", MODES);
  const distribution = oneOf(
    "varianceScaling",
    "distribution",
    options.distribution ?? "truncatedNormal",
    DISTRIBUTIONS,
  );
  if (typeof scale !== "number" || !(scale > 0) || !Number.isFinite(scale)) {
    throw new ValueError(
      "varianceScaling",
      describeArgument("scale", scale, "a finite number > 0"),
      "Pass a positive scale.",
    );
  }
  const config = {
    scale,
    mode,
    distribution,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  return make("varianceScaling", config, (shape, dtype, generator) => {
    const { fanIn, fanOut } = fans(shape);
    const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    if (distribution === "uniform") {
      const limit = Math.sqrt(3 * variance);
      return fill(shape, dtype, () => (generator.uniform() * 2 - 1) * limit);
    }
    if (distribution === "untruncatedNormal") {
      const stddev = Math.sqrt(variance);
      return fill(shape, dtype, () => generator.normal() * stddev);
    }
    // Standard deviation of a unit normal truncated to [-2, 2].
    const stddev = Math.sqrt(variance) / 0.8796256610342398;
    return fill(shape, dtype, () => truncated(generator) * stddev);
  });
}

const MODES = ["fanIn", "fanOut", "fanAvg"] as const;
const DISTRIBUTIONS = ["truncatedNormal", "untruncatedNormal", "uniform"] as const;

function oneOf<T extends string>(
  op: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    const names = allowed.map((a) => JSON.stringify(a)).join(", ");
    throw new ValueError(
      op,
      describeArgument(name, value, `one of ${names}`, "string"),
      `Pass one of ${names} (Keras's snake_case spellings are written in camelCase here).`,
    );
  }
  return value as T;
}

function scaled(
  name: string,
  scale: number,
  mode: "fanIn" | "fanAvg",
  distribution: "truncatedNormal" | "uniform",
  options: SeedOptions,
): Initializer {
  checkOptionKeys(name, options, ["seed"]);
  const inner = varianceScaling({ scale, mode, distribution, seed: options.seed });
  const config = options.seed === undefined ? {} : { seed: options.seed };
  return withProperties((s: readonly number[], d: DType, g: Generator) => inner(s, d, g), {
    initializerName: name,
    config,
  });
}

/** Uniform in ±sqrt(6 / (fanIn + fanOut)); the Keras default for kernels. */
export const glorotUniform = (options: SeedOptions = {}): Initializer =>
  scaled("glorotUniform", 1, "fanAvg", "uniform", options);
/** Truncated normal with variance 2 / (fanIn + fanOut). */
export const glorotNormal = (options: SeedOptions = {}): Initializer =>
  scaled("glorotNormal", 1, "fanAvg", "truncatedNormal", options);
/** Uniform in ±sqrt(6 / fanIn), for ReLU layers. */
export const heUniform = (options: SeedOptions = {}): Initializer =>
  scaled("heUniform", 2, "fanIn", "uniform", options);
/** Truncated normal with variance 2 / fanIn, for ReLU layers. */
export const heNormal = (options: SeedOptions = {}): Initializer =>
  scaled("heNormal", 2, "fanIn", "truncatedNormal", options);
/** Uniform in ±sqrt(3 / fanIn), for SELU layers. */
export const lecunUniform = (options: SeedOptions = {}): Initializer =>
  scaled("lecunUniform", 1, "fanIn", "uniform", options);
/** Truncated normal with variance 1 / fanIn, for SELU layers. */
export const lecunNormal = (options: SeedOptions = {}): Initializer =>
  scaled("lecunNormal", 1, "fanIn", "truncatedNormal", options);

/**
 * Uniform values in [minval, maxval) (default ±0.05).
 *
 * @throws ValueError when maxval does not exceed minval.
 */
export function randomUniform(
  options: SeedOptions & { minval?: number; maxval?: number } = {},
): Initializer {
  checkOptionKeys("randomUniform", options, ["minval", "maxval", "seed"]);
  const minval = checkReal("randomUniform", "minval", options.minval ?? -0.05);
  const maxval = checkReal("randomUniform", "maxval", options.maxval ?? 0.05);
  if (!(maxval > minval)) {
    throw new ValueError("randomUniform", `maxval (${maxval}) must exceed minval (${minval})`);
  }
  const config = { minval, maxval, ...(options.seed === undefined ? {} : { seed: options.seed }) };
  return make("randomUniform", config, (shape, dtype, g) =>
    fill(shape, dtype, () => minval + (maxval - minval) * g.uniform()),
  );
}

/** Normal values (default mean 0, stddev 0.05). */
export function randomNormal(
  options: SeedOptions & { mean?: number; stddev?: number } = {},
): Initializer {
  checkOptionKeys("randomNormal", options, ["mean", "stddev", "seed"]);
  const mean = checkReal("randomNormal", "mean", options.mean ?? 0);
  const stddev = checkStddev("randomNormal", options.stddev ?? 0.05);
  const config = { mean, stddev, ...(options.seed === undefined ? {} : { seed: options.seed }) };
  return make("randomNormal", config, (shape, dtype, g) =>
    fill(shape, dtype, () => mean + stddev * g.normal()),
  );
}

/** Normal values redrawn outside two standard deviations (default mean 0, stddev 0.05). */
export function truncatedNormal(
  options: SeedOptions & { mean?: number; stddev?: number } = {},
): Initializer {
  checkOptionKeys("truncatedNormal", options, ["mean", "stddev", "seed"]);
  const mean = checkReal("truncatedNormal", "mean", options.mean ?? 0);
  const stddev = checkStddev("truncatedNormal", options.stddev ?? 0.05);
  const config = { mean, stddev, ...(options.seed === undefined ? {} : { seed: options.seed }) };
  return make("truncatedNormal", config, (shape, dtype, g) =>
    fill(shape, dtype, () => mean + stddev * truncated(g)),
  );
}

function checkStddev(op: string, stddev: unknown): number {
  if (typeof stddev !== "number" || !(stddev >= 0) || !Number.isFinite(stddev)) {
    throw new ValueError(
      op,
      describeArgument("stddev", stddev, "a finite number >= 0"),
      "Pass a finite, non-negative stddev.",
    );
  }
  return stddev;
}

function checkReal(op: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(
      op,
      describeArgument(name, value, "a finite number"),
      `Pass a finite number for ${name}.`,
    );
  }
  return value;
}

/** Every value `value`. */
export function constant(options: { value?: number } = {}): Initializer {
  checkOptionKeys("constant", options, ["value"]);
  const value: unknown = options.value ?? 0;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(
      "constant",
      describeArgument("value", value, "a finite number"),
      "Pass a finite number.",
    );
  }
  return make("constant", { value }, (shape, dtype) => full(shape, value, dtype));
}

/** All zeros; the default for biases. */
export const zeros = (): Initializer => make("zeros", {}, (shape, dtype) => full(shape, 0, dtype));
/** All ones; the default for normalization scales. */
export const ones = (): Initializer => make("ones", {}, (shape, dtype) => full(shape, 1, dtype));

/**
 * A random orthogonal matrix times `gain` (Saxe et al.): the QR factor of a
 * normal matrix, with signs fixed so it is uniformly distributed. Shapes with
 * more than two axes are treated as [product of leading axes, last axis].
 */
export function orthogonal(options: SeedOptions & { gain?: number } = {}): Initializer {
  checkOptionKeys("orthogonal", options, ["gain", "seed"]);
  const gain = checkReal("orthogonal", "gain", options.gain ?? 1);
  const config = { gain, ...(options.seed === undefined ? {} : { seed: options.seed }) };
  return make("orthogonal", config, (shape, dtype, g) => {
    if (shape.length < 2) {
      throw new ValueError(
        "orthogonal",
        `the weight is ${JSON.stringify(shape)}, but orthogonal needs at least 2 axes`,
        "Use it for kernels, not biases.",
      );
    }
    const cols = shape[shape.length - 1]!;
    const rows = shape.slice(0, -1).reduce((n, d) => n * d, 1);
    const q = orthonormalColumns(Math.max(rows, cols), Math.min(rows, cols), g);
    const narrow = Math.min(rows, cols);
    const values = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        // q is [tall, narrow]; a wide weight takes its transpose.
        values[i * cols + j] = gain * (rows >= cols ? q[i * narrow + j]! : q[j * narrow + i]!);
      }
    }
    return tensor(dtype === "float64" ? values : Float32Array.from(values), shape);
  });
}

/** Orthonormal columns of an m x n normal matrix (m >= n), by modified Gram-Schmidt. */
function orthonormalColumns(m: number, n: number, g: Generator): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) {
    a[i] = g.normal();
  }
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) {
        dot += a[i * n + j]! * a[i * n + k]!;
      }
      for (let i = 0; i < m; i++) {
        a[i * n + j]! -= dot * a[i * n + k]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) {
      norm += a[i * n + j]! ** 2;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < m; i++) {
      a[i * n + j]! /= norm;
    }
  }
  return a;
}

/** A factory that takes no options, refusing a config that has some. */
function withoutOptions<T>(name: string, config: Record<string, unknown>, make: () => T): T {
  checkOptionKeys(name, config, []);
  return make();
}

/** Built-in initializers by registry name, each built from a JSON config. */
export const INITIALIZERS: Readonly<
  Record<string, (config: Record<string, unknown>) => Initializer>
> = {
  glorotUniform: (c) => glorotUniform(c),
  glorotNormal: (c) => glorotNormal(c),
  heUniform: (c) => heUniform(c),
  heNormal: (c) => heNormal(c),
  lecunUniform: (c) => lecunUniform(c),
  lecunNormal: (c) => lecunNormal(c),
  randomUniform: (c) => randomUniform(c),
  randomNormal: (c) => randomNormal(c),
  truncatedNormal: (c) => truncatedNormal(c),
  varianceScaling: (c) => varianceScaling(c),
  zeros: (c) => withoutOptions("zeros", c, zeros),
  ones: (c) => withoutOptions("ones", c, ones),
  constant: (c) => constant(c),
  orthogonal: (c) => orthogonal(c),
};

/**
 * An initializer from a name ("heNormal", Keras's "he_normal"), a
 * `{ className, config }` object, or an initializer itself.
 *
 * @throws RegistryError naming the unknown initializer and the closest known ones.
 */
export function getInitializer(spec: Spec<Initializer>, registry?: Registry): Initializer {
  return resolveSpec("initializer", spec, INITIALIZERS, registry);
}
