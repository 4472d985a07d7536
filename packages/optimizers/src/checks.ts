import { describeArgument, ValueError } from "@myelin/tensor-core";

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
 * Throws unless `value` is a number in `range`. A value of another type is
 * shown by its type, so `learningRate: "0.1"` reads `learningRate is the
 * string "0.1"; expected a finite number >= 0`.
 *
 * @throws ValueError naming the owner, the option, the value, the range and an example.
 */
export function checkNumber(
  owner: string,
  name: string,
  value: unknown,
  range: Range,
  example: string,
): number {
  if (typeof value !== "number" || !range.test(value)) {
    throw new ValueError(
      owner,
      describeArgument(name, value, range.says),
      `Pass ${range.says} for ${name}, e.g. ${example}.`,
    );
  }
  return value;
}

/**
 * Throws unless `value` is a boolean.
 *
 * @throws ValueError naming the owner, the option and the value.
 */
export function checkBoolean(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new ValueError(
      owner,
      describeArgument(name, value, "true or false", "boolean"),
      "Pass true or false.",
    );
  }
  return value;
}
