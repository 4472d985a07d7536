/**
 * Edit distance between two strings, compared without regard to case: insertions,
 * deletions, substitutions and swaps of two neighbouring letters each cost 1 (the
 * optimal-string-alignment form of Damerau-Levenshtein, since swaps are common typos).
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);

  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, before[j - 2]! + 1);
      }
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The candidate closest to `name`, or `undefined` when none is plausibly a typo of it.
 * A candidate counts when its edit distance is at most 40% of the name's length (at
 * least 1) and short of rewriting the shorter name entirely, or when one name starts
 * with the other (`sepal` for `sepal_length`).
 *
 * @example
 * ```ts
 * closestName("specie", ["sepal_length", "species"]); // "species"
 * ```
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const limit = Math.max(1, Math.floor(name.length * 0.4));
  const lower = name.toLowerCase();

  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    const other = candidate.toLowerCase();
    const typo = distance <= limit && distance < Math.min(name.length, candidate.length);
    const prefix = lower.length >= 3 && (other.startsWith(lower) || lower.startsWith(other));
    if ((typo || prefix) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
