import { Generator, type Tensor, tensor } from "@myelin/tensor-core";

/** Redraws allowed for one value before the kinks are judged to leave no room. */
const MAX_REDRAWS = 1000;

/**
 * Seeded uniform values in [low, high), each redrawn while it lies closer
 * than `gap` to one of `kinks`.
 *
 * Finite differences taken across a kink (0 for relu, the ends of a hard
 * sigmoid) disagree with the one-sided derivative, so gradient tests keep
 * their inputs away from them. The draws come from tensor-core's
 * `Generator`, one `uniform()` per candidate, so a seed always gives the
 * same values.
 *
 * @param size - How many values to draw.
 * @param seed - Seed of the generator.
 * @param low - Inclusive lower bound (default -1).
 * @param high - Exclusive upper bound (default 1).
 * @param kinks - Points to keep away from (default none).
 * @param gap - Smallest allowed distance to a kink (default 0.05).
 * @returns `size` float64 values.
 * @throws Error when 1000 draws in a row for one value all land near a kink,
 *   which means the kinks and gap leave (almost) no room in [low, high).
 * @example
 * ```ts
 * const xs = randomArray(8, 7, -1, 1, [0]);
 * // eight values in [-1, 1), none in (-0.05, 0.05)
 * ```
 */
export function randomArray(
  size: number,
  seed: number,
  low = -1,
  high = 1,
  kinks: readonly number[] = [],
  gap = 0.05,
): Float64Array {
  const generator = new Generator(seed);
  const nearKink = (v: number): boolean => kinks.some((k) => Math.abs(v - k) < gap);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let v = low + (high - low) * generator.uniform();
    for (let redraws = 0; nearKink(v); redraws++) {
      if (redraws === MAX_REDRAWS) {
        throw new Error(
          `randomArray: ${MAX_REDRAWS} draws in [${low}, ${high}) all fell within ${gap} ` +
            `of the kinks [${kinks.join(", ")}]; widen the range or shrink the gap.`,
        );
      }
      v = low + (high - low) * generator.uniform();
    }
    out[i] = v;
  }
  return out;
}

/**
 * A float64 tensor of `shape` holding {@link randomArray}'s values for the
 * same seed, bounds and kinks, in row-major order.
 *
 * Needs a registered backend, like every tensor.
 *
 * @param shape - Shape of the tensor.
 * @param seed - Seed of the generator.
 * @param low - Inclusive lower bound (default -1).
 * @param high - Exclusive upper bound (default 1).
 * @param kinks - Points to keep away from (default none).
 * @param gap - Smallest allowed distance to a kink (default 0.05).
 * @returns The float64 tensor.
 * @throws Error as {@link randomArray} does.
 * @example
 * ```ts
 * const x = randomValues([2, 3], 1, -3, 3, [0]);
 * // x.dtype === "float64", no |x| < 0.05
 * ```
 */
export function randomValues(
  shape: readonly number[],
  seed: number,
  low = -1,
  high = 1,
  kinks: readonly number[] = [],
  gap = 0.05,
): Tensor {
  const size = shape.reduce((n, d) => n * d, 1);
  return tensor(randomArray(size, seed, low, high, kinks, gap), shape);
}
