import { join } from "node:path";
import {
  type CheckpointState,
  type ModelArtifacts as FileArtifacts,
  MODEL_JSON_FILE,
  ModelFileError,
  type ModelMetadata,
  type Preprocessing,
  sha256Hex,
} from "@myelin/io";
import { fileSystemHandler } from "@myelin/io/node";
import {
  loadModelFromArtifacts,
  type Model,
  type ModelArtifacts,
  RegistryError,
  VERSION as MYELIN_VERSION,
} from "./myelin.js";
import { Preprocessor } from "./data-prep.js";
import { CliError, messageBody } from "./errors.js";
import type { LayerSpec } from "./model-spec.js";
import type { RunConfig } from "./run-config.js";
import { checkLayerNames, fileLayers } from "./spec-check.js";

/** What a saved model directory holds, loaded and checked. */
export interface SavedModel {
  dir: string;
  model: Model;
  preprocessor: Preprocessor;
  /** The run that trained it, when `myelin train` wrote it. */
  config: RunConfig | null;
  checkpoint: CheckpointState | null;
  metadata: ModelMetadata;
}

/** A saved model that may lack the preprocessing `myelin train` adds. */
export type InspectedModel = Omit<SavedModel, "preprocessor"> & {
  preprocessor: Preprocessor | null;
};

/** What goes into a model directory besides the model itself. */
export interface SaveExtras {
  config: RunConfig;
  preprocessor: Preprocessor;
  checkpoint: CheckpointState;
  metadata: Partial<ModelMetadata>;
}

/**
 * Metadata key of the preprocessing section's SHA-256: the weights only work
 * with the feature names, classes and scaler they were trained with, so an
 * edit of that section is reported as a damaged model file.
 */
const PREPROCESSING_SHA256 = "preprocessingSha256";

/**
 * Writes the model, its preprocessing and the run's state into `dir` atomically
 * (see `fileSystemHandler`): a crash leaves either the previous save or this one.
 */
export async function saveModel(dir: string, model: Model, extras: SaveExtras): Promise<void> {
  const artifacts = model.saveArtifacts();
  const preprocessing = extras.preprocessor.toJSON() as Preprocessing;
  const files: FileArtifacts = {
    modelJson: artifacts.modelJson,
    weightSpecs: artifacts.weightSpecs,
    weightData: artifacts.weightData,
    trainingConfig: extras.config as unknown as Record<string, unknown>,
    preprocessing,
    metadata: {
      myelinVersion: MYELIN_VERSION,
      ...extras.metadata,
      [PREPROCESSING_SHA256]: await preprocessingHash(preprocessing),
    },
    checkpoint: extras.checkpoint,
  };
  await fileSystemHandler(dir).save(files);
}

/**
 * Loads a model directory: every file check of `@myelin/io`, then the model is
 * rebuilt and its weights (and optimizer state) set. A model whose topology does
 * not fit its weights is reported as a {@link ModelFileError}, never half-loaded.
 * Pass `loaded` when the files were already read.
 *
 * @throws {ModelFileError} for missing, damaged or inconsistent files.
 * @throws {CliError} `unknown_name` when model.json names a layer or activation
 *   that is not registered.
 */
export async function openModel(dir: string, loaded?: FileArtifacts): Promise<SavedModel> {
  const files = loaded ?? (await fileSystemHandler(dir).load());
  if (files.preprocessing == null) {
    const modelPath = join(dir, MODEL_JSON_FILE);
    throw new ModelFileError("invalid_field", modelPath, "has no preprocessing section", {
      hint:
        "evaluate and predict need the feature names and scaler that `myelin train` saves; " +
        "retrain with it (`myelin summary` still shows the layers).",
    });
  }
  const saved = await rebuild(dir, files);
  return { ...saved, preprocessor: saved.preprocessor! };
}

/**
 * Like {@link openModel}, but a model saved by the library without a
 * preprocessing section loads too, for `myelin summary`.
 */
export async function inspectModel(dir: string): Promise<InspectedModel> {
  return rebuild(dir, await fileSystemHandler(dir).load());
}

