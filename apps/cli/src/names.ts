/**
 * Edit distance between two strings: insertions, deletions, substitutions and
 * swaps of two neighbouring characters each count as one edit, so `rleu` is one
 * edit from `relu`.
 *
 * @example
 * ```ts
 * editDistance("activaton", "activation"); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Names compare ignoring case, `_`, `-` and spaces, as the registry does. */
function normalize(name: string): string {
  return name.replace(/[_\-\s]/g, "").toLowerCase();
}

/**
 * The largest distance at which a name still reads as a typo: one edit for
 * names of up to 4 characters, two up to 8, three beyond. "foo" is then no typo
 * of any loss, while "adamm" is one of "adam".
 */
function typoLimit(name: string): number {
  const length = normalize(name).length;
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/**
 * The candidates close enough to `name` to be what was meant, closest first.
 * `aliases` maps a candidate to other spellings that count for closeness.
 *
 * @example
 * ```ts
 * closeNames("adamm", ["adam", "adamw", "sgd"]); // ["adam", "adamw"]
 * ```
 */
export function closeNames(
  name: string,
  candidates: readonly string[],
  aliases: ReadonlyMap<string, readonly string[]> = new Map(),
): string[] {
  return ranked(name, candidates, aliases).map((entry) => entry.candidate);
}

function ranked(
  name: string,
  candidates: readonly string[],
  aliases: ReadonlyMap<string, readonly string[]>,
): { candidate: string; distance: number }[] {
  const wanted = normalize(name);
  const limit = typoLimit(name);
  return candidates
    .map((candidate) => {
      const spellings = [candidate, ...(aliases.get(candidate) ?? [])];
      const distance = Math.min(...spellings.map((s) => editDistance(wanted, normalize(s))));
      return { candidate, distance };
    })
    .filter((entry) => entry.distance <= limit)
    .sort((a, b) => a.distance - b.distance);
}

/** The candidate nearest to `name`, however far. */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = normalize(name);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalize(candidate));
    if (best === undefined || distance < best.distance) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/**
 * `Did you mean "x"?` for the closest candidate (or `"x" or "y"` when two are
 * equally close), and an empty string when none is a typo away.
 */
export function didYouMean(
  name: string,
  candidates: readonly string[],
  aliases: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  const close = ranked(name, candidates, aliases);
  const best = close.filter((entry) => entry.distance === close[0]?.distance).slice(0, 2);
  if (best.length === 0) {
    return "";
  }
  return `Did you mean ${best.map((entry) => JSON.stringify(entry.candidate)).join(" or ")}?`;
}

/**
 * Quoted names for a message: the first `max` of them, then how many more, so
 * 64 pixel columns read `"pixel_0", "pixel_1", ... and 58 more`. Long names are
 * shortened, since a whole misread header can be one name.
 *
 * @example
 * ```ts
 * quoteList(["a", "b", "c"], 2); // '"a", "b" and 1 more'
 * ```
 */
export function quoteList(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).map(quoteName);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/** A name in quotes, shortened past 40 characters. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 37)}...` : name);
}

/** `1 row`, `2 rows`. */
export function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
