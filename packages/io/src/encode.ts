import { elementCount, sha256Hex } from "./bytes.js";
import { ModelFileError } from "./errors.js";
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelArtifacts,
  type ModelDocument,
  type ModelMetadata,
  WEIGHT_DTYPE_BYTES,
  WEIGHTS_FILE,
  type WeightSpec,
} from "./format.js";
import { VERSION } from "./version.js";

/** The two files of a model, ready to be written. */
export interface EncodedModel {
  document: ModelDocument;
  /** `model.json` text (pretty-printed, newline at the end). */
  json: string;
  /** `weights.bin` bytes, in `weightSpecs` order with no gaps. */
  weights: Uint8Array<ArrayBuffer>;
}

/** Options of {@link encodeModel}. */
export interface EncodeOptions {
  /** Name of the weights file written into the manifest. Default `weights.bin`. */
  weightsPath?: string;
  /** Where the model is going, for error messages. */
  location?: string;
}

/**
 * Turns artifacts into the text of `model.json` and the bytes of `weights.bin`.
 * Weights are repacked in `weightSpecs` order with no gaps. Numbers in JSON keep
 * full precision (`JSON.stringify` round-trips doubles).
 *
 * @throws {ModelFileError} `invalid_artifacts` when a weight spec disagrees with
 *   `weightData` or names repeat.
 * @example
 * ```ts
 * const weightData = new Float32Array([1, 2]).buffer;
 * const weightSpecs = [{ name: "w", shape: [2], dtype: "float32", offset: 0, byteLength: 8 }];
 * const { json, weights } = await encodeModel({ modelJson: {}, weightSpecs, weightData });
 * ```
 */
export async function encodeModel(
  artifacts: ModelArtifacts,
  options: EncodeOptions = {},
): Promise<EncodedModel> {
  const location = options.location ?? "model";
  checkArtifacts(artifacts, location);

  const chunks: Uint8Array[] = [];
  let offset = 0;
  const weights: WeightSpec[] = artifacts.weightSpecs.map((spec) => {
    const bytes = new Uint8Array(artifacts.weightData, spec.offset, spec.byteLength);
    chunks.push(bytes);
    const { name, dtype, byteLength } = spec;
    const placed = { name, shape: [...spec.shape], dtype, offset, byteLength };
    offset += spec.byteLength;
    return placed;
  });

  const data = concat(chunks, offset);
  const document: ModelDocument = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    modelTopology: artifacts.modelJson,
    trainingConfig: artifacts.trainingConfig ?? null,
    preprocessing: artifacts.preprocessing ?? null,
    metadata: fillMetadata(artifacts.metadata),
    checkpoint: artifacts.checkpoint ?? null,
    weightsManifest: {
      path: options.weightsPath ?? WEIGHTS_FILE,
      byteLength: data.byteLength,
      sha256: await sha256Hex(data),
      byteOrder: "little-endian",
      weights,
    },
  };
  return { document, json: `${JSON.stringify(document, null, 2)}\n`, weights: data };
}

function fillMetadata(metadata: Partial<ModelMetadata> | null | undefined): ModelMetadata {
  return {
    ...metadata,
    createdAt: metadata?.createdAt ?? new Date().toISOString(),
    myelinVersion: metadata?.myelinVersion ?? VERSION,
  };
}

function checkArtifacts(artifacts: ModelArtifacts, location: string): void {
  const problems: string[] = [];
  const { modelJson, weightSpecs, weightData } = artifacts;
  if (typeof modelJson !== "object" || modelJson === null || Array.isArray(modelJson)) {
    problems.push("modelJson must be an object (the model's toJSON())");
  }
  if (!(weightData instanceof ArrayBuffer)) {
    problems.push("weightData must be an ArrayBuffer");
  }
  if (!Array.isArray(weightSpecs)) {
    problems.push("weightSpecs must be an array");
  }
  if (problems.length === 0) {
    problems.push(...specProblems(weightSpecs, weightData.byteLength));
  }
  if (problems.length > 0) {
    throw new ModelFileError("invalid_artifacts", location, numbered(problems), {
      hint: "Pass the artifacts a model produced (toJSON, its weight specs and getWeightData).",
    });
  }
}

function specProblems(specs: readonly WeightSpec[], available: number): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    const label = `weight ${i} ("${spec?.name}")`;
    if (typeof spec?.name !== "string" || spec.name === "") {
      problems.push(`weight ${i} has no name`);
    } else if (seen.has(spec.name)) {
      problems.push(`${label} repeats a name`);
    }
    seen.add(spec?.name);
    const bytes = WEIGHT_DTYPE_BYTES[spec?.dtype];
    const shapeOk =
      Array.isArray(spec?.shape) && spec.shape.every((d) => Number.isInteger(d) && d >= 0);
    if (bytes === undefined) {
      problems.push(
        `${label} has dtype ${JSON.stringify(spec?.dtype)}; use float32, int32, float64 or bool`,
      );
    } else if (!shapeOk) {
      problems.push(`${label} has shape ${JSON.stringify(spec?.shape)}; use non-negative integers`);
    } else if (spec.byteLength !== elementCount(spec.shape) * bytes) {
      const expected = elementCount(spec.shape) * bytes;
      problems.push(
        `${label} is ${spec.byteLength} bytes, but its shape and dtype need ${expected}`,
      );
    }
    const end = spec?.offset + spec?.byteLength;
    if (!Number.isInteger(spec?.offset) || spec.offset < 0 || !(end <= available)) {
      problems.push(
        `${label} at offset ${spec?.offset} runs past the ${available} bytes of weightData`,
      );
    }
  });
  return problems;
}

/** Joins reasons, numbering them when there are several. */
export function numbered(problems: readonly string[], max = 8): string {
  const shown = problems.slice(0, max);
  const rest = problems.length - shown.length;
  const more = rest > 0 ? `; and ${rest} more` : "";
  return shown.length === 1
    ? shown[0]!
    : `${shown.map((problem, i) => `(${i + 1}) ${problem}`).join("; ")}${more}`;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
