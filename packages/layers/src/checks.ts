import { describeArgument, ValueError } from "@myelin/tensor-core";

/**
 * Checks an option that must be a positive integer. A value of another type
 * is shown by its type: `units: "16"` reads `units is the string "16";
 * expected a positive integer` (see describeArgument in tensor-core).
 *
 * @throws ValueError naming the layer, the option and the value.
 */
export function positiveInteger(label: string, name: string, value: unknown, hint: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ValueError(label, describeArgument(name, value, "a positive integer"), hint);
  }
  return value;
}

/**
 * Checks a dropout-like fraction in [0, 1).
 *
 * @throws ValueError naming the layer, the option and the value.
 */
export function checkFraction(label: string, name: string, value: unknown, hint: string): number {
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    const found = describeArgument(name, value, "a number in [0, 1)");
    const problem = typeof value === "number" ? `${found}, but it must be in [0, 1)` : found;
    throw new ValueError(label, problem, hint);
  }
  return value;
}

/**
 * Checks a number that must be finite and at least (or above) `min`.
 *
 * @throws ValueError naming the layer, the option and the value.
 */
export function checkFinite(
  label: string,
  name: string,
  value: unknown,
  rule: { min: number; inclusive: boolean },
  hint: string,
): number {
  const inRange =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (rule.inclusive ? value >= rule.min : value > rule.min);
  if (!inRange) {
    const bound = `${rule.inclusive ? ">=" : ">"} ${rule.min}`;
    throw new ValueError(label, describeArgument(name, value, `a finite number ${bound}`), hint);
  }
  return value as number;
}
