import { ValueError } from "@myelin/tensor-core";

/** A numeric range a hyper-parameter must lie in, with how to say it in an error. */
export interface Range {
  test: (value: number) => boolean;
  /** e.g. "a finite number >= 0" */
  says: string;
}

/** Learning rates, clip values, weight decay. */
export const NON_NEGATIVE: Range = {
  test: (v) => Number.isFinite(v) && v >= 0,
  says: "a finite number >= 0",
};

/** Epsilons and decay steps. */
export const POSITIVE: Range = {
  test: (v) => Number.isFinite(v) && v > 0,
  says: "a finite number > 0",
};

/** Momentum and cosine alpha. */
export const UNIT_INTERVAL: Range = {
  test: (v) => v >= 0 && v <= 1,
  says: "a number in [0, 1]",
};

/** Betas and rho: 1 would stop the running averages from moving. */
export const HALF_OPEN_UNIT: Range = {
  test: (v) => v >= 0 && v < 1,
  says: "a number in [0, 1)",
};

/** Step counts. */
export const NON_NEGATIVE_INTEGER: Range = {
  test: (v) => Number.isInteger(v) && v >= 0,
  says: "an integer >= 0",
};

/**
 * Throws unless `value` is a number in `range`.
 *
 * @throws ValueError naming the owner, the option, the value and the range.
 */
export function checkNumber(
  owner: string,
  name: string,
  value: unknown,
  range: Range,
  example: string,
): number {
  if (typeof value !== "number" || !range.test(value)) {
    const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
    throw new ValueError(
      owner,
      `${name} is ${shown}`,
      `Pass ${range.says} for ${name}, e.g. ${example}.`,
    );
  }
  return value;
}

/**
 * Throws when an options object has keys the owner does not know.
 *
 * @throws ValueError listing the unknown keys and the accepted ones.
 */
export function checkKeys(owner: string, options: object, allowed: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ValueError(
      owner,
      `unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}`,
      `Its options are: ${allowed.join(", ")}.`,
    );
  }
}
