/** Formats a shape the one way Myelin prints shapes: `[2, 3]`. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "null" : String(d))).join(", ")}]`;
}

const SHOWN_LENGTH = 60;

function clipText(text: string): string {
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 3)}...` : text;
}

function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    // Cycles and bigints cannot be written as JSON; the caller names the type alone.
    return undefined;
  }
}

/**
 * How messages show a value of the wrong type or range. A number is shown as
 * it is (`-3`, `1.5`, `NaN`); anything else by its type and JSON value
 * (`the string "16"`, `the boolean true`, `the array [1,2]`), so a string
 * that looks like a number is never mistaken for one. Long values are cut
 * at 60 characters.
 *
 * @example
 * `units is ${describeValue("16")}; expected a positive integer`
 * // 'units is the string "16"; expected a positive integer'
 */
export function describeValue(value: unknown): string {
  if (typeof value === "number") {
    return String(value);
  }
  if (value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === "string") {
    return `the string ${clipText(JSON.stringify(value))}`;
  }
  if (typeof value === "boolean") {
    return `the boolean ${value}`;
  }
  if (typeof value === "bigint") {
    return `the bigint ${value}n`;
  }
  if (typeof value === "function") {
    return value.name ? `the function ${value.name}` : "a function";
  }
  if (typeof value === "symbol") {
    return `the symbol ${String(value.description)}`;
  }
  const shaped = value as { shape?: unknown; dtype?: unknown };
  if (Array.isArray(shaped.shape) && typeof shaped.dtype === "string") {
    return `a ${shaped.dtype} tensor of shape ${formatShape(shaped.shape as number[])}`;
  }
  const json = jsonOf(value);
  const kind = Array.isArray(value) ? "array" : "object";
  return json === undefined ? `an ${kind}` : `the ${kind} ${clipText(json)}`;
}

/**
 * The "found" part of an argument error, the same everywhere: `units is 0`
 * when the value has the right type but not the right range (the hint then
 * says which range), and `units is the string "16"; expected a positive
 * integer` when the type itself is wrong, so a value that merely looks right
 * is never taken for one that is out of range.
 *
 * @param expected what the argument must be, e.g. "a positive integer".
 * @param type the JavaScript type a valid value has (default "number").
 * @example
 * describeArgument("units", "16", "a positive integer");
 * // 'units is the string "16"; expected a positive integer'
 * describeArgument("units", 0, "a positive integer"); // "units is 0"
 */
export function describeArgument(
  name: string,
  value: unknown,
  expected: string,
  type: "number" | "boolean" | "string" = "number",
): string {
  const found = `${name} is ${describeValue(value)}`;
  return typeof value === type ? found : `${found}; expected ${expected}`;
}

/** Base class of every error Myelin throws on purpose. */
export class MyelinError extends Error {
  /** Stable machine-readable code, e.g. `shape_mismatch`. */
  readonly code: string;
  /** What to do about it, when there is something to do. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { hint?: string; cause?: unknown }) {
    const hint = options?.hint;
    super(hint ? `${message} ${hint}` : message, { cause: options?.cause });
    this.name = "MyelinError";
    this.code = code;
    this.hint = hint;
  }
}

/**
 * A shape, rank, axis or size rule failed. The message is rendered from the
 * fields: the op, then the reasons (numbered when there are several), then the fix.
 */
export class ShapeError extends MyelinError {
  readonly op: string;
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  readonly reasons: readonly string[];

  constructor(
    op: string,
    shapes: Record<string, readonly number[]>,
    reasons: string | readonly string[],
    hint?: string,
    code = "shape_mismatch",
  ) {
    const list = typeof reasons === "string" ? [reasons] : reasons;
    const body =
      list.length === 1 ? list[0] : list.map((reason, i) => `(${i + 1}) ${reason}`).join("; ");
    super(code, `${op}: ${body}.`, { hint });
    this.name = "ShapeError";
    this.op = op;
    this.shapes = shapes;
    this.reasons = list;
  }
}

/** Operands have dtypes the op cannot combine or does not accept. */
export class DTypeError extends MyelinError {
  readonly op: string;

  constructor(op: string, message: string, hint?: string) {
    super("dtype_mismatch", `${op}: ${message}.`, { hint });
    this.name = "DTypeError";
    this.op = op;
  }
}

/** A value (not a shape) is out of the range an op accepts. */
export class ValueError extends MyelinError {
  readonly op: string;

  constructor(op: string, message: string, hint?: string) {
    super("invalid_value", `${op}: ${message}.`, { hint });
    this.name = "ValueError";
    this.op = op;
  }
}

/** A backend cannot run a kernel and no fallback exists. */
export class NotImplementedError extends MyelinError {
  constructor(kernel: string, backend: string, hint?: string) {
    super("not_implemented", `Kernel ${kernel} is not implemented by backend "${backend}".`, {
      hint,
    });
    this.name = "NotImplementedError";
  }
}
