import { closestNames, type NameCandidate } from "@myelin/registry";
import { describeValue, ValueError } from "./errors.js";

/**
 * Throws when `options` has a key that `owner` does not take, as Keras refuses
 * a keyword argument it does not understand. Without this a misspelt key
 * (`bathSize`) is dropped and its default used in silence. The message names
 * the owner, every unknown key, the keys the owner takes and, for each
 * unknown key, the closest known one: a match that differs only in case
 * first, then the nearest by edit distance (the registry's `closestNames`,
 * keeping plausible typos only, so `delta` suggests nothing rather than
 * `reduction`). A key whose value is `undefined` counts as absent, and
 * `undefined` options pass.
 *
 * @param owner how the message names the function or layer, e.g. `fit` or `dense_1 (Dense)`.
 * @param known every key the owner takes, in the order the message lists them; a key may
 *   carry aliases that count for closeness (`{ name: "learningRate", aliases: ["lr"] }`).
 * @param note a last sentence for the hint, such as how to declare more keys.
 * @throws ValueError for an unknown key, e.g. `fit: unknown option "bathSize"; the options are:
 *   epochs, batchSize, ... Did you mean "batchSize"?`, or when options is not an object.
 * @example
 * checkOptionKeys("fit", { epochs: 1, bathSize: 2 }, ["epochs", "batchSize"]);
 * // ValueError: fit: unknown option "bathSize"; the options are: epochs, batchSize.
 * //   Did you mean "batchSize"?
 */
export function checkOptionKeys(
  owner: string,
  options: unknown,
  known: readonly (string | NameCandidate)[],
  note?: string,
): void {
  if (options === undefined) {
    return;
  }
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    const first = known[0];
    const example = first === undefined ? "name" : typeof first === "string" ? first : first.name;
    throw new ValueError(
      owner,
      `the options are ${describeValue(options)}; expected an object of named options`,
      `Pass them by name, e.g. { ${example}: ... }.`,
    );
  }
  // Ops call this on every run (matMul in each backward pass): no allocation unless a key is wrong.
  let unknown: string[] | undefined;
  for (const key in options) {
    if ((options as Record<string, unknown>)[key] !== undefined && !isKnown(known, key)) {
      (unknown ??= []).push(key);
    }
  }
  if (unknown !== undefined) {
    throw unknownOptionsError(owner, unknown, known, note);
  }
}

function isKnown(known: readonly (string | NameCandidate)[], key: string): boolean {
  for (let i = 0; i < known.length; i++) {
    const k = known[i]!;
    if ((typeof k === "string" ? k : k.name) === key) {
      return true;
    }
  }
  return false;
}

function unknownOptionsError(
  owner: string,
  unknown: readonly string[],
  known: readonly (string | NameCandidate)[],
  note: string | undefined,
): ValueError {
  const listed = [...new Set(known.map((k) => (typeof k === "string" ? k : k.name)))];
  const quoted = unknown.map((key) => JSON.stringify(key)).join(", ");
  const found = `unknown option${unknown.length > 1 ? "s" : ""} ${quoted}`;
  const tail = note === undefined ? "" : ` ${note}`;
  if (listed.length === 0) {
    return new ValueError(owner, `${found}; it takes no options`, `Remove ${quoted}.${tail}`);
  }
  const guesses = unknown.flatMap((key) => {
    const [guess] = closestNames(key, known, { limit: 1, typosOnly: true });
    return guess === undefined ? [] : [{ key, guess }];
  });
  const quote = (name: string) => JSON.stringify(name);
  const suggestion =
    guesses.length === 0
      ? "Check the spelling against the options listed, or remove it."
      : unknown.length === 1
        ? `Did you mean ${quote(guesses[0]!.guess)}?`
        : `Did you mean ${guesses
            .map(({ key, guess }) => `${quote(guess)} (for ${quote(key)})`)
            .join(" and ")}?`;
  return new ValueError(
    owner,
    `${found}; the options are: ${listed.join(", ")}`,
    `${suggestion}${tail}`,
  );
}
