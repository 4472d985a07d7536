import { distance } from "fastest-levenshtein";

/** The kinds of things Myelin looks up by name. */
export const REGISTRY_KINDS = [
  "layer",
  "activation",
  "loss",
  "optimizer",
  "schedule",
  "initializer",
  "regularizer",
  "constraint",
  "metric",
  "callback",
  "backend",
] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

/**
 * One registered plugin: a named factory that builds an object from a plain,
 * JSON-serializable config.
 */
export interface RegistryEntry<T = unknown, C = Record<string, unknown>> {
  kind: RegistryKind;
  /** Short name used in configs and on the command line, e.g. "dense". */
  name: string;
  /** The npm package that provides it, e.g. "@myelin/layers". */
  package: string;
  version: string;
  /** Builds an instance from a config. */
  create: (config: C) => T;
  /** One line for listings (the CLI, the playground). */
  description?: string;
  /** Other names that resolve to this entry (for example Keras's "Dense"). */
  aliases?: readonly string[];
}

/** A plain-object form of a registered object, as written into model files. */
export interface SerializedObject<C = Record<string, unknown>> {
  className: string;
  package?: string;
  version?: string;
  config: C;
}

export interface RegisterOptions {
  /** Replace an entry of the same kind and name instead of failing. */
  replace?: boolean;
}

/** Looking up, registering or deserializing failed. */
export class RegistryError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string) {
    super(hint ? `${message} ${hint}` : message);
    this.name = "RegistryError";
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Names match ignoring case, "_" and "-", so the Keras spellings
 * ("Dense", "categorical_crossentropy") find Myelin's ("dense", "categoricalCrossentropy").
 */
export function normalizeName(name: string): string {
  return name.replace(/[_\-\s]/g, "").toLowerCase();
}

/**
 * Registries by kind. A child registry sees its parent's entries and may add
 * or shadow its own without touching the parent, so apps and tests can
 * register plugins without colliding. Nothing registers on import: every
 * entry comes from an explicit `register` call.
 */
export class Registry {
  private readonly entries = new Map<RegistryKind, Map<string, RegistryEntry>>();

  constructor(readonly parent: Registry | null = null) {}

  /** A registry that inherits this one's entries. */
  child(): Registry {
    return new Registry(this);
  }

  register<T, C>(entry: RegistryEntry<T, C>, options: RegisterOptions = {}): RegistryEntry<T, C> {
    if (!REGISTRY_KINDS.includes(entry.kind)) {
      throw new RegistryError("unknown_kind", `Unknown registry kind "${entry.kind}".`, `Use one of: ${REGISTRY_KINDS.join(", ")}.`);
    }
    if (!entry.name || !entry.package || !entry.version) {
      throw new RegistryError("incomplete_entry", `A ${entry.kind} entry needs a name, a package and a version; got name "${entry.name}", package "${entry.package}", version "${entry.version}".`);
    }
    let byName = this.entries.get(entry.kind);
    if (!byName) {
      byName = new Map();
      this.entries.set(entry.kind, byName);
    }
    const keys = [entry.name, ...(entry.aliases ?? [])].map(normalizeName);
    for (const key of keys) {
      const existing = byName.get(key) ?? (options.replace ? undefined : this.parent?.find(entry.kind, key));
      if (existing && !options.replace && existing !== (entry as RegistryEntry)) {
        throw new RegistryError(
          "duplicate_name",
          `A ${entry.kind} named "${entry.name}" is already registered (by ${existing.package}@${existing.version}).`,
          "Choose another name, or pass { replace: true } to replace it.",
        );
      }
    }
    for (const key of keys) {
      byName.set(key, entry as RegistryEntry);
    }
    return entry;
  }

  private find(kind: RegistryKind, key: string): RegistryEntry | undefined {
    return this.entries.get(kind)?.get(key) ?? this.parent?.find(kind, key);
  }

  has(kind: RegistryKind, name: string): boolean {
    return this.find(kind, normalizeName(stripPackage(name))) !== undefined;
  }

  /**
   * The entry for a name (or "package/name").
   *
   * @throws RegistryError listing the closest known names when it is unknown.
   */
  get<T = unknown, C = Record<string, unknown>>(kind: RegistryKind, name: string): RegistryEntry<T, C> {
    const found = this.find(kind, normalizeName(stripPackage(name)));
    if (found) {
      return found as RegistryEntry<T, C>;
    }
    throw this.unknown(kind, name);
  }

