/** An error with whatever fields its thrower attached (`code`, `op`, `shapes`...). */
export type ThrownError = Error & Record<string, unknown>;

/**
 * Calls `fn` and returns what it threw, so a test can assert on the error's
 * fields and message.
 *
 * @param fn - The call expected to throw.
 * @returns The thrown value.
 * @throws Error when `fn` returns instead of throwing.
 * @example
 * ```ts
 * const error = thrown(() => JSON.parse("{"));
 * // error instanceof SyntaxError
 * ```
 */
export function thrown(fn: () => unknown): ThrownError {
  try {
    fn();
  } catch (error) {
    return error as ThrownError;
  }
  throw new Error("expected the call to throw, but it returned");
}

/**
 * Awaits `fn` and returns what it threw or rejected with: the asynchronous
 * form of {@link thrown}, which also catches a synchronous throw.
 *
 * @param fn - The call expected to throw or reject.
 * @returns The thrown value or rejection reason.
 * @throws Error when `fn` resolves instead.
 * @example
 * ```ts
 * const error = await caught(() => readFile("/missing"));
 * // error.code === "ENOENT"
 * ```
 */
export async function caught(fn: () => unknown): Promise<ThrownError> {
  try {
    await fn();
  } catch (error) {
    return error as ThrownError;
  }
  throw new Error("expected the call to throw, but it returned");
}
