import {
  defaultRegistry,
  type Layer,
  type Model,
  MyelinError,
  sequential,
  setup,
} from "./myelin.js";
import { CliError } from "./errors.js";
import type { LayerSpec } from "./model-spec.js";
import type { RunConfig } from "./run-config.js";
import { deriveSeed, SeedStream } from "./seeds.js";
import {
  checkLayerKeys,
  checkLayerNames,
  checkLayerValues,
  type LayerSource,
} from "./spec-check.js";

/** Backends the CLI can run on. */
export const BACKENDS = ["js", "wasm"] as const;
export type BackendName = (typeof BACKENDS)[number];

let ready: BackendName | null = null;

/**
 * Registers Myelin's built-ins and selects the backend, once per process.
 *
 * @throws {CliError} `unknown_backend` for a name other than js or wasm.
 */
export async function startRuntime(backend: string, seed?: number): Promise<void> {
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new CliError(
      "unknown_backend",
      `--backend ${JSON.stringify(backend)} is not a backend; use js or wasm.`,
    );
  }
  if (ready === null) {
    await setup({ backend: backend as BackendName, seed });
    ready = backend as BackendName;
  }
}

/**
 * A fresh, compiled model for a run: its layers from the registry, weights
 * initialised from a seed derived from the run's seed. Every name, value type and
 * config key of the layers is checked first (see `spec-check.ts`).
 *
 * @param source how messages name the layer list and its layers
 * @throws {CliError} for an unknown name or config key, a value of the wrong
 *   type, or a value a layer refuses.
 */
export function buildModel(config: RunConfig, source: LayerSource): Model {
  checkLayerNames(config.layers, source);
  checkLayerValues(config.layers, source);
  const layers = config.layers.map((spec, i) => {
    try {
      return createLayer(spec);
    } catch (error) {
      if (!(error instanceof MyelinError)) {
        throw error;
      }
      // The layer's own message names the option; say which layer of the list it is.
      const where = `${source.origin}: ${source.layer(i, spec.className)}`;
      throw new CliError(error.code, `${where}: ${error.message}`, undefined, { cause: error });
    }
  });
  checkLayerKeys(config.layers, layers, source);
  const model = sequential(layers, { seed: deriveSeed(config.seed, 0, SeedStream.init) });
  model.compile({
    optimizer: config.compile.optimizer,
    loss: config.compile.loss,
    metrics: config.compile.metrics,
  });
  return model;
}

function createLayer(spec: LayerSpec): Layer {
  return defaultRegistry.create<Layer>("layer", spec, { registry: defaultRegistry });
}
