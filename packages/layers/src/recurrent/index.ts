import { defaultRegistry, type Registry } from "@myelin/registry";
import { type LayerEntry, registerLayerEntries } from "../convolutional/registration.js";
import { GRU, LSTM, SimpleRNN } from "./cells.js";
import { Embedding } from "./embedding.js";
import { Masking } from "./masking.js";
import { Bidirectional, TimeDistributed } from "./wrappers.js";

export { Embedding, embedding, type EmbeddingArgs } from "./embedding.js";
export { Masking, masking, getMask, withMask, type MaskingArgs } from "./masking.js";
export { RNN, type RecurrentArgs, type RecurrentCallOptions, type StepContext } from "./rnn.js";
export {
  GRU,
  LSTM,
  SimpleRNN,
  gru,
  lstm,
  simpleRNN,
  type GRUArgs,
  type LSTMArgs,
  type SimpleRNNArgs,
} from "./cells.js";
export {
  Bidirectional,
  TimeDistributed,
  bidirectional,
  timeDistributed,
  type BidirectionalArgs,
  type MergeMode,
  type TimeDistributedArgs,
} from "./wrappers.js";

/** The recurrent, embedding and masking layers with their registry names. */
export const RECURRENT_LAYERS: readonly LayerEntry[] = [
  ["embedding", Embedding, "Looks up a vector per integer index; maskZero masks index 0."],
  ["masking", Masking, "Masks time steps whose features all equal maskValue."],
  ["simpleRNN", SimpleRNN, "Fully connected recurrent layer."],
  ["lstm", LSTM, "Long short-term memory, gate order i, f, c, o."],
  ["gru", GRU, "Gated recurrent unit, gate order z, r, h; resetAfter by default."],
  ["bidirectional", Bidirectional, "Runs a recurrent layer both ways and merges the outputs."],
  ["timeDistributed", TimeDistributed, "Applies a layer to every time step."],
];

/**
 * Registers the recurrent, embedding and masking layers (kind "layer") under
 * "@myelin/layers". Calling it again on the same registry is a no-op.
 *
 * @example
 * const registry = registerRecurrentLayers(new Registry());
 * registry.create("layer", { className: "LSTM", config: { units: 8 } });
 */
export function registerRecurrentLayers(registry: Registry = defaultRegistry): Registry {
  return registerLayerEntries(registry, RECURRENT_LAYERS);
}
