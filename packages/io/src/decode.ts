import { elementCount, sha256Hex } from "./bytes.js";
import { numbered } from "./encode.js";
import { ModelFileError, reasonOf } from "./errors.js";
import { checkWeightsMatch, type ExpectedWeight } from "./topology.js";
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelArtifacts,
  type ModelDocument,
  WEIGHT_DTYPE_BYTES,
  type WeightSpec,
  type WeightsManifest,
} from "./format.js";

type Json = Record<string, unknown>;

const INVALID_HINT =
  "The file was edited or written by other software; save the model again with Myelin.";

/**
 * Parses and checks the text of `model.json`: the format name and version, every
 * field's type, and that the weights manifest is self-consistent (each entry's
 * size matches its shape and dtype, entries tile the file with no gap or overlap),
 * and that the weights the topology lists (if it lists them) are the stored ones.
 * All problems found are reported together.
 *
 * @param text the file's contents
 * @param path the file's path or URL, for messages
 * @throws {ModelFileError} `invalid_json`, `wrong_format`, `unsupported_version`,
 *   `invalid_field`, `manifest_mismatch` or `topology_mismatch`.
 * @example
 * ```ts
 * const document = parseModelDocument(await readFile("m/model.json", "utf8"), "m/model.json");
 * document.weightsManifest.weights.map((w) => w.name);
 * ```
 */
export function parseModelDocument(text: string, path: string): ModelDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ModelFileError("invalid_json", path, `is not valid JSON (${reasonOf(cause)})`, {
      hint: "The file is damaged or was cut short; save the model again.",
      cause,
    });
  }
  if (!isObject(parsed)) {
    throw notAModel(path, `holds ${describe(parsed)} instead of an object`);
  }
  checkFormat(parsed, path);

  const problems: string[] = [];
  const check = new Checker(problems);
  check.object(parsed, "modelTopology");
  check.optionalObject(parsed, "trainingConfig");
  checkPreprocessing(parsed.preprocessing, check);
  checkMetadata(parsed.metadata, check);
  checkCheckpoint(parsed.checkpoint, check);
  const manifestShapeOk = checkManifestFields(parsed.weightsManifest, check);
  if (problems.length > 0) {
    throw new ModelFileError("invalid_field", path, numbered(problems), { hint: INVALID_HINT });
  }

  const document = parsed as unknown as ModelDocument;
  document.trainingConfig ??= null;
  document.preprocessing ??= null;
  document.checkpoint ??= null;
  if (manifestShapeOk) {
    checkManifestLayout(document, path);
    checkTopologyWeights(document, path);
  }
  return document;
}

/**
 * Checks `weights.bin` against a parsed document (size, then SHA-256) and builds
 * the artifacts. Nothing is returned unless every check passes.
 *
 * @param document from {@link parseModelDocument}
 * @param bytes the contents of the weights file
 * @param weightsPath the weights file's path or URL, for messages
 * @throws {ModelFileError} `truncated_weights`, `oversized_weights` or
 *   `checksum_mismatch`.
 */
export async function decodeModel(
  document: ModelDocument,
  bytes: Uint8Array,
  weightsPath: string,
): Promise<ModelArtifacts> {
  const manifest = document.weightsManifest;
  await checkWeightBytes(manifest, bytes, weightsPath);

  return {
    modelJson: document.modelTopology,
    weightSpecs: manifest.weights.map((spec) => ({ ...spec, shape: [...spec.shape] })),
    weightData: bytes.slice().buffer,
    trainingConfig: document.trainingConfig,
    preprocessing: document.preprocessing,
    metadata: document.metadata,
    checkpoint: document.checkpoint,
  };
}

/**
 * Whether `bytes` is the weights file `manifest` describes: the right size and
 * SHA-256.
 *
 * @throws {ModelFileError} `truncated_weights`, `oversized_weights`, `checksum_mismatch`.
 */
export async function checkWeightBytes(
  manifest: WeightsManifest,
  bytes: Uint8Array,
  weightsPath: string,
): Promise<void> {
  const expected = manifest.byteLength;
  if (bytes.byteLength < expected) {
    throw new ModelFileError(
      "truncated_weights",
      weightsPath,
      `is ${bytes.byteLength} bytes, but model.json lists ${expected}; the file was cut short`,
      { hint: "Copy the model directory again, or retrain and save it." },
    );
  }
  if (bytes.byteLength > expected) {
    throw new ModelFileError(
      "oversized_weights",
      weightsPath,
      `is ${bytes.byteLength} bytes, but model.json lists ${expected}; ` +
        "it belongs to another model or was appended to",
      { hint: "Keep model.json and weights.bin from the same save together." },
    );
  }
  const actual = await sha256Hex(bytes);
  if (actual !== manifest.sha256) {
    throw new ModelFileError(
      "checksum_mismatch",
      weightsPath,
      `has SHA-256 ${actual}, but model.json expects ${manifest.sha256}; ` +
        "the weights are corrupted or from another save",
      { hint: "Copy the model directory again, or retrain and save it." },
    );
  }
}

