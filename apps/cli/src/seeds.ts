/** What a derived seed is for, so streams for different purposes never coincide. */
export const SeedStream = {
  /** Weight initialization of a fresh model. */
  init: 0,
  /** Shuffling and layer noise during one epoch. */
  epoch: 1,
  /** The validation sample of `--shuffle-before-split`. */
  split: 2,
} as const;

/**
 * A seed for `stream` of `epoch`, computed from the run's seed alone. Each epoch's
 * shuffle depends only on (seed, epoch), never on what ran before in the process,
 * so a run resumed from a checkpoint shuffles exactly as an uninterrupted one.
 * The mix is MurmurHash3's 32-bit finalizer applied to each input in turn.
 *
 * @example
 * ```ts
 * deriveSeed(42, 3, SeedStream.epoch); // the same integer in every process
 * ```
 */
export function deriveSeed(seed: number, epoch: number, stream: number): number {
  let h = mix(seed | 0);
  h = mix(h ^ (epoch | 0));
  h = mix(h ^ (stream | 0));
  // A non-negative 31-bit integer: valid for every seeded generator in Myelin.
  return h >>> 1;
}

function mix(value: number): number {
  let h = value + 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
