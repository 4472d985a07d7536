import { makeTypedArray, type DType } from "@myelin/backend";
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { fromValues } from "./engine.js";
import { DTypeError, ValueError } from "./errors.js";
import { checkOptionKeys } from "./options.js";
import { assertValidShape, sizeOf } from "./shape.js";
import type { Tensor } from "./tensor.js";

/**
 * A seeded random generator (xoroshiro128+ from pure-rand). Its state can be
 * saved and restored, so an interrupted training run resumes exactly.
 */
export class Generator {
  private rng: ReturnType<typeof xoroshiro128plus>;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new ValueError("Generator", `seed ${seed} is not an integer`, "Pass an integer seed.");
    }
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** A double in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = (this.rng.next() >>> 5) * 67108864; // 27 bits, shifted up by 26
    const low = this.rng.next() >>> 6; // 26 bits
    return (high + low) / 9007199254740992;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal sample (Box-Muller, polar form). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    for (;;) {
      const u = this.uniform() * 2 - 1;
      const v = this.uniform() * 2 - 1;
      const s = u * u + v * v;
      if (s < 1 && s !== 0) {
        const scale = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * scale;
        return u * scale;
      }
    }
  }

  /** Shuffles an array in place (Fisher-Yates). */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }

  /** A new generator whose stream is independent of this one's. */
  split(): Generator {
    const child = new Generator(0);
    child.rng = this.rng.clone();
    child.rng.jump();
    this.rng.next();
    return child;
  }

  /** Serializable state; restore with {@link Generator.fromState}. */
  getState(): number[] {
    return [...this.rng.getState(), this.spareNormal === null ? NaN : this.spareNormal];
  }

  static fromState(state: readonly number[]): Generator {
    const generator = new Generator(0);
    generator.rng = xoroshiro128plusFromState(state.slice(0, 4));
    const spare = state[4];
    generator.spareNormal = spare === undefined || Number.isNaN(spare) ? null : spare;
    return generator;
  }
}

/** Default seed: Myelin is deterministic unless a seed is chosen. */
export const DEFAULT_SEED = 42;
let globalGenerator = new Generator(DEFAULT_SEED);

/** Reseeds the global generator used when no generator is passed. */
export function setSeed(seed: number): void {
  globalGenerator = new Generator(seed);
}

export function globalRandom(): Generator {
  return globalGenerator;
}

/** Options shared by random tensor creators. */
export interface RandomOptions {
  dtype?: DType;
  /** A generator to draw from; otherwise the global one. */
  generator?: Generator;
  /** A seed for a one-off generator (overrides `generator`). */
  seed?: number;
}

const RANDOM_KEYS = ["dtype", "generator", "seed"] as const;

function pick(options: RandomOptions): Generator {
  if (options.seed !== undefined) {
    return new Generator(options.seed);
  }
  return options.generator ?? globalGenerator;
}

function randomTensor(op: string, shape: readonly number[], options: RandomOptions, draw: (g: Generator) => number): Tensor {
  assertValidShape(op, shape);
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") {
    throw new DTypeError(op, `dtype ${dtype} is not a float type`, "Use float32 or float64.");
  }
  const generator = pick(options);
  const values = makeTypedArray(dtype, sizeOf(shape));
  for (let i = 0; i < values.length; i++) {
    values[i] = draw(generator);
  }
  return fromValues(values, [...shape], dtype);
}

/** Uniform values in [minval, maxval). */
export function randomUniform(
  shape: readonly number[],
  options: RandomOptions & { minval?: number; maxval?: number } = {},
): Tensor {
  checkOptionKeys("randomUniform", options, [...RANDOM_KEYS, "minval", "maxval"]);
  const low = options.minval ?? 0;
  const high = options.maxval ?? 1;
  if (!(high > low)) {
    throw new ValueError("randomUniform", `maxval (${high}) must exceed minval (${low})`);
  }
  const single = (options.dtype ?? "float32") === "float32";
  return randomTensor("randomUniform", shape, options, (g) => {
    // Redraw values that round up to maxval in float32, so the range stays half-open.
    let v = low + (high - low) * g.uniform();
    while (single && Math.fround(v) >= high) {
      v = low + (high - low) * g.uniform();
    }
    return v;
  });
}

/** Normal values with the given mean and standard deviation. */
export function randomNormal(
  shape: readonly number[],
  options: RandomOptions & { mean?: number; stddev?: number } = {},
): Tensor {
  checkOptionKeys("randomNormal", options, [...RANDOM_KEYS, "mean", "stddev"]);
  const mean = options.mean ?? 0;
  const stddev = options.stddev ?? 1;
  return randomTensor("randomNormal", shape, options, (g) => mean + stddev * g.normal());
}

/** Normal values redrawn until within two standard deviations of the mean. */
export function truncatedNormal(
  shape: readonly number[],
  options: RandomOptions & { mean?: number; stddev?: number } = {},
): Tensor {
  checkOptionKeys("truncatedNormal", options, [...RANDOM_KEYS, "mean", "stddev"]);
  const mean = options.mean ?? 0;
  const stddev = options.stddev ?? 1;
  return randomTensor("truncatedNormal", shape, options, (g) => {
    let z = g.normal();
    while (Math.abs(z) > 2) {
      z = g.normal();
    }
    return mean + stddev * z;
  });
}