  /** Every entry of a kind, parents' included, each once, sorted by name. */
  list(kind: RegistryKind): RegistryEntry[] {
    const seen = new Map<string, RegistryEntry>();
    const collect = (registry: Registry | null): void => {
      if (!registry) {
        return;
      }
      collect(registry.parent);
      for (const entry of registry.entries.get(kind)?.values() ?? []) {
        seen.set(normalizeName(entry.name), entry);
      }
    };
    collect(this);
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Builds an object from a name, a `{ className, config }` object, or returns
   * an instance as it is (anything that is neither a string nor a serialized form).
   */
  create<T>(kind: RegistryKind, spec: string | SerializedObject | T, defaults: Record<string, unknown> = {}): T {
    if (typeof spec === "string") {
      return this.get<T>(kind, spec).create({ ...defaults });
    }
    if (isSerialized(spec)) {
      const found = this.find(kind, normalizeName(stripPackage(spec.className)));
      if (!found) {
        throw this.unknown(kind, spec.className, spec);
      }
      return (found as RegistryEntry<T>).create({ ...defaults, ...spec.config });
    }
    return spec as T;
  }

  /** The serialized form of a config made by a registered entry. */
  serialize(kind: RegistryKind, name: string, config: Record<string, unknown>): SerializedObject {
    const entry = this.get(kind, name);
    return { className: entry.name, package: entry.package, version: entry.version, config };
  }

  private unknown(kind: RegistryKind, name: string, spec?: SerializedObject): RegistryError {
    const entries = this.list(kind);
    if (spec?.package) {
      const closest = closestNames(stripPackage(name), entries).map((n) => `"${n}"`);
      return new RegistryError(
        "missing_plugin",
        `This file needs the ${kind} "${spec.package}/${spec.className}" (version ${spec.version ?? "unknown"}), which is not registered.`,
        `Install ${spec.package} and register it (registry.register(...)) before loading.` +
          (closest.length > 0
            ? ` Known ${pluralOf(kind)} that look alike: ${closest.join(", ")}.`
            : ""),
      );
    }
    return unknownNameError(kind, name, entries);
  }
}

/** A known name, with other spellings that count as close to it ("mse" for "meanSquaredError"). */
export interface NameCandidate {
  name: string;
  aliases?: readonly string[];
}

/** Options of {@link closestNames}. */
export interface ClosestNamesOptions {
  /** At most this many names (default 3). */
  limit?: number;
  /**
   * Keep only plausible typos: a case-only difference, an edit distance of at
   * most max(2, a third of the name's length), or one name containing the other
   * (3 characters or more). Off by default: unknown registry names always get
   * their nearest matches.
   */
  typosOnly?: boolean;
}

/**
 * The candidates most likely meant by `name`, best first. A candidate equal
 * to `name` ignoring case comes first; the rest are ranked by edit distance,
 * compared ignoring case, "_" and "-", with each alias counting for its
 * candidate (the result names the candidate itself). Equally close
 * candidates keep their order.
 *
 * @example
 * closestNames("bathSize", ["epochs", "batchSize", "shuffle"], { limit: 1 }); // ["batchSize"]
 * closestNames("Units", ["unitForgetBias", "units"], { limit: 1 }); // ["units"]
 * closestNames("delta", ["reduction"], { typosOnly: true }); // []
 */
export function closestNames(
  name: string,
  candidates: readonly (string | NameCandidate)[],
  options: ClosestNamesOptions = {},
): string[] {
  const limit = options.limit ?? 3;
  const lower = name.toLowerCase();
  const target = normalizeName(name);
  const tolerance = Math.max(2, Math.ceil(target.length / 3));
  const scored = candidates.map((candidate, order) => {
    const entry = typeof candidate === "string" ? { name: candidate } : candidate;
    const spellings = [entry.name, ...(entry.aliases ?? [])];
    const exact = spellings.some((s) => s.toLowerCase() === lower);
    const d = Math.min(...spellings.map((s) => distance(target, normalizeName(s))));
    const nested = spellings.some((s) => {
      const other = normalizeName(s);
      const long = target.length >= 3 && other.length >= 3;
      return long && (other.includes(target) || target.includes(other));
    });
    const plausible = exact || d <= tolerance || nested;
    return { name: entry.name, score: exact ? -1 : d, order, plausible };
  });
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of scored) {
    if (seen.has(entry.name) || out.length >= limit || (options.typosOnly && !entry.plausible)) {
      continue;
    }
    seen.add(entry.name);
    out.push(entry.name);
  }
  return out;
}

/**
 * The error for a name no entry of `kind` answers to, worded as every Myelin
 * lookup words it: the name, up to three closest known names ("Did you
 * mean ...?") and the full list. Lookups that keep their own table of
 * built-ins (initializers, metrics) throw it too, so every unknown name
 * reads and is caught the same way.
 *
 * @example
 * throw unknownNameError("metric", "acuracy", [{ name: "accuracy", aliases: ["acc"] }]);
 * // RegistryError: Unknown metric "acuracy". Did you mean "accuracy"? Known metrics: accuracy.
 */
export function unknownNameError(
  kind: RegistryKind,
  name: string,
  known: readonly (string | NameCandidate)[],
): RegistryError {
  const names = known.map((k) => (typeof k === "string" ? k : k.name));
  const closest = closestNames(stripPackage(name), known).map((n) => `"${n}"`);
  return new RegistryError(
    "unknown_name",
    `Unknown ${kind} "${name}".`,
    names.length === 0
      ? `No ${kind} is registered yet: call setup() from the myelin package, or register one.`
      : `Did you mean ${closest.join(" or ")}? Known ${pluralOf(kind)}: ${names.join(", ")}.`,
  );
}

function pluralOf(kind: RegistryKind): string {
  return kind.endsWith("s") ? `${kind}es` : `${kind}s`;
}

function stripPackage(name: string): string {
  const slash = name.lastIndexOf("/");
  return slash >= 0 ? name.slice(slash + 1) : name;
}

function isSerialized(value: unknown): value is SerializedObject {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SerializedObject).className === "string" &&
    typeof (value as SerializedObject).config === "object"
  );
}

/** The process-wide registry that `setup()` fills with the built-ins. */
export const defaultRegistry = new Registry();
