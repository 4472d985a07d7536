import { defaultRegistry, type Registry } from "@myelin/registry";
import { earlyStopping } from "./callbacks/early-stopping.js";
import { reduceLROnPlateau } from "./callbacks/learning-rate.js";
import { terminateOnNaN } from "./callbacks/loggers.js";
import { METRICS } from "./metrics.js";
import { PACKAGE_NAME, VERSION } from "./version.js";

/**
 * Registers the built-in metrics (kind "metric") and the callbacks that are
 * plain configs (kind "callback": earlyStopping, reduceLROnPlateau,
 * terminateOnNaN). Calling it again on the same registry is a no-op.
 */
export function registerModelPlugins(registry: Registry = defaultRegistry): Registry {
  for (const [name, entry] of Object.entries(METRICS)) {
    if (!registry.has("metric", name)) {
      registry.register({
        kind: "metric",
        name,
        package: PACKAGE_NAME,
        version: VERSION,
        aliases: entry.aliases,
        create: entry.create,
        description: `Metric ${name}.`,
      });
    }
  }
  const callbacks = {
    earlyStopping: (c: Record<string, unknown>) => earlyStopping(c),
    reduceLROnPlateau: (c: Record<string, unknown>) => reduceLROnPlateau(c),
    terminateOnNaN: () => terminateOnNaN(),
  };
  for (const [name, create] of Object.entries(callbacks)) {
    if (!registry.has("callback", name)) {
      registry.register({
        kind: "callback",
        name,
        package: PACKAGE_NAME,
        version: VERSION,
        create,
        description: `Callback ${name}.`,
      });
    }
  }
  return registry;
}
