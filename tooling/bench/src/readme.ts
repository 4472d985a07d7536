/** Marks the start of the generated results in README.md. */
export const RESULTS_START = "<!-- bench:results:start -->";
/** Marks the end of the generated results in README.md. */
export const RESULTS_END = "<!-- bench:results:end -->";

/**
 * Replaces the text between the result markers, keeping the markers.
 *
 * @throws Error when either marker is missing or the end comes before the start.
 * @example
 * replaceResults("a\n<!-- bench:results:start -->\nold\n<!-- bench:results:end -->", "new");
 */
export function replaceResults(text: string, body: string): string {
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start < 0 || end < 0 || end < start) {
    throw new Error(
      `README.md: expected the markers ${RESULTS_START} and then ${RESULTS_END}; ` +
        `found start at ${start} and end at ${end}. Restore both lines, in that order.`,
    );
  }
  const before = text.slice(0, start + RESULTS_START.length);
  return `${before}\n${body.trim()}\n${text.slice(end)}`;
}
