/** Formats a shape the one way Myelin prints shapes: `[2, 3]`. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "null" : String(d))).join(", ")}]`;
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
