import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import { join } from "node:path";
import { decodeModel, parseModelDocument } from "../decode.js";
import { encodeModel } from "../encode.js";
import { ModelFileError, reasonOf } from "../errors.js";
import { makeDirectory } from "./make-directory.js";
import {
  MODEL_JSON_FILE,
  type ModelArtifacts,
  type ModelDocument,
  type ModelHandler,
  type SaveResult,
  WEIGHTS_FILE,
} from "../format.js";

/** The parts of `node:fs/promises` the handler uses; pass your own to inject failures. */
export type ModelFileSystem = Pick<
  typeof nodeFs,
  "copyFile" | "link" | "mkdir" | "open" | "readFile" | "readdir" | "rename" | "stat" | "unlink"
>;

/** Options of {@link fileSystemHandler}. */
export interface FileSystemHandlerOptions {
  /** The file system to use; defaults to `node:fs/promises`. */
  fs?: ModelFileSystem;
}

const STAGED_JSON = /^\.model\.json\.[0-9a-z-]+\.tmp$/;
const STALE_FILE = /^\.(model\.json|weights\.bin)\.[0-9a-z-]+\.(tmp|prev)$/;

/**
 * Saves and loads a model directory holding `model.json` and `weights.bin`.
 *
 * Saving is atomic. Both files are first written to temporary names in the same
 * directory and fsynced. Then `weights.bin` is renamed over the old one (a hard
 * link keeps the old bytes until the save succeeds), then `model.json`, which
 * commits the save, and the directory is fsynced after each rename. A failure
 * removes the temporaries and puts the old weights back, so the previous model
 * stays loadable. A crash between the two renames leaves the new `weights.bin`
 * beside the old `model.json`; loading then finds the new `model.json` still
 * staged (or the old weights kept aside) and returns a consistent model.
 * The next save removes such leftovers. One writer per directory at a time.
 *
 * The directory and its missing parents are created as by {@link makeDirectory}.
 *
 * @throws {ModelFileError} on save: `write_failed`, `invalid_artifacts`. On load:
 *   `missing_directory`, `missing_file`, `unreadable_file` and every check of the
 *   files (`invalid_json`, `wrong_format`, `unsupported_version`, `invalid_field`,
 *   `manifest_mismatch`, `truncated_weights`, `oversized_weights`, `checksum_mismatch`).
 * @example
 * ```ts
 * import { fileSystemHandler } from "@myelin/io/node";
 * await fileSystemHandler("runs/digits").save(artifacts);
 * const again = await fileSystemHandler("runs/digits").load();
 * ```
 */
export function fileSystemHandler(
  dir: string,
  options: FileSystemHandlerOptions = {},
): ModelHandler {
  const fs = options.fs ?? nodeFs;
  return {
    save: (artifacts) => saveDirectory(fs, dir, artifacts),
    load: () => loadDirectory(fs, dir),
  };
}

async function saveDirectory(
  fs: ModelFileSystem,
  dir: string,
  artifacts: ModelArtifacts,
): Promise<SaveResult> {
  const encoded = await encodeModel(artifacts, { location: dir, weightsPath: WEIGHTS_FILE });
  const modelPath = join(dir, MODEL_JSON_FILE);
  const weightsPath = join(dir, WEIGHTS_FILE);
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const stagedWeights = join(dir, `.${WEIGHTS_FILE}.${tag}.tmp`);
  const stagedJson = join(dir, `.${MODEL_JSON_FILE}.${tag}.tmp`);
  const keptWeights = join(dir, `.${WEIGHTS_FILE}.${tag}.prev`);
  const jsonBytes = new TextEncoder().encode(encoded.json);

  // Its errors already name the directory and the fix; nothing is written yet to undo.
  await makeDirectory(dir, { fs });
  let step = `write ${stagedWeights}`;
  let weightsReplaced = false;
  let keptOld = false;
  try {
    await writeSynced(fs, stagedWeights, encoded.weights);
    step = `write ${stagedJson}`;
    await writeSynced(fs, stagedJson, jsonBytes);

    step = `keep the old ${weightsPath} aside`;
    keptOld = await keepAside(fs, weightsPath, keptWeights);
    step = `rename ${stagedWeights} to ${weightsPath}`;
    await fs.rename(stagedWeights, weightsPath);
    weightsReplaced = true;
    await syncDirectory(fs, dir);
    step = `rename ${stagedJson} to ${modelPath}`;
    await fs.rename(stagedJson, modelPath);
    await syncDirectory(fs, dir);
  } catch (cause) {
    await rollBack(fs, { weightsReplaced, keptOld, keptWeights, weightsPath });
    await removeQuietly(fs, stagedWeights);
    await removeQuietly(fs, stagedJson);
    throw new ModelFileError("write_failed", dir, `could not ${step} (${reasonOf(cause)})`, {
      hint:
        "Check that the directory is writable and the disk has room; " +
        "the previous model, if any, is unchanged.",
      cause,
    });
  } finally {
    await removeQuietly(fs, keptWeights);
  }
  // Only after the commit: until then, an earlier crashed save's staged files may be
  // what keeps the directory loadable.
  await removeLeftovers(fs, dir);

  return {
    location: dir,
    modelJsonBytes: jsonBytes.byteLength,
    weightBytes: encoded.weights.byteLength,
    sha256: encoded.document.weightsManifest.sha256,
  };
}

