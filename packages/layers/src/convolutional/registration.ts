import type { Registry } from "@myelin/registry";
import type { Layer } from "../layer.js";
import { PACKAGE_NAME, VERSION } from "../version.js";

/** A layer class as the registry needs it. */
export interface RegistrableLayer {
  readonly className: string;
  fromConfig(config: Record<string, unknown>): Layer;
}

/** One registry entry: name, class, description, and other names (Keras's aliases). */
export type LayerEntry = readonly [
  name: string,
  cls: RegistrableLayer,
  description: string,
  aliases?: readonly string[],
];

/**
 * Registers layer classes (kind "layer") under this package. The factory
 * hands the layer the registry it was created from, so names inside its
 * config (activations, initializers, a wrapped layer) resolve there too.
 * Entries already registered by this package are left alone.
 */
export function registerLayerEntries(registry: Registry, entries: readonly LayerEntry[]): Registry {
  for (const [name, cls, description, aliases] of entries) {
    if (registry.has("layer", name) && registry.get("layer", name).package === PACKAGE_NAME) {
      continue;
    }
    registry.register({
      kind: "layer",
      name,
      package: PACKAGE_NAME,
      version: VERSION,
      create: (config: Record<string, unknown>) => cls.fromConfig({ registry, ...config }),
      description,
      ...(aliases === undefined ? {} : { aliases }),
    });
  }
  return registry;
}
