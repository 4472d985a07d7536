import { defaultRegistry, type Registry } from "@myelin/registry";
import { type LayerEntry, registerLayerEntries } from "../convolutional/registration.js";
import { MultiHeadAttention } from "./multi-head-attention.js";

export {
  MultiHeadAttention,
  multiHeadAttention,
  type AttentionCallOptions,
  type MultiHeadAttentionArgs,
} from "./multi-head-attention.js";

/** The attention layers with their registry names. */
export const ATTENTION_LAYERS: readonly LayerEntry[] = [
  [
    "multiHeadAttention",
    MultiHeadAttention,
    "Multi-head scaled dot-product attention over [query, value, key?].",
  ],
];

/**
 * Registers the attention layers (kind "layer") under "@myelin/layers".
 * Calling it again on the same registry is a no-op.
 *
 * @example
 * const registry = registerAttentionLayers(new Registry());
 * const config = { numHeads: 2, keyDim: 4 };
 * registry.create("layer", { className: "MultiHeadAttention", config });
 */
export function registerAttentionLayers(registry: Registry = defaultRegistry): Registry {
  return registerLayerEntries(registry, ATTENTION_LAYERS);
}
