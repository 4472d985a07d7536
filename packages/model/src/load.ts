import { InputLayer, type Layer, type LayerShape, type SymbolicTensor } from "@myelin/layers";
import { defaultRegistry, type Registry, type SerializedObject } from "@myelin/registry";
import { MyelinError } from "@myelin/tensor-core";
import { Functional } from "./functional.js";
import type { LossSpec, Model } from "./model.js";
import type { MetricSpec } from "./metrics.js";
import { Sequential } from "./sequential.js";
import {
  loadWeightsInto,
  type LoadHandler,
  type ModelArtifacts,
  type ModelJSON,
  type WeightEntry,
} from "./serialization.js";

/** Options of {@link loadModelFromArtifacts}. */
export interface LoadOptions {
  /** Where layer, optimizer and loss names are looked up (default the process-wide registry). */
  registry?: Registry;
  /** Compile with the saved optimizer, loss and metrics, and restore the optimizer state (default true). */
  compile?: boolean;
}

function rebuildLayer(serialized: SerializedObject, registry: Registry): Layer {
  return registry.create<Layer>("layer", serialized, { registry });
}

function checkFormat(json: ModelJSON): void {
  if (json?.format !== "myelin-model" || json.formatVersion !== 1) {
    throw new MyelinError(
      "invalid_model_file",
      `loadModel: this is not a Myelin model file (format ${JSON.stringify(json?.format)}, ` +
        `version ${JSON.stringify(json?.formatVersion)}).`,
      { hint: 'Expected format "myelin-model", version 1, as written by model.saveArtifacts().' },
    );
  }
}

/** Rebuilds a model (layers, connections, compile settings) from its JSON, without weights. */
export function modelFromJSON(json: ModelJSON, options: LoadOptions = {}): Model {
  checkFormat(json);
  const registry = options.registry ?? defaultRegistry;
  const topology = json.topology as Record<string, unknown>;
  let model: Model;
  if (json.modelClass === "Sequential") {
    const layers = (topology.layers as SerializedObject[]).map((s) => rebuildLayer(s, registry));
    const sequential = new Sequential(layers, { name: json.name, registry });
    const shape = topology.batchInputShape as LayerShape | null;
    if (shape !== null && !sequential.built) {
      sequential.build(shape);
    }
    model = sequential;
  } else if (json.modelClass === "Functional") {
    model = rebuildFunctional(json, topology, registry);
  } else {
    throw new MyelinError(
      "invalid_model_file",
      `loadModel: unknown model class "${json.modelClass}".`,
      { hint: "Expected Sequential or Functional." },
    );
  }
  const training = json.trainingConfig;
  if (training !== null && options.compile !== false) {
    model.compile({
      optimizer: training.optimizer,
      loss: training.loss as LossSpec[],
      metrics:
        training.metrics.length === 1
          ? (training.metrics[0] as MetricSpec[])
          : Object.fromEntries(
              model.outputNames.map((n, i) => [n, training.metrics[i] as MetricSpec[]]),
            ),
      lossWeights: training.lossWeights,
    });
  }
  return model;
}

function rebuildFunctional(
  json: ModelJSON,
  topology: Record<string, unknown>,
  registry: Registry,
): Model {
  const layers = new Map<string, Layer>();
  for (const s of topology.layers as SerializedObject[]) {
    const layer = rebuildLayer(s, registry);
    layers.set(layer.name, layer);
  }
  const values = new Map<string, SymbolicTensor>();
  for (const layer of layers.values()) {
    if (layer instanceof InputLayer) {
      values.set(`${layer.name}#0`, layer.output);
    }
  }
  const calls = new Map<Layer, number>();
  const lookup = ([name, k]: [string, number]): SymbolicTensor => {
    const found = values.get(`${name}#${k}`);
    if (found === undefined) {
      throw new MyelinError(
        "invalid_model_file",
        `loadModel: the graph reads call ${k} of layer ${name}, which comes later or does not exist.`,
      );
    }
    return found;
  };
  for (const node of topology.nodes as {
    layer: string;
    inputs: [string, number][];
    inputIsList: boolean;
  }[]) {
    const layer = layers.get(node.layer);
    if (layer === undefined) {
      throw new MyelinError(
        "invalid_model_file",
        `loadModel: the graph calls layer ${node.layer}, which the file does not define.`,
      );
    }
    const args = node.inputs.map(lookup);
    const out = layer.apply(node.inputIsList ? args : args[0]!);
    const k = calls.get(layer) ?? 0;
    calls.set(layer, k + 1);
    values.set(`${layer.name}#${k}`, out);
  }
  const inputs = (topology.inputs as [string, number][]).map(lookup);
  const outputs = (topology.outputs as [string, number][]).map(lookup);
  return new Functional(inputs, outputs, topology.outputsAsList === true, {
    name: json.name,
    registry,
  });
}

/**
 * Rebuilds a saved model: its layers through the registry (custom layers
 * need their plugin registered), its compile settings, its weights and its
 * optimizer state. Accepts `{ modelJson, weightSpecs, weightData }` or
 * `{ modelJson, weights }` (as getWeightData returns them).
 *
 * @throws RegistryError naming the missing `package/name` and version when a layer's plugin is not registered.
 * @throws ShapeError naming the layer when a weight is missing or has another shape.
 * @example
 * const artifacts = model.saveArtifacts();
 * const copy = loadModelFromArtifacts(artifacts, { registry });
 */
export function loadModelFromArtifacts(
  artifacts: ModelArtifacts | { modelJson: ModelJSON; weights: readonly WeightEntry[] },
  options: LoadOptions = {},
): Model {
  const model = modelFromJSON(artifacts.modelJson, options);
  loadWeightsInto(
    model,
    "weights" in artifacts ? artifacts.weights : (artifacts as ModelArtifacts),
  );
  return model;
}

/** Loads a model through an IO handler (`{ load() }`). */
export async function loadModel(handler: LoadHandler, options: LoadOptions = {}): Promise<Model> {
  return loadModelFromArtifacts(await handler.load(), options);
}
