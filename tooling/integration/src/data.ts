/**
 * Seeded synthetic training data, the same on every backend and every run.
 * The generator is mulberry32: 32 bits of state, one sequence on every platform.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A small seeded generator.
 *
 * @example
 * const random = createRandom(7);
 * random(); // the same value on every run
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` draws from U[low, high). */
export function uniform(random: Random, size: number, low = 0, high = 1): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    values[i] = low + (high - low) * random();
  }
  return values;
}

/** Inputs with one-hot targets. */
export interface ClassificationData {
  /** [count, ...inputShape], from U[0, 1). */
  x: Float32Array;
  /** [count, classes], one-hot. */
  y: Float32Array;
  count: number;
  inputShape: readonly number[];
  classes: number;
}

/**
 * Samples labelled by a fixed random linear teacher: the class of x is the
 * argmax of (x - 0.5) . W. Centring x keeps the classes balanced.
 *
 * @example
 * const data = classificationData({ count: 64, inputShape: [784], classes: 10, seed: 1 });
 * data.y.length; // 640
 */
export function classificationData(options: {
  count: number;
  inputShape: readonly number[];
  classes: number;
  seed: number;
}): ClassificationData {
  const { count, inputShape, classes, seed } = options;
  const features = inputShape.reduce((a, b) => a * b, 1);
  const random = createRandom(seed);
  const teacher = uniform(random, features * classes, -1, 1);
  const x = uniform(random, count * features);
  const y = new Float32Array(count * classes);
  for (let n = 0; n < count; n++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let f = 0; f < features; f++) {
        score += (x[n * features + f]! - 0.5) * teacher[f * classes + c]!;
      }
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    y[n * classes + best] = 1;
  }
  return { x, y, count, inputShape, classes };
}

/** Sequences with one regression target each. */
export interface SequenceData {
  /** [count, steps, features], from U[-1, 1). */
  x: Float32Array;
  /** [count, 1]: 0.1 x the sum over time of feature 0. */
  y: Float32Array;
  count: number;
  steps: number;
  features: number;
}

/**
 * Sequences whose target is 0.1 x the sum over time of their first feature.
 *
 * @example
 * const data = sequenceData({ count: 32, steps: 20, features: 8, seed: 1 });
 * data.x.length; // 5120
 */
export function sequenceData(options: {
  count: number;
  steps: number;
  features: number;
  seed: number;
}): SequenceData {
  const { count, steps, features, seed } = options;
  const x = uniform(createRandom(seed), count * steps * features, -1, 1);
  const y = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    let total = 0;
    for (let t = 0; t < steps; t++) {
      total += x[(n * steps + t) * features]!;
    }
    y[n] = 0.1 * total;
  }
  return { x, y, count, steps, features };
}
