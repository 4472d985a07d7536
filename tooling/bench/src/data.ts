/**
 * Seeded synthetic inputs, identical for every subject. Each data set draws
 * from its own fixed seed, so adding one never changes another.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * Returns a small, fast, seeded generator (the mulberry32 recipe): 32 bits of
 * state, the same sequence on every platform.
 *
 * @example
 * const random = createRandom(1);
 * const first = random(); // always the same value for seed 1
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

/** Fills a new Float32Array with `size` draws from U[low, high). */
export function uniform(random: Random, size: number, low: number, high: number): Float32Array {
  const values = new Float32Array(size);
  const width = high - low;
  for (let i = 0; i < size; i++) {
    values[i] = low + width * random();
  }
  return values;
}

/** Fixed seeds, one per data set. */
export const SEEDS = {
  matrixA: 101,
  matrixB: 102,
  mlp: 201,
  cnn: 401,
  lstm: 501,
} as const;

/** A square n x n matrix with entries from U[-1, 1), row-major. */
export function makeMatrix(n: number, seed: number): Float32Array {
  return uniform(createRandom(seed), n * n, -1, 1);
}

/** Inputs with one-hot labels. */
export interface ClassificationSet {
  /** [count, ...inputShape], row-major, from U[0, 1). */
  x: Float32Array;
  /** [count, classes], one-hot. */
  y: Float32Array;
  /** The class of each sample. */
  labels: Int32Array;
  count: number;
  inputShape: readonly number[];
  classes: number;
}

/**
 * Samples x ~ U[0, 1) labelled by a fixed random linear teacher: the label is
 * the argmax of (x - 0.5) . W, with W [features, classes] from U[-1, 1).
 * Centring x keeps the classes balanced: with x alone, the column of W with
 * the largest sum would win most samples.
 */
export function makeClassificationSet(options: {
  count: number;
  inputShape: readonly number[];
  classes: number;
  seed: number;
}): ClassificationSet {
  const { count, inputShape, classes, seed } = options;
  const features = inputShape.reduce((a, b) => a * b, 1);
  const random = createRandom(seed);
  const teacher = uniform(random, features * classes, -1, 1);
  const x = uniform(random, count * features, 0, 1);

  const y = new Float32Array(count * classes);
  const labels = new Int32Array(count);
  const scores = new Float64Array(classes);
  for (let s = 0; s < count; s++) {
    scores.fill(0);
    for (let f = 0; f < features; f++) {
      const value = x[s * features + f]! - 0.5;
      for (let c = 0; c < classes; c++) {
        scores[c]! += value * teacher[f * classes + c]!;
      }
    }
    const label = argmax(scores);
    labels[s] = label;
    y[s * classes + label] = 1;
  }
  return { x, y, labels, count, inputShape, classes };
}

/** Sequences with one regression target each. */
export interface SequenceSet {
  /** [count, timeSteps, features], from U[-1, 1). */
  x: Float32Array;
  /** [count, 1]: 0.1 x the sum over time of feature 0. */
  y: Float32Array;
  count: number;
  timeSteps: number;
  features: number;
}

/** Sequences x ~ U[-1, 1) with target 0.1 x the sum over time of feature 0. */
export function makeSequenceSet(options: {
  count: number;
  timeSteps: number;
  features: number;
  seed: number;
}): SequenceSet {
  const { count, timeSteps, features, seed } = options;
  const x = uniform(createRandom(seed), count * timeSteps * features, -1, 1);
  const y = new Float32Array(count);
  for (let s = 0; s < count; s++) {
    let sum = 0;
    for (let t = 0; t < timeSteps; t++) {
      sum += x[(s * timeSteps + t) * features]!;
    }
    y[s] = 0.1 * sum;
  }
  return { x, y, count, timeSteps, features };
}

/** The Keras "hello world": x = 1..10 and y = 2x - 1. */
export function makeTutorialSet(): { x: Float32Array; y: Float32Array } {
  const x = Float32Array.from({ length: 10 }, (_, i) => i + 1);
  const y = x.map((value) => 2 * value - 1);
  return { x, y };
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! > values[best]!) {
      best = i;
    }
  }
  return best;
}