function checkFormat(parsed: Json, path: string): void {
  if (parsed.format !== MODEL_FORMAT) {
    const found =
      parsed.format === undefined ? "no format field" : `format ${JSON.stringify(parsed.format)}`;
    throw notAModel(path, `has ${found}; a Myelin model file has format "${MODEL_FORMAT}"`);
  }
  const version = parsed.formatVersion;
  if (version === MODEL_FORMAT_VERSION) {
    return;
  }
  const newer = typeof version === "number" && version > MODEL_FORMAT_VERSION;
  throw new ModelFileError(
    "unsupported_version",
    path,
    `has formatVersion ${JSON.stringify(
      version,
    )}, but this Myelin reads formatVersion ${MODEL_FORMAT_VERSION}`,
    {
      hint: newer
        ? "It was written by a newer Myelin; upgrade @myelin/io to load it."
        : "Save the model again with this version of Myelin.",
    },
  );
}

function notAModel(path: string, detail: string): ModelFileError {
  return new ModelFileError("wrong_format", path, detail, {
    hint: "Point at a directory saved by Myelin (it holds model.json and weights.bin).",
  });
}

/** Collects field problems as readable sentences. */
class Checker {
  constructor(readonly problems: string[]) {}

  fail(field: string, expected: string, value: unknown): false {
    this.problems.push(`${field} must be ${expected}, found ${describe(value)}`);
    return false;
  }

  object(parent: Json, key: string, prefix = ""): boolean {
    const value = parent[key];
    return isObject(value) || this.fail(prefix + key, "an object", value);
  }

  optionalObject(parent: Json, key: string, prefix = ""): boolean {
    const value = parent[key];
    return value == null || isObject(value) || this.fail(prefix + key, "an object or null", value);
  }

  string(parent: Json, key: string, prefix = "", optional = false): boolean {
    const value = parent[key];
    if (optional && value == null) {
      return true;
    }
    return typeof value === "string" || this.fail(prefix + key, "a string", value);
  }

  integer(parent: Json, key: string, prefix = "", min = 0): boolean {
    const value = parent[key];
    const ok = Number.isInteger(value) && (value as number) >= min;
    const expected = min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
    return ok || this.fail(prefix + key, expected, value);
  }

  strings(parent: Json, key: string, prefix = "", optional = false): boolean {
    const value = parent[key];
    if (optional && value == null) {
      return true;
    }
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      return this.fail(prefix + key, "an array of strings", value);
    }
    const repeated = value.find((item, i) => value.indexOf(item) !== i);
    if (repeated !== undefined) {
      this.problems.push(`${prefix}${key} lists ${JSON.stringify(repeated)} twice`);
      return false;
    }
    return true;
  }
}

function checkPreprocessing(value: unknown, check: Checker): void {
  if (value == null) {
    return;
  }
  if (!isObject(value)) {
    check.fail("preprocessing", "an object or null", value);
    return;
  }
  const prefix = "preprocessing.";
  check.strings(value, "featureNames", prefix);
  check.string(value, "targetName", prefix, true);
  const task = value.task;
  if (task != null && task !== "classification" && task !== "regression") {
    check.fail(`${prefix}task`, '"classification", "regression" or null', task);
  }
  check.strings(value, "classes", prefix, true);
  const scaler = value.scaler;
  if (scaler != null && !(isObject(scaler) && typeof scaler.kind === "string")) {
    check.fail(`${prefix}scaler`, "null or an object with a kind", scaler);
  }
}

function checkMetadata(value: unknown, check: Checker): void {
  if (!isObject(value)) {
    check.fail("metadata", "an object", value);
    return;
  }
  check.string(value, "createdAt", "metadata.");
  check.string(value, "myelinVersion", "metadata.");
  const metrics = value.metrics;
  // JSON has no NaN or Infinity: JSON.stringify writes them as null.
  const numeric =
    metrics == null ||
    (isObject(metrics) && Object.values(metrics).every((m) => m === null || typeof m === "number"));
  if (!numeric) {
    check.fail("metadata.metrics", "an object of numbers (or nulls) or null", metrics);
  }
}

function checkCheckpoint(value: unknown, check: Checker): void {
  if (value == null) {
    return;
  }
  if (!isObject(value)) {
    check.fail("checkpoint", "an object or null", value);
    return;
  }
  const prefix = "checkpoint.";
  check.integer(value, "epoch", prefix);
  if (!Number.isInteger(value.seed)) {
    check.fail(`${prefix}seed`, "an integer", value.seed);
  }
  if (typeof value.complete !== "boolean") {
    check.fail(`${prefix}complete`, "true or false", value.complete);
  }
  check.optionalObject(value, "state", prefix);
}

