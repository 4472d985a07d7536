import {
  normalizeName,
  type Registry,
  type RegistryKind,
  type SerializedObject,
  unknownNameError,
} from "@myelin/registry";

/** A name, a `{ className, config }` object, or an instance. */
export type Spec<T> = string | SerializedObject | T;

/**
 * Resolves a spec of this package's own kinds (initializers, regularizers,
 * constraints): the registry first, when it knows the name, then the built-in
 * table, so layers work before anything is registered.
 *
 * @throws RegistryError for an unknown name, worded as every registry lookup
 *   words it: the closest known names, then all of them.
 */
export function resolveSpec<T>(
  kind: RegistryKind,
  spec: Spec<T>,
  builtins: Readonly<Record<string, (config: Record<string, unknown>) => T>>,
  registry: Registry | undefined,
): T {
  if (typeof spec !== "string" && !isSerialized(spec)) {
    return spec;
  }
  const name = typeof spec === "string" ? spec : spec.className;
  const config = typeof spec === "string" ? {} : spec.config;
  if (registry?.has(kind, name)) {
    return registry.create<T>(kind, spec);
  }
  const key = normalizeName(name.slice(name.lastIndexOf("/") + 1));
  const found = Object.entries(builtins).find(([builtin]) => normalizeName(builtin) === key);
  if (found) {
    return found[1](config);
  }
  if (registry && isSerialized(spec) && spec.package) {
    // Let the registry word the missing-plugin error (package, name and version).
    return registry.create<T>(kind, spec);
  }
  const registered = registry?.list(kind) ?? [];
  const known = [
    ...Object.keys(builtins),
    ...registered.filter((e) => !Object.keys(builtins).includes(e.name)),
  ];
  throw unknownNameError(kind, name, known);
}

function isSerialized(value: unknown): value is SerializedObject {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SerializedObject).className === "string" &&
    typeof (value as SerializedObject).config === "object"
  );
}

/** Attaches read-only properties to a function (a function's own `name` cannot be assigned). */
export function withProperties<F extends object, P extends Record<string, unknown>>(
  fn: F,
  properties: P,
): F & Readonly<P> {
  for (const [key, value] of Object.entries(properties)) {
    Object.defineProperty(fn, key, { value, enumerable: true });
  }
  return fn as F & Readonly<P>;
}
