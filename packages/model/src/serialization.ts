import type { Layer } from "@myelin/layers";
import type { OptimizerState } from "@myelin/optimizers";
import type { Registry, SerializedObject } from "@myelin/registry";
import {
  assign,
  type DType,
  formatShape,
  MyelinError,
  ShapeError,
  type Tensor,
  tensor,
  type TypedArray,
  ValueError,
  type Variable,
} from "@myelin/tensor-core";
import type { Model } from "./model.js";
import { PACKAGE_NAME, VERSION } from "./version.js";

/** One weight or optimizer slot with its values. */
export interface WeightEntry {
  /** `layer/weight` for model weights, `optimizer/...` for optimizer state. */
  name: string;
  shape: number[];
  dtype: DType;
  data: TypedArray;
}

/** Where a weight's bytes sit in `weightData`. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: DType;
  /** Byte offset in weightData (a multiple of 8). */
  offset: number;
  byteLength: number;
}

/** A manifest entry of {@link ModelJSON}. */
export interface WeightManifestEntry {
  name: string;
  shape: number[];
  dtype: DType;
  group: "model" | "optimizer";
  /** The owning layer, for model weights. */
  layer?: string;
}

/** The JSON description of a model: topology, training config, weight manifest. */
export interface ModelJSON {
  format: "myelin-model";
  formatVersion: 1;
  /** Package and version that wrote it. */
  generatedBy: string;
  modelClass: string;
  name: string;
  topology: Record<string, unknown>;
  trainingConfig: {
    optimizer: SerializedObject;
    loss: unknown[];
    metrics: unknown[][];
    lossWeights: number[];
  } | null;
  weightsManifest: WeightManifestEntry[];
}

/**
 * A saved model as files or storage hold it: the JSON, where each weight
 * sits, and the raw little-endian bytes of every weight and optimizer slot.
 */