async function rebuild(dir: string, files: FileArtifacts): Promise<InspectedModel> {
  const modelPath = join(dir, MODEL_JSON_FILE);
  checkTopologyNames(files.modelJson, modelPath);
  let model: Model;
  try {
    model = loadModelFromArtifacts(files as unknown as ModelArtifacts);
  } catch (cause) {
    if (cause instanceof RegistryError) {
      throw new CliError("unknown_name", `${modelPath}: ${messageBody(cause)}.`, EDITED_HINT, {
        cause,
      });
    }
    throw new ModelFileError(
      "topology_mismatch",
      modelPath,
      `the model cannot be rebuilt from it: ${messageBody(cause)}`,
      {
        hint: "model.json was edited, or its topology and weights come from different models.",
        cause,
      },
    );
  }

  const preprocessor =
    files.preprocessing == null ? null : await readPreprocessing(files, modelPath);
  const outputs = model.outputShapes[0]?.at(-1);
  if (preprocessor !== null && outputs !== preprocessor.outputs) {
    throw new ModelFileError(
      "topology_mismatch",
      modelPath,
      `the model has ${outputs} outputs, but its preprocessing lists ` +
        `${preprocessor.outputs} (${preprocessor.task})`,
      { hint: "model.json was edited; retrain and save the model again." },
    );
  }
  return {
    dir,
    model,
    preprocessor,
    config: (files.trainingConfig as RunConfig | null | undefined) ?? null,
    checkpoint: files.checkpoint ?? null,
    metadata: files.metadata as ModelMetadata,
  };
}

const EDITED_HINT =
  "model.json was edited or damaged; restore it from a backup, or retrain with `myelin train`.";

/** Checks the preprocessing section against its saved checksum, then reads it. */
async function readPreprocessing(files: FileArtifacts, modelPath: string): Promise<Preprocessor> {
  const preprocessing = files.preprocessing!;
  const expected = files.metadata?.[PREPROCESSING_SHA256];
  if (typeof expected === "string") {
    const found = await preprocessingHash(preprocessing);
    if (found !== expected) {
      throw new ModelFileError(
        "checksum_mismatch",
        modelPath,
        "its preprocessing section (feature names, classes, scaler) was changed after the " +
          `model was saved: SHA-256 ${found}, expected ${expected}`,
        {
          hint:
            "The weights only work with the preprocessing they were trained with: restore " +
            "model.json from a backup or retrain. To use other column names, rename the " +
            "columns of your CSV instead.",
        },
      );
    }
  }
  try {
    return Preprocessor.fromJSON(preprocessing);
  } catch (cause) {
    throw new ModelFileError(
      "invalid_field",
      modelPath,
      `its preprocessing is invalid: ${messageBody(cause)}`,
      { hint: EDITED_HINT, cause },
    );
  }
}

/** Checks the layer and activation names of a saved topology before rebuilding it. */
function checkTopologyNames(modelJson: object, modelPath: string): void {
  const layers = (modelJson as { topology?: { layers?: unknown } }).topology?.layers;
  if (!Array.isArray(layers)) {
    return;
  }
  const indices: number[] = [];
  const specs: LayerSpec[] = [];
  layers.forEach((layer: unknown, i) => {
    const entry = layer as { className?: unknown; config?: unknown } | null;
    if (typeof entry?.className === "string" && typeof entry.config === "object") {
      indices.push(i);
      specs.push(entry as LayerSpec);
    }
  });
  // The topology sits in model.json under modelTopology; name layers by that path.
  const source = fileLayers(modelPath, "modelTopology.topology.layers", layers.length, indices);
  try {
    checkLayerNames(specs, source);
  } catch (error) {
    if (error instanceof CliError) {
      throw new CliError(error.code, `${error.message} ${EDITED_HINT}`);
    }
    throw error;
  }
}

/** SHA-256 of the preprocessing section; keys are sorted, so their order in the file is free. */
async function preprocessingHash(preprocessing: Preprocessing): Promise<string> {
  return sha256Hex(new TextEncoder().encode(stableJson(preprocessing)));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
