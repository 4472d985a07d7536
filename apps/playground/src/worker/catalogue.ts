import { type Layer, type Registry, tidy, zeros } from "myelin";
import { defaultLayer, OPTIMIZERS } from "../config.js";
import type { Catalogue, LayerOption } from "./protocol.js";
import { layerConfig } from "./session.js";

/** Layers a sequential stack of feature rows never needs: the model makes its own input. */
const NOT_FOR_STACKS = new Set(["inputLayer"]);
/** Softmax variants normalise over the whole row, which suits the output layer, not hidden ones. */
const HIDDEN_ACTIVATIONS_LAST = new Set(["softmax", "logSoftmax"]);

/**
 * What the registry offers, checked against what the playground can place: a
 * layer type is usable when it builds from the form's defaults and maps rows
 * of features to rows of features. Custom layers registered by the app show
 * up here like the built-ins.
 */
export function catalogue(registry: Registry): Catalogue {
  const layers = registry.list("layer").map((entry): LayerOption => {
    const option = {
      name: entry.name,
      description: entry.description ?? "",
      package: entry.package,
    };
    if (NOT_FOR_STACKS.has(entry.name)) {
      return { ...option, usable: false, reason: "The model adds its own input." };
    }
    return { ...option, ...probe(registry, entry.name) };
  });
  const activations = registry.list("activation").map((e) => e.name);
  const ordered = [
    ...activations.filter((a) => !HIDDEN_ACTIVATIONS_LAST.has(a)),
    ...activations.filter((a) => HIDDEN_ACTIVATIONS_LAST.has(a)),
  ];
  const optimizers = OPTIMIZERS.filter((name) => registry.has("optimizer", name));
  const others = registry
    .list("optimizer")
    .map((e) => e.name)
    .filter((name) => !(OPTIMIZERS as readonly string[]).includes(name));
  return { layers, activations: ordered, optimizers: [...optimizers, ...others] };
}

/** Builds a layer on a [2, 3] batch and checks that it returns rows. */
function probe(registry: Registry, name: string): { usable: boolean; reason?: string } {
  try {
    return tidy(() => {
      const layer = registry.create<Layer>("layer", {
        className: name,
        config: layerConfig(defaultLayer(name)),
      });
      const output = layer.apply(zeros([2, 3]), { training: false });
      for (const v of layer.weights) {
        v.dispose();
      }
      return output.rank === 2 && output.shape[0] === 2
        ? { usable: true }
        : { usable: false, reason: `It turns [2, 3] rows into ${JSON.stringify(output.shape)}.` };
    });
  } catch (error) {
    return { usable: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
