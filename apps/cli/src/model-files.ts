import { join } from "node:path";
import {
  type CheckpointState,
  type ModelArtifacts as FileArtifacts,
  MODEL_JSON_FILE,
  ModelFileError,
  type ModelMetadata,
  type Preprocessing,
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
import type { RunConfig } from "./run-config.js";

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

/** What goes into a model directory besides the model itself. */
export interface SaveExtras {
  config: RunConfig;
  preprocessor: Preprocessor;
  checkpoint: CheckpointState;
  metadata: Partial<ModelMetadata>;
}

/**
 * Writes the model, its preprocessing and the run's state into `dir` atomically
 * (see `fileSystemHandler`): a crash leaves either the previous save or this one.
 */
export async function saveModel(dir: string, model: Model, extras: SaveExtras): Promise<void> {
  const artifacts = model.saveArtifacts();
  const files: FileArtifacts = {
    modelJson: artifacts.modelJson,
    weightSpecs: artifacts.weightSpecs,
    weightData: artifacts.weightData,
    trainingConfig: extras.config as unknown as Record<string, unknown>,
    preprocessing: extras.preprocessor.toJSON() as Preprocessing,
    metadata: { myelinVersion: MYELIN_VERSION, ...extras.metadata },
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
 * @throws {RegistryError} when a layer's plugin is not registered.
 */
export async function openModel(dir: string, loaded?: FileArtifacts): Promise<SavedModel> {
  const files = loaded ?? (await fileSystemHandler(dir).load());
  const modelPath = join(dir, MODEL_JSON_FILE);
  if (files.preprocessing == null) {
    throw new ModelFileError("invalid_field", modelPath, "has no preprocessing section", {
      hint:
        "The CLI needs the feature names and scaler that `myelin train` saves; " +
        "retrain with it.",
    });
  }

  let model: Model;
  try {
    model = loadModelFromArtifacts(files as unknown as ModelArtifacts);
  } catch (cause) {
    if (cause instanceof RegistryError) {
      throw cause;
    }
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ModelFileError(
      "topology_mismatch",
      modelPath,
      `the model cannot be rebuilt from it: ${reason}`,
      {
        hint: "model.json was edited, or its topology and weights come from different models.",
        cause,
      },
    );
  }

  let preprocessor: Preprocessor;
  try {
    preprocessor = Preprocessor.fromJSON(files.preprocessing);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ModelFileError(
      "invalid_field",
      modelPath,
      `its preprocessing is invalid: ${reason}`,
      { cause },
    );
  }
  const outputs = model.outputShapes[0]?.at(-1);
  if (outputs !== preprocessor.outputs) {
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