async function writeSynced(fs: ModelFileSystem, path: string, data: Uint8Array): Promise<void> {
  const handle = await fs.open(path, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Hard-links the current weights to `kept`; false when there are none. */
async function keepAside(fs: ModelFileSystem, weightsPath: string, kept: string): Promise<boolean> {
  try {
    await fs.link(weightsPath, kept);
    return true;
  } catch (error) {
    if (errorCode(error) === "ENOENT") {
      return false;
    }
    // Some file systems have no hard links; a copy keeps the old bytes just as well.
    await fs.copyFile(weightsPath, kept);
    return true;
  }
}

async function rollBack(
  fs: ModelFileSystem,
  state: { weightsReplaced: boolean; keptOld: boolean; keptWeights: string; weightsPath: string },
): Promise<void> {
  if (!state.weightsReplaced) {
    return;
  }
  try {
    if (state.keptOld) {
      await fs.rename(state.keptWeights, state.weightsPath);
    } else {
      await fs.unlink(state.weightsPath);
    }
  } catch {
    // The load-time recovery still finds the kept weights if this fails too.
  }
}

async function syncDirectory(fs: ModelFileSystem, dir: string): Promise<void> {
  let handle: nodeFs.FileHandle;
  try {
    handle = await fs.open(dir, "r");
  } catch (error) {
    // Windows cannot open a directory; its renames are durable without this step.
    if (process.platform === "win32") {
      return;
    }
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeLeftovers(fs: ModelFileSystem, dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (STALE_FILE.test(name)) {
      await removeQuietly(fs, join(dir, name));
    }
  }
}

async function removeQuietly(fs: ModelFileSystem, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch {
    // Already gone, or never written.
  }
}

async function loadDirectory(fs: ModelFileSystem, dir: string): Promise<ModelArtifacts> {
  await checkDirectory(fs, dir);
  const modelPath = join(dir, MODEL_JSON_FILE);
  const text = new TextDecoder().decode(await readFileChecked(fs, modelPath, "model.json"));
  const document = parseModelDocument(text, modelPath);
  const weightsPath = join(dir, document.weightsManifest.path);
  const bytes = await readFileChecked(fs, weightsPath, "weights");
  try {
    return await decodeModel(document, bytes, weightsPath);
  } catch (error) {
    const recovered = await recoverInterruptedSave(fs, dir, document, bytes);
    if (recovered !== undefined) {
      return recovered;
    }
    throw error;
  }
}

async function checkDirectory(fs: ModelFileSystem, dir: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(dir)).isDirectory();
  } catch (cause) {
    const missing = errorCode(cause) === "ENOENT";
    throw new ModelFileError(
      missing ? "missing_directory" : "unreadable_file",
      dir,
      missing ? "no such model directory" : `cannot be read (${reasonOf(cause)})`,
      {
        hint:
          "Pass the directory a save or `myelin train --out` wrote " +
          "(it holds model.json and weights.bin).",
        cause,
      },
    );
  }
  if (!isDirectory) {
    throw new ModelFileError("missing_directory", dir, "is a file, not a model directory", {
      hint: "Pass the directory that holds model.json and weights.bin.",
    });
  }
}

async function readFileChecked(
  fs: ModelFileSystem,
  path: string,
  what: string,
): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (cause) {
    const missing = errorCode(cause) === "ENOENT";
    throw new ModelFileError(
      missing ? "missing_file" : "unreadable_file",
      path,
      missing ? `the ${what} file is missing` : `cannot be read (${reasonOf(cause)})`,
      {
        hint: missing
          ? "A model directory needs both model.json and weights.bin; copy it again or retrain."
          : "Check the file's permissions.",
        cause,
      },
    );
  }
}

/**
 * After a crash between the two renames of a save, either a complete new
 * `model.json` is still staged (matching the new weights) or the old weights are
 * still kept aside (matching the old `model.json`). Returns whichever is whole.
 */
async function recoverInterruptedSave(
  fs: ModelFileSystem,
  dir: string,
  document: ModelDocument,
  bytes: Uint8Array,
): Promise<ModelArtifacts | undefined> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return undefined;
  }
  const modelPath = join(dir, MODEL_JSON_FILE);
  for (const name of names
    .filter((n) => STAGED_JSON.test(n))
    .sort()
    .reverse()) {
    try {
      const staged = parseModelDocument(
        new TextDecoder().decode(await fs.readFile(join(dir, name))),
        modelPath,
      );
      return await decodeModel(staged, bytes, join(dir, staged.weightsManifest.path));
    } catch {
      // Not a whole staged save; try the next candidate.
    }
  }
  for (const name of names.filter(
    (n) => n.startsWith(`.${WEIGHTS_FILE}.`) && n.endsWith(".prev"),
  )) {
    try {
      const kept = new Uint8Array(await fs.readFile(join(dir, name)));
      return await decodeModel(document, kept, join(dir, name));
    } catch {
      // Not the weights this model.json describes.
    }
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
