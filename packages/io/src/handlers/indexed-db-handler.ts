import { decodeModel, parseModelDocument } from "../decode.js";
import { encodeModel } from "../encode.js";
import { ModelFileError, reasonOf } from "../errors.js";
import type { ModelArtifacts, ModelHandler, SaveResult } from "../format.js";

/** Name of the database every model is kept in. */
export const INDEXED_DB_NAME = "myelin-models";
const STORE = "models";

/** Options of {@link indexedDbHandler}. */
export interface IndexedDbHandlerOptions {
  /** The IndexedDB factory; defaults to the global `indexedDB`. */
  indexedDB?: IDBFactory;
}

interface StoredModel {
  json: string;
  weights: ArrayBuffer;
}

/**
 * Saves models in the browser's IndexedDB under `name`. Both files go into one
 * record written in one transaction, so a save is all or nothing.
 *
 * @throws {ModelFileError} `not_supported` where IndexedDB is missing;
 *   `missing_file` when no model is stored under `name`; `write_failed`.
 * @example
 * ```ts
 * await indexedDbHandler("digits").save(artifacts);
 * const artifacts = await indexedDbHandler("digits").load();
 * ```
 */
export function indexedDbHandler(
  name: string,
  options: IndexedDbHandlerOptions = {},
): ModelHandler {
  const location = `indexeddb://${INDEXED_DB_NAME}/${name}`;
  const factory = (): IDBFactory => {
    const found = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (found === undefined) {
      throw new ModelFileError("not_supported", location, "IndexedDB is not available here", {
        hint: "Use fileSystemHandler from @myelin/io/node in Node, or run in a browser.",
      });
    }
    return found;
  };

  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const encoded = await encodeModel(artifacts, { location });
      const weights = encoded.weights.slice().buffer;
      const record: StoredModel = { json: encoded.json, weights };
      const db = await open(factory(), location);
      try {
        await request(location, "write_failed", () =>
          db.transaction(STORE, "readwrite").objectStore(STORE).put(record, name),
        );
      } finally {
        db.close();
      }
      return {
        location,
        modelJsonBytes: new TextEncoder().encode(encoded.json).byteLength,
        weightBytes: encoded.weights.byteLength,
        sha256: encoded.document.weightsManifest.sha256,
      };
    },
    async load(): Promise<ModelArtifacts> {
      const db = await open(factory(), location);
      let record: StoredModel | undefined;
      try {
        record = await request<StoredModel | undefined>(location, "missing_file", () =>
          db.transaction(STORE, "readonly").objectStore(STORE).get(name),
        );
      } finally {
        db.close();
      }
      if (record === undefined) {
        throw new ModelFileError("missing_file", location, `no model is stored under "${name}"`, {
          hint: "Save one with indexedDbHandler(name).save(artifacts) first, or check the name.",
        });
      }
      const document = parseModelDocument(record.json, `${location}/model.json`);
      const bytes = new Uint8Array(record.weights);
      return decodeModel(document, bytes, `${location}/${document.weightsManifest.path}`);
    },
  };
}

function open(factory: IDBFactory, location: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const opening = factory.open(INDEXED_DB_NAME, 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore(STORE);
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () =>
      reject(
        new ModelFileError(
          "unreadable_file",
          location,
          `IndexedDB could not be opened (${reasonOf(opening.error)})`,
          {
            hint: "Check the browser's storage settings and free space.",
            cause: opening.error,
          },
        ),
      );
  });
}

function request<T>(
  location: string,
  code: "write_failed" | "missing_file",
  start: () => IDBRequest,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (cause: unknown) =>
      reject(
        new ModelFileError(code, location, `IndexedDB failed (${reasonOf(cause)})`, {
          hint: "Check the browser's storage quota and settings.",
          cause,
        }),
      );
    let pending: IDBRequest;
    try {
      pending = start();
    } catch (cause) {
      fail(cause);
      return;
    }
    const transaction = pending.transaction!;
    let result: T;
    pending.onsuccess = () => {
      result = pending.result as T;
    };
    // Resolving on the transaction's completion means the write is committed.
    transaction.oncomplete = () => resolve(result);
    transaction.onerror = () => fail(transaction.error ?? pending.error);
    transaction.onabort = () => fail(transaction.error ?? new Error("transaction aborted"));
  });
}
