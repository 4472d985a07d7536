import { defaultRegistry, type Registry, type RegistryKind } from "@myelin/registry";
import { CONSTRAINTS } from "./constraints.js";
import { INITIALIZERS } from "./initializers.js";
import type { Layer } from "./layer.js";
import { Activation } from "./layers/activation.js";
import { BatchNormalization } from "./layers/batch-normalization.js";
import { Dense } from "./layers/dense.js";
import { InputLayer } from "./layers/input-layer.js";
import { LayerNormalization } from "./layers/layer-normalization.js";
import { Add, Concatenate } from "./layers/merge.js";
import { Dropout, GaussianDropout, GaussianNoise } from "./layers/noise.js";
import { Flatten, Reshape } from "./layers/reshaping.js";
import { REGULARIZERS } from "./regularizers.js";
import { PACKAGE_NAME, VERSION } from "./version.js";
import { registerConvolutionalLayers } from "./convolutional/index.js";
import { registerRecurrentLayers } from "./recurrent/index.js";
import { registerAttentionLayers } from "./attention/index.js";

type LayerClass = { className: string; fromConfig(config: Record<string, unknown>): Layer };

/** Every built-in layer class with its registry name and one-line description. */
export const LAYER_CLASSES: readonly (readonly [string, LayerClass, string])[] = [
  ["dense", Dense, "Fully connected layer: activation(x · kernel + bias)."],
  ["dropout", Dropout, "Zeroes a fraction of inputs in training (inverted scaling)."],
  ["gaussianNoise", GaussianNoise, "Adds normal noise in training."],
  ["gaussianDropout", GaussianDropout, "Multiplies by normal noise of mean 1 in training."],
  ["batchNormalization", BatchNormalization, "Normalizes features over the batch; moving averages at inference."],
  ["layerNormalization", LayerNormalization, "Normalizes each sample over its feature axes."],
  ["flatten", Flatten, "Collapses each sample to a vector."],
  ["reshape", Reshape, "Gives each sample a new shape."],
  ["activation", Activation, "Applies an activation function."],
  ["inputLayer", InputLayer, "Declares a model input."],
  ["concatenate", Concatenate, "Joins inputs along an axis."],
  ["add", Add, "Adds inputs elementwise."],
];

function registerOnce(
  registry: Registry,
  kind: RegistryKind,
  name: string,
  create: (config: Record<string, unknown>) => unknown,
  description: string,
): void {
  if (registry.has(kind, name) && registry.get(kind, name).package === PACKAGE_NAME) {
    return;
  }
  registry.register({ kind, name, package: PACKAGE_NAME, version: VERSION, create, description });
}

/**
 * Registers every layer, initializer, regularizer and constraint of this
 * package under "@myelin/layers". Calling it again on the same registry is a no-op.
 *
 * @example
 * const registry = new Registry();
 * registerLayers(registry);
 * registry.create("layer", { className: "dense", config: { units: 3 } });
 */
export function registerLayers(registry: Registry = defaultRegistry): Registry {
  for (const [name, cls, description] of LAYER_CLASSES) {
    registerOnce(registry, "layer", name, (config) => cls.fromConfig(config), description);
  }
  for (const [name, make] of Object.entries(INITIALIZERS)) {
    registerOnce(registry, "initializer", name, make, `Weight initializer ${name}.`);
  }
  for (const [name, make] of Object.entries(REGULARIZERS)) {
    registerOnce(registry, "regularizer", name, make, `Weight penalty ${name}.`);
  }
  for (const [name, make] of Object.entries(CONSTRAINTS)) {
    registerOnce(registry, "constraint", name, make, `Weight constraint ${name}.`);
  }
  registerConvolutionalLayers(registry);
  registerRecurrentLayers(registry);
  registerAttentionLayers(registry);
  return registry;
}
