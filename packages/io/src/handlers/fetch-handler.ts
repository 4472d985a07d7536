import { decodeModel, parseModelDocument } from "../decode.js";
import { ModelFileError, reasonOf } from "../errors.js";
import { MODEL_JSON_FILE, type ModelArtifacts, type ModelHandler } from "../format.js";

/** Options of {@link fetchHandler}. */
export interface FetchHandlerOptions {
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
  /** Passed to every request (headers, credentials...). */
  init?: RequestInit;
}

/**
 * Loads a model over HTTP(S). `url` is either the `model.json` URL or the folder
 * that holds it (ending in `/`); `weights.bin` is fetched relative to `model.json`.
 * This handler only reads: `save` throws `not_supported`.
 *
 * @throws {ModelFileError} `missing_file` for an HTTP error or a network failure,
 *   and every check of the model files.
 * @example
 * ```ts
 * const artifacts = await fetchHandler("https://example.org/models/digits/").load();
 * ```
 */
export function fetchHandler(url: string, options: FetchHandlerOptions = {}): ModelHandler {
  const jsonUrl = resolve(
    url.endsWith(".json") ? url : `${url.replace(/\/?$/, "/")}${MODEL_JSON_FILE}`,
  );
  const get = async (target: string): Promise<Response> => {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImpl(target, options.init);
    } catch (cause) {
      throw new ModelFileError(
        "missing_file",
        target,
        `could not be fetched (${reasonOf(cause)})`,
        {
          hint: "Check the URL and that the server is reachable.",
          cause,
        },
      );
    }
    if (!response.ok) {
      throw new ModelFileError(
        "missing_file",
        target,
        `answered HTTP ${response.status} ${response.statusText}`.trim(),
        { hint: "Check the URL; the server must serve model.json and weights.bin side by side." },
      );
    }
    return response;
  };

  return {
    async save(): Promise<never> {
      throw new ModelFileError("not_supported", jsonUrl, "fetchHandler only loads models", {
        hint: "Save with indexedDbHandler, downloadHandler, or fileSystemHandler in Node.",
      });
    },
    async load(): Promise<ModelArtifacts> {
      const text = await (await get(jsonUrl)).text();
      const document = parseModelDocument(text, jsonUrl);
      const weightsUrl = new URL(document.weightsManifest.path, jsonUrl).href;
      const bytes = new Uint8Array(await (await get(weightsUrl)).arrayBuffer());
      return decodeModel(document, bytes, weightsUrl);
    },
  };
}

function resolve(url: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(url, base).href;
  } catch (cause) {
    throw new ModelFileError("missing_file", url, "is not a valid URL", {
      hint: "Pass an absolute URL, or a relative one inside a web page.",
      cause,
    });
  }
}