/** Checks the manifest's field types; true when its layout can be checked next. */
function checkManifestFields(value: unknown, check: Checker): boolean {
  if (!isObject(value)) {
    return check.fail("weightsManifest", "an object", value);
  }
  const prefix = "weightsManifest.";
  let ok = true;
  const path = value.path;
  if (typeof path !== "string" || path === "" || /[/\\]/.test(path) || path.startsWith(".")) {
    ok = check.fail(`${prefix}path`, 'a plain file name such as "weights.bin"', path);
  }
  ok = check.integer(value, "byteLength", prefix) && ok;
  const sha = value.sha256;
  if (typeof sha !== "string" || !/^[0-9a-f]{64}$/.test(sha)) {
    ok = check.fail(`${prefix}sha256`, "64 lowercase hex digits", sha);
  }
  if (value.byteOrder !== "little-endian") {
    ok = check.fail(`${prefix}byteOrder`, '"little-endian"', value.byteOrder);
  }
  ok = checkSpecList(value.weights, `${prefix}weights`, check) && ok;
  return ok;
}

function checkSpecList(value: unknown, field: string, check: Checker): boolean {
  if (!Array.isArray(value)) {
    return check.fail(field, "an array", value);
  }
  let ok = true;
  value.forEach((spec: unknown, i) => {
    const prefix = `${field}[${i}].`;
    if (!isObject(spec)) {
      ok = check.fail(`${field}[${i}]`, "an object", spec);
      return;
    }
    if (typeof spec.name !== "string" || spec.name === "") {
      ok = check.fail(`${prefix}name`, "a non-empty string", spec.name);
    }
    const shape = spec.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      ok = check.fail(`${prefix}shape`, "an array of non-negative integers", shape);
    }
    if (typeof spec.dtype !== "string" || !(spec.dtype in WEIGHT_DTYPE_BYTES)) {
      ok = check.fail(`${prefix}dtype`, '"float32", "int32", "float64" or "bool"', spec.dtype);
    }
    ok = check.integer(spec, "offset", prefix) && ok;
    ok = check.integer(spec, "byteLength", prefix) && ok;
  });
  return ok;
}

/** Sizes against shapes, and offsets against each other and the file size. */
function checkManifestLayout(document: ModelDocument, path: string): void {
  const manifest = document.weightsManifest;
  const problems: string[] = [];
  const entries = manifest.weights.map((spec): [string, WeightSpec] => [
    `weight "${spec.name}"`,
    spec,
  ]);

  let expectedOffset = 0;
  for (const [label, spec] of entries) {
    const needed = elementCount(spec.shape) * WEIGHT_DTYPE_BYTES[spec.dtype];
    if (spec.byteLength !== needed) {
      problems.push(
        `${label} has shape [${spec.shape.join(", ")}] of ${
          spec.dtype
        } (${needed} bytes) but byteLength ${spec.byteLength}`,
      );
    }
    if (spec.offset !== expectedOffset) {
      problems.push(
        `${label} starts at byte ${spec.offset}, but the previous entry ends at ${expectedOffset}`,
      );
    }
    expectedOffset = spec.offset + spec.byteLength;
  }
  if (expectedOffset !== manifest.byteLength) {
    problems.push(
      `the entries end at byte ${expectedOffset}, but byteLength is ${manifest.byteLength}`,
    );
  }
  problems.push(...duplicateNames(manifest.weights));
  if (problems.length > 0) {
    throw new ModelFileError("manifest_mismatch", path, `weightsManifest: ${numbered(problems)}`, {
      hint: INVALID_HINT,
    });
  }
}

/**
 * A topology that lists its own weights (the model's `toJSON()` does) must list
 * exactly the stored ones, with the same shapes and dtypes.
 */
function checkTopologyWeights(document: ModelDocument, path: string): void {
  const listed = (document.modelTopology as { weightsManifest?: unknown }).weightsManifest;
  if (listed === undefined) {
    return;
  }
  const valid =
    Array.isArray(listed) &&
    listed.every(
      (entry) =>
        isObject(entry) &&
        typeof entry.name === "string" &&
        Array.isArray(entry.shape) &&
        (entry.dtype === undefined || typeof entry.dtype === "string"),
    );
  if (!valid) {
    throw new ModelFileError(
      "invalid_field",
      path,
      "modelTopology.weightsManifest must be a list of { name, shape, dtype }",
      { hint: INVALID_HINT },
    );
  }
  checkWeightsMatch(listed as ExpectedWeight[], document.weightsManifest.weights, path);
}

function duplicateNames(specs: readonly WeightSpec[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const spec of specs) {
    if (seen.has(spec.name)) {
      problems.push(`weight "${spec.name}" is listed twice`);
    }
    seen.add(spec.name);
  }
  return problems;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) {
    return "nothing";
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
