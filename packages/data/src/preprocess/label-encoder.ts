import { closestName } from "../closest.js";
import { DataError, listNames, quoteValue } from "../errors.js";
import type { Matrix } from "../matrix.js";

/** Serialised state of a {@link LabelEncoder}, stored with a model. */
export interface LabelEncoderJSON {
  readonly kind: "label-encoder";
  readonly version: 1;
  readonly classes: readonly string[];
}

/** Where encoded values come from, for error messages. */
export interface EncodeContext {
  source?: string | undefined;
  column?: string | undefined;
}

/**
 * Maps class names to integer labels `0..k-1` and back. Numbers are turned into
 * their shortest decimal text (`1` and `"1"` are the same class, `"1.0"` is not).
 */
export interface LabelEncoder {
  /** Known classes; `classes[label]` is the name of `label`. Empty until fitted. */
  readonly classes: readonly string[];
  /**
   * Learns the classes. They are sorted, numerically when every value is a number,
   * else by code unit, so the mapping does not depend on row order.
   */
  fit(values: Iterable<string | number>): this;
  /**
   * Labels of `values`.
   *
   * @throws {DataError} `unknown_class` for a value not seen by `fit`; `not_fitted`.
   */
  encode(values: Iterable<string | number>, context?: EncodeContext): Int32Array;
  /** Class names of `labels`. @throws {DataError} `invalid_option` for a bad label. */
  decode(labels: ArrayLike<number>): string[];
  toJSON(): LabelEncoderJSON;
  /** Restores the state saved by `toJSON`. @throws {DataError} `invalid_json`. */
  fromJSON(json: LabelEncoderJSON): this;
}

/**
 * Creates a label encoder, optionally with fixed classes (in that order).
 *
 * @example
 * ```ts
 * const encoder = labelEncoder().fit(["cat", "dog", "cat"]);
 * encoder.encode(["dog", "cat"]); // Int32Array [1, 0]
 * encoder.decode([1]); // ["dog"]
 * ```
 */
export function labelEncoder(classes?: readonly string[]): LabelEncoder {
  let known: string[] = [];
  let index = new Map<string, number>();
  const setClasses = (names: readonly string[]) => {
    known = [...names];
    index = new Map(known.map((name, i) => [name, i]));
  };
  if (classes !== undefined) {
    setClasses(uniqueClasses(classes));
  }

  const encoder: LabelEncoder = {
    get classes() {
      return known;
    },
    fit(values) {
      setClasses(sortClasses(new Set(Array.from(values, className))));
      return encoder;
    },
    encode(values, context = {}) {
      if (known.length === 0) {
        throw new DataError("not_fitted", "the label encoder has no classes yet", {
          hint: "Call fit(values) first, or pass the classes to labelEncoder(classes).",
        });
      }
      const names = Array.from(values, className);
      const labels = new Int32Array(names.length);
      names.forEach((name, k) => {
        const label = index.get(name);
        if (label === undefined) {
          const why = "was not seen when the encoder was fitted";
          const fix = "Fit on data that contains every class, or drop rows of unknown classes.";
          throw unknownClass(name, known, { ...context, row: k + 1 }, why, fix);
        }
        labels[k] = label;
      });
      return labels;
    },
    decode(labels) {
      return Array.from(labels, (label) => {
        const name = known[label];
        if (!Number.isInteger(label) || name === undefined) {
          throw new DataError(
            "invalid_option",
            `label ${label} is outside [0, ${known.length}) for ${known.length} classes`,
          );
        }
        return name;
      });
    },
    toJSON() {
      return { kind: "label-encoder", version: 1, classes: [...known] };
    },
    fromJSON(json) {
      const ok =
        json?.kind === "label-encoder" &&
        json.version === 1 &&
        Array.isArray(json.classes) &&
        json.classes.every((name) => typeof name === "string");
      if (!ok) {
        throw new DataError(
          "invalid_json",
          'expected { kind: "label-encoder", version: 1, classes: string[] }',
          { hint: "Pass the object that toJSON() returned." },
        );
      }
      setClasses(uniqueClasses(json.classes));
      return encoder;
    },
  };
  return encoder;
}

/**
 * The error for a value that is not one of the known classes; it names the value,
 * the known classes and the closest one.
 *
 * @param why where the known classes came from, e.g. "was not seen in training"
 * @param fix what to do about it
 */
export function unknownClass(
  name: string,
  known: readonly string[],
  where: EncodeContext & { row?: number | undefined; line?: number | undefined },
  why: string,
  fix: string,
): DataError {
  const closest = closestName(name, known);
  const guess = closest === undefined ? "" : ` Did you mean ${JSON.stringify(closest)}?`;
  return new DataError(
    "unknown_class",
    `found class ${quoteValue(name)}, which ${why}; the known classes are ${listNames(known, 30)}`,
    { ...where, hint: `${fix}${guess}` },
  );
}

/**
 * One-hot rows for integer labels: row `i` has a 1 in column `labels[i]`.
 *
 * @throws {DataError} `invalid_option` for a label outside `[0, numClasses)`.
 * @example
 * ```ts
 * oneHot(new Int32Array([1, 0]), 3).data; // [0, 1, 0, 1, 0, 0]
 * ```
 */
export function oneHot(labels: ArrayLike<number>, numClasses: number): Matrix {
  const data = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new DataError(
        "invalid_option",
        `label ${label} at index ${i} is outside [0, ${numClasses})`,
        { hint: "Pass the number of classes the labels were encoded with." },
      );
    }
    data[i * numClasses + label] = 1;
  }
  return { data, rows: labels.length, cols: numClasses };
}

/** The class name of a raw value: numbers in their shortest decimal form. */
export function className(value: string | number): string {
  return typeof value === "number" ? String(value) : value;
}

/** Sorts class names numerically when all are numbers, else by code unit. */
export function sortClasses(names: Iterable<string>): string[] {
  const list = [...names];
  const numeric = list.every((name) => name.trim() !== "" && Number.isFinite(Number(name)));
  return numeric
    ? list.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0))
    : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function uniqueClasses(names: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new DataError("invalid_option", `class ${JSON.stringify(name)} is listed twice`, {
        hint: "List every class once.",
      });
    }
    seen.add(name);
  }
  return [...names];
}
