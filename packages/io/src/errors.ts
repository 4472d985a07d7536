import { MyelinError } from "@myelin/tensor-core";

/**
 * Stable reasons a {@link ModelFileError} can carry. Code switches on these; the
 * message is for people.
 */
export type ModelFileErrorCode =
  | "missing_directory"
  | "missing_file"
  | "unreadable_file"
  | "invalid_json"
  | "wrong_format"
  | "unsupported_version"
  | "invalid_field"
  | "truncated_weights"
  | "oversized_weights"
  | "checksum_mismatch"
  | "manifest_mismatch"
  | "topology_mismatch"
  | "invalid_artifacts"
  | "write_failed"
  | "not_supported";

/**
 * A model file could not be read or written, or is not a valid Myelin model. The
 * message reads `path: what is wrong. What to do.`; `path` is the file (or
 * directory, or URL) at fault.
 *
 * @example
 * ```ts
 * try {
 *   await fileSystemHandler("runs/missing").load();
 * } catch (error) {
 *   if (error instanceof ModelFileError && error.code === "missing_directory") {
 *     console.log(error.path); // "runs/missing"
 *   }
 * }
 * ```
 */
export class ModelFileError extends MyelinError {
  declare readonly code: ModelFileErrorCode;
  /** The file, directory or URL the error is about. */
  readonly path: string;

  /**
   * @param code stable reason
   * @param path the file, directory or URL at fault
   * @param detail what was expected and what was found
   * @param options the next step for the user, and the underlying error
   */
  constructor(
    code: ModelFileErrorCode,
    path: string,
    detail: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(code, `${path}: ${detail}.`, options);
    this.name = "ModelFileError";
    this.path = path;
  }
}

/** The message of any thrown value, for wrapping it in a {@link ModelFileError}. */
export function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
