import { encodeModel } from "../encode.js";
import { ModelFileError } from "../errors.js";
import type { ModelHandler, SaveResult } from "../format.js";

/** Options of {@link downloadHandler}. */
export interface DownloadHandlerOptions {
  /** The page's document; defaults to the global one. */
  document?: Document;
}

/**
 * Saves a model as two browser downloads, `<prefix>.json` and
 * `<prefix>.weights.bin` (the manifest names the second). Put both files in one
 * folder to load them again, for example with `fetchHandler`. `load` throws
 * `not_supported`.
 *
 * @throws {ModelFileError} `not_supported` outside a browser page.
 * @example
 * ```ts
 * await downloadHandler("digits-mlp").save(artifacts);
 * ```
 */
export function downloadHandler(
  fileNamePrefix = "model",
  options: DownloadHandlerOptions = {},
): ModelHandler {
  const jsonName = `${fileNamePrefix}.json`;
  const weightsName = `${fileNamePrefix}.weights.bin`;
  return {
    async save(artifacts): Promise<SaveResult> {
      const page = options.document ?? (globalThis as { document?: Document }).document;
      if (page === undefined || typeof URL.createObjectURL !== "function") {
        throw new ModelFileError("not_supported", jsonName, "downloads need a browser page", {
          hint: "Use fileSystemHandler from @myelin/io/node in Node.",
        });
      }
      const encoded = await encodeModel(artifacts, {
        weightsPath: weightsName,
        location: jsonName,
      });
      const files: [string, Blob][] = [
        [weightsName, new Blob([encoded.weights], { type: "application/octet-stream" })],
        [jsonName, new Blob([encoded.json], { type: "application/json" })],
      ];
      for (const [name, blob] of files) {
        const url = URL.createObjectURL(blob);
        const link = page.createElement("a");
        link.download = name;
        link.href = url;
        link.click();
        // Revoking at once can cancel the download in some browsers; let it start first.
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }
      return {
        location: jsonName,
        modelJsonBytes: new TextEncoder().encode(encoded.json).byteLength,
        weightBytes: encoded.weights.byteLength,
        sha256: encoded.document.weightsManifest.sha256,
      };
    },
    async load(): Promise<never> {
      throw new ModelFileError("not_supported", jsonName, "downloadHandler only saves models", {
        hint: "Load the downloaded files with fetchHandler, or from IndexedDB.",
      });
    },
  };
}
