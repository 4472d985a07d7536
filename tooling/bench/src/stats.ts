/** Median, min and max of a set of measurements. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

/**
 * Summarises measurements; the median of an even count is the mean of the two
 * middle values.
 *
 * @throws RangeError when `values` is empty.
 * @example
 * summarize([3, 1, 2]); // { median: 2, min: 1, max: 3, count: 3 }
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    throw new RangeError("summarize: expected at least one value, got none.");
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, count: sorted.length };
}