export interface ModelArtifacts {
  modelJson: ModelJSON;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

/** Something that stores artifacts (a file writer, a browser store, a test double). */
export interface SaveHandler {
  save(artifacts: ModelArtifacts): unknown;
}

/** Something that reads artifacts back. */
export interface LoadHandler {
  load(): ModelArtifacts | Promise<ModelArtifacts>;
}

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/**
 * The registry form of a layer: `{ className, package, version, config }`.
 *
 * @throws MyelinError when the layer's class has no className of its own or is not registered.
 */
export function serializeLayer(layer: Layer, registry: Registry): SerializedObject {
  const ctor = layer.constructor as unknown as { className: string; name: string };
  if (!Object.prototype.hasOwnProperty.call(ctor, "className")) {
    throw new MyelinError(
      "unnamed_layer_class",
      `${layer.label}: its class ${ctor.name} has no static className of its own, so it cannot be saved.`,
      {
        hint: `Add \`static override className = "${ctor.name}";\` to the class and register it (kind "layer").`,
      },
    );
  }
  if (!registry.has("layer", layer.className)) {
    throw new MyelinError(
      "unregistered_layer",
      `${layer.label}: the layer type "${layer.className}" is not registered, so it cannot be saved.`,
      {
        hint:
          'Register it: registry.register({ kind: "layer", name, package, version, create }), ' +
          "or call registerLayers(registry) / setup() for the built-ins.",
      },
    );
  }
  const entry = registry.get("layer", layer.className);
  return {
    className: entry.name,
    package: entry.package,
    version: entry.version,
    config: layer.getConfig(),
  };
}

function uniqueLayers(model: Model): Layer[] {
  return [...new Set(model.layers)];
}

function slotEntries(model: Model): WeightEntry[] {
  const optimizer = model.optimizer;
  if (optimizer === null) {
    return [];
  }
  const state = optimizer.getState();
  const byName = new Map(model.weights.map((v) => [v.name, v]));
  const entries: WeightEntry[] = [
    {
      name: "optimizer/iterations",
      shape: [],
      dtype: "float64",
      data: Float64Array.of(state.iterations),
    },
  ];
  for (const [name, slots] of Object.entries(state.slots)) {
    slots.forEach((slot, i) => {
      const shape = byName.get(name)?.shape ?? [slot.length];
      const data = slot instanceof Float32Array ? Float32Array.from(slot) : Float64Array.from(slot);
      entries.push({
        name: `optimizer/${name}/${i}`,
        shape: [...shape],
        dtype: data instanceof Float32Array ? "float32" : "float64",
        data,
      });
    });
  }
  return entries;
}

/** @internal */
export function getWeightData(model: Model): WeightEntry[] {
  const weights = uniqueLayers(model).flatMap((layer) =>
    layer.weights.map((v) => ({
      name: v.name,
      shape: [...v.shape],
      dtype: v.dtype,
      data: v.data(),
    })),
  );
  return [...weights, ...slotEntries(model)];
}

/** @internal */
export function toModelJSON(model: Model): ModelJSON {
  const { modelClass, topology } = model.topologyJSON();
  const layerOf = new Map<Variable, string>();
  for (const layer of uniqueLayers(model)) {
    layer.weights.forEach((v) => layerOf.set(v, layer.name));
  }
  const manifest: WeightManifestEntry[] = [
    ...model.weights.map((v) => ({
      name: v.name,
      shape: [...v.shape],
      dtype: v.dtype,
      group: "model" as const,
      layer: layerOf.get(v)!,
    })),
    ...slotEntries(model).map((e) => ({
      name: e.name,
      shape: e.shape,
      dtype: e.dtype,
      group: "optimizer" as const,
    })),
  ];
  return {
    format: "myelin-model",
    formatVersion: 1,
    generatedBy: `${PACKAGE_NAME}@${VERSION}`,
    modelClass,
    name: model.name,
    topology,
    trainingConfig: model.trainingConfig === null ? null : structuredClone(model.trainingConfig),
    weightsManifest: manifest,
  };
}

/** Packs weight entries into one buffer with 8-byte aligned offsets. */
export function packWeights(entries: readonly WeightEntry[]): {
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
} {
  const specs: WeightSpec[] = [];
  let offset = 0;
  for (const e of entries) {
    const byteLength = e.data.length * BYTES[e.dtype];
    specs.push({ name: e.name, shape: [...e.shape], dtype: e.dtype, offset, byteLength });
    offset += Math.ceil(byteLength / 8) * 8;
  }
  const buffer = new ArrayBuffer(offset);
  const bytes = new Uint8Array(buffer);
  entries.forEach((e, i) => {
    bytes.set(
      new Uint8Array(e.data.buffer, e.data.byteOffset, specs[i]!.byteLength),
      specs[i]!.offset,
    );
  });
  return { weightSpecs: specs, weightData: buffer };
}

/**
 * Reads weight entries back from specs and bytes.
 *
 * @throws ValueError naming the weight whose bytes are missing or do not fit its shape.
 */
export function unpackWeights(specs: readonly WeightSpec[], data: ArrayBuffer): WeightEntry[] {
  return specs.map((spec) => {
    const size = spec.shape.reduce((n, d) => n * d, 1);
    const width = BYTES[spec.dtype];
    if (
      width === undefined ||
      spec.byteLength !== size * width ||
      spec.offset < 0 ||
      spec.offset + spec.byteLength > data.byteLength
    ) {
      throw new ValueError(
        "loadWeights",
        `weight ${spec.name} (${formatShape(spec.shape)}, ${spec.dtype}) claims bytes ` +
          `${spec.offset}..${spec.offset + spec.byteLength} of a ${data.byteLength}-byte buffer, ` +
          "which do not hold it",
        "The weight data is truncated or does not belong to this model file.",
      );
    }
    const bytes = data.slice(spec.offset, spec.offset + spec.byteLength);
    const values =
      spec.dtype === "float32"
        ? new Float32Array(bytes)
        : spec.dtype === "float64"
          ? new Float64Array(bytes)
          : spec.dtype === "int32"
            ? new Int32Array(bytes)
            : new Uint8Array(bytes);
    return { name: spec.name, shape: [...spec.shape], dtype: spec.dtype, data: values };
  });
}

/** @internal */
export function saveArtifacts(model: Model): ModelArtifacts {
  const { weightSpecs, weightData } = packWeights(getWeightData(model));
  return { modelJson: toModelJSON(model), weightSpecs, weightData };
}

function entriesOf(
  source: ModelArtifacts | { weights: readonly WeightEntry[] } | readonly WeightEntry[],
): WeightEntry[] {
  if (Array.isArray(source)) {
    return [...source];
  }
  if ("weights" in source) {
    return [...(source as { weights: readonly WeightEntry[] }).weights];
  }
  const artifacts = source as ModelArtifacts;
  return unpackWeights(artifacts.weightSpecs, artifacts.weightData);
}

function layerPart(name: string): string {
  const slash = name.lastIndexOf("/");
  return slash < 0 ? "" : name.slice(0, slash);
}

function shortPart(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/**
 * @internal Loads saved weights into a model. Saved weights are grouped by
 * layer; groups match the model's layers by name, or by position when the
 * names differ (a model rebuilt in the same process gets new names). Inside a
 * layer, weights match by their short name ("kernel"). Every problem is
 * reported at once, naming the layer.
 */
export function loadWeightsInto(
  model: Model,
  source: ModelArtifacts | { weights: readonly WeightEntry[] } | readonly WeightEntry[],
): void {
  const entries = entriesOf(source);
  const modelEntries = entries.filter((e) => !e.name.startsWith("optimizer/"));
  const slotEntries = entries.filter((e) => e.name.startsWith("optimizer/"));
  const groups = new Map<string, WeightEntry[]>();
  for (const e of modelEntries) {
    const key = layerPart(e.name);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const layers = uniqueLayers(model).filter((l) => l.weights.length > 0);
  const byName = layers.every((l) => groups.has(l.name));
  const savedGroups = [...groups.entries()];
  const problems: string[] = [];
  if (!byName && savedGroups.length !== layers.length) {
    const missing = layers.filter((l) => !groups.has(l.name)).map((l) => l.label);
    problems.push(
      `the saved weights cover ${savedGroups.length} layer(s) (${savedGroups.map(([k]) => k).join(", ") || "none"}) ` +
        `but the model has ${layers.length} with weights; no saved weights for ${missing.join(", ")}`,
    );
  }
  const plan: [Variable, WeightEntry][] = [];
  const renamed = new Map<string, string>();
  if (problems.length === 0) {
    layers.forEach((layer, i) => {
      const [groupName, saved] = byName ? [layer.name, groups.get(layer.name)!] : savedGroups[i]!;
      const used = new Set<WeightEntry>();
      for (const w of layer.weightEntries) {
        const match = saved.find((e) => shortPart(e.name) === w.shortName);
        if (match === undefined) {
          const names = saved.map((e) => shortPart(e.name)).join(", ");
          problems.push(
            `${layer.label}: no saved value for weight ${w.shortName} ` +
              `(saved layer ${groupName} has ${names})`,
          );
          continue;
        }
        used.add(match);
        const shape = w.variable.shape;
        if (match.shape.length !== shape.length || match.shape.some((d, k) => d !== shape[k])) {
          problems.push(
            `${layer.label}: weight ${w.shortName} is ${formatShape(shape)} in the model but ${formatShape(match.shape)} in the saved weights`,
          );
          continue;
        }
        if (match.data.length !== w.variable.size) {
          problems.push(
            `${layer.label}: weight ${w.shortName} has ${match.data.length} saved values for ${w.variable.size} entries`,
          );
          continue;
        }
        plan.push([w.variable, match]);
        renamed.set(match.name, w.variable.name);
      }
      const extra = saved.filter((e) => !used.has(e));
      if (extra.length > 0) {
        problems.push(
          `${layer.label}: the saved weights have ${extra.map((e) => e.name).join(", ")}, which the layer does not`,
        );
      }
    });
    if (byName) {
      const unknown = savedGroups.filter(([k]) => !layers.some((l) => l.name === k));
      if (unknown.length > 0) {
        problems.push(
          `the saved weights have layer(s) ${unknown.map(([k]) => k).join(", ")}, which the model does not`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new ShapeError(
      "loadWeights",
      {},
      problems,
      "Load weights saved from a model with the same layers and sizes.",
      "weights_mismatch",
    );
  }
  for (const [v, e] of plan) {
    assign(v, toTensor(e, v.dtype));
  }
  if (slotEntries.length > 0 && model.optimizer !== null) {
    model.optimizer.setState(optimizerState(slotEntries, renamed));
  }
}

function toTensor(entry: WeightEntry, dtype: DType): Tensor {
  const t = tensor(entry.data, entry.shape);
  return t.dtype === dtype
    ? t
    : tensor(
        dtype === "float64" ? Float64Array.from(entry.data) : Float32Array.from(entry.data),
        entry.shape,
      );
}

function optimizerState(
  entries: readonly WeightEntry[],
  renamed: ReadonlyMap<string, string>,
): OptimizerState {
  let iterations = 0;
  const slots: Record<string, (Float32Array | number[])[]> = {};
  for (const e of entries) {
    if (e.name === "optimizer/iterations") {
      iterations = Number(e.data[0]);
      continue;
    }
    const rest = e.name.slice("optimizer/".length);
    const slash = rest.lastIndexOf("/");
    const savedName = rest.slice(0, slash);
    const index = Number(rest.slice(slash + 1));
    const name = renamed.get(savedName) ?? savedName;
    const list = (slots[name] ??= []);
    list[index] = e.data instanceof Float32Array ? Float32Array.from(e.data) : Array.from(e.data);
  }
  return { iterations, slots } as OptimizerState;
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes.buffer;
}

/**
 * Artifacts as one JSON string (weights base64-encoded), for storage that
 * holds text. Every bit survives, NaN and infinities included.
 */
export function artifactsToJSON(artifacts: ModelArtifacts): string {
  return JSON.stringify({
    modelJson: artifacts.modelJson,
    weightSpecs: artifacts.weightSpecs,
    weightData: toBase64(artifacts.weightData),
  });
}

/**
 * Parses {@link artifactsToJSON} output.
 *
 * @throws ValueError when the text is not such a string.
 */
export function artifactsFromJSON(text: string): ModelArtifacts {
  let parsed: { modelJson?: ModelJSON; weightSpecs?: WeightSpec[]; weightData?: string };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (error) {
    throw new MyelinError("invalid_model_file", "artifactsFromJSON: the text is not valid JSON.", {
      cause: error,
    });
  }
  if (
    !parsed.modelJson ||
    !Array.isArray(parsed.weightSpecs) ||
    typeof parsed.weightData !== "string"
  ) {
    throw new ValueError(
      "artifactsFromJSON",
      "the JSON lacks modelJson, weightSpecs or weightData",
      "Pass text written by artifactsToJSON.",
    );
  }
  return {
    modelJson: parsed.modelJson,
    weightSpecs: parsed.weightSpecs,
    weightData: fromBase64(parsed.weightData),
  };
}
