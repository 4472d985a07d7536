import type { Rng } from "../random/rng.js";

/**
 * Splits each class's row count across parts in the given proportions, so that
 * every class-by-part count is within one row of its exact share (`n_c * f_j`,
 * rounded down or up) and every part's total is `n * f_j` rounded the same way.
 *
 * Rounding a table while keeping both its row and its column totals is a small
 * flow problem: start from the floors, then hand out the leftover rows, one per
 * fractional cell, along augmenting paths. For up to three parts a solution always
 * exists (the rounded part totals lie between the sums of the cells' floors and
 * ceilings for every set of parts). `rng` shuffles the order in which classes
 * are served, so which classes get the extra row changes with the seed.
 *
 * @param counts rows per class
 * @param fractions share of each part; they must sum to 1
 * @returns `result[c][j]`: rows of class `c` in part `j`
 */
export function apportion(
  counts: readonly number[],
  fractions: readonly number[],
  rng: Rng,
): number[][] {
  const total = counts.reduce((a, b) => a + b, 0);
  const partTotals = largestRemainder(total, fractions);
  const exact = counts.map((count) => fractions.map((f) => snap(count * f)));
  const result = exact.map((row) => row.map(Math.floor));

  const classNeed = counts.map((count, c) => count - sum(result[c]!));
  const partNeed = partTotals.map((t, j) => t - sum(result.map((row) => row[j]!)));
  const open = exact.map((row) => row.map((x) => x !== Math.floor(x)));
  const extra = exact.map((row) => row.map(() => false));

  for (const c of shuffled(counts.length, rng)) {
    while (classNeed[c]! > 0) {
      augment(c, open, extra, partNeed);
      classNeed[c]! -= 1;
    }
  }
  return result.map((row, c) => row.map((x, j) => x + (extra[c]![j] ? 1 : 0)));
}

/** Integer parts of `total` in proportion to `fractions`, summing to `total`. */
export function largestRemainder(total: number, fractions: readonly number[]): number[] {
  const exact = fractions.map((f) => snap(total * f));
  const parts = exact.map(Math.floor);
  const byRemainder = exact
    .map((x, j) => ({ j, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.j - b.j);

  let left = total - sum(parts);
  for (const { j } of byRemainder) {
    if (left === 0) {
      break;
    }
    parts[j]! += 1;
    left -= 1;
  }
  return parts;
}

/**
 * Gives class `c` one more row in some part, by breadth-first search for a path
 * class -> part -> class -> ... that ends at a part still short of its total.
 */
function augment(c: number, open: boolean[][], extra: boolean[][], partNeed: number[]): void {
  const parts = partNeed.length;
  const cameFrom = new Map<number, number>();
  const seenClasses = new Set([c]);
  let frontier = [c];

  while (frontier.length > 0) {
    const next: number[] = [];
    for (const from of frontier) {
      for (let j = 0; j < parts; j++) {
        if (!open[from]![j] || extra[from]![j] || cameFrom.has(j)) {
          continue;
        }
        cameFrom.set(j, from);
        if (partNeed[j]! > 0) {
          partNeed[j]! -= 1;
          flip(j, cameFrom, extra);
          return;
        }
        extra.forEach((row, other) => {
          if (row[j] && !seenClasses.has(other)) {
            seenClasses.add(other);
            cameFrom.set(-1 - other, j);
            next.push(other);
          }
        });
      }
    }
    frontier = next;
  }
  // Unreachable for up to three parts (see apportion); kept as a loud guard.
  throw new Error(`apportion: no augmenting path for class ${c}`);
}

function flip(end: number, cameFrom: Map<number, number>, extra: boolean[][]): void {
  let part = end;
  for (;;) {
    const cls = cameFrom.get(part)!;
    extra[cls]![part] = true;
    const previousPart = cameFrom.get(-1 - cls);
    if (previousPart === undefined) {
      return;
    }
    extra[cls]![previousPart] = false;
    part = previousPart;
  }
}

function shuffled(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Rounds away float noise such as `0.30000000000000004 * 10`. */
function snap(x: number): number {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) < 1e-9 ? nearest : x;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
