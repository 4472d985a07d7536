import { decodeModel, parseModelDocument } from "../decode.js";
import { encodeModel } from "../encode.js";
import { ModelFileError } from "../errors.js";
import type { ModelArtifacts, ModelHandler, SaveResult } from "../format.js";

/** A handler that keeps the two files in memory, plus access to their contents. */
export interface MemoryHandler extends ModelHandler {
  /** The last saved `model.json` text and `weights.bin` bytes, if any. */
  readonly files: { json: string; weights: Uint8Array } | undefined;
}

/**
 * Saves the encoded files in memory and loads them back through the same checks
 * as any file. Useful for tests and for copying a model between handlers.
 *
 * @example
 * ```ts
 * const handler = memoryHandler();
 * await handler.save(artifacts);
 * const copy = await handler.load();
 * ```
 */
export function memoryHandler(name = "memory"): MemoryHandler {
  let files: { json: string; weights: Uint8Array } | undefined;
  return {
    get files() {
      return files;
    },
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const encoded = await encodeModel(artifacts, { location: name });
      files = { json: encoded.json, weights: encoded.weights };
      return {
        location: name,
        modelJsonBytes: new TextEncoder().encode(encoded.json).byteLength,
        weightBytes: encoded.weights.byteLength,
        sha256: encoded.document.weightsManifest.sha256,
      };
    },
    async load(): Promise<ModelArtifacts> {
      if (files === undefined) {
        throw new ModelFileError("missing_file", name, "no model has been saved here yet", {
          hint: "Call save(artifacts) first.",
        });
      }
      const document = parseModelDocument(files.json, `${name}/model.json`);
      return decodeModel(document, files.weights, `${name}/${document.weightsManifest.path}`);
    },
  };
}
