import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { IDBFactory } from "fake-indexeddb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadHandler, fetchHandler, indexedDbHandler, ModelFileError } from "../src/index.js";
import { fileSystemHandler } from "../src/node.js";
import { caught } from "@myelin/test-utils";
import { sampleArtifacts, useTempDir, weightBytes } from "./helpers.js";

const tempDir = useTempDir();

describe("fetchHandler", () => {
  let server: Server;
  let base: string;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "myelin-fetch-"));
    await fileSystemHandler(join(root, "good")).save(sampleArtifacts());
    server = createServer(async (request, response) => {
      try {
        const body = await readFile(join(root, decodeURIComponent(request.url ?? "/")));
        response.writeHead(200).end(body);
      } catch {
        response.writeHead(404, "Not Found").end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it("loads a model folder over HTTP, weights relative to model.json", async () => {
    const loaded = await fetchHandler(`${base}/good/`).load();
    expect(weightBytes(loaded)).toEqual(weightBytes(sampleArtifacts()));
    const byFile = await fetchHandler(`${base}/good/model.json`).load();
    expect(byFile.preprocessing).toEqual(sampleArtifacts().preprocessing);
  });

  it("reports the HTTP status of a missing file", async () => {
    const error = await caught(() => fetchHandler(`${base}/absent`).load());
    expect(error).toMatchObject({ code: "missing_file", path: `${base}/absent/model.json` });
    expect(error.message).toContain("answered HTTP 404 Not Found");
  });

  it("checks the fetched weights like a file", async () => {
    const fakeFetch = async (url: string | URL | Request) => {
      const response = await fetch(url);
      if (String(url).endsWith("weights.bin")) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        bytes[0] = bytes[0]! ^ 0xff;
        return new Response(bytes);
      }
      return response;
    };
    const error = await caught(() =>
      fetchHandler(`${base}/good/`, { fetch: fakeFetch as typeof fetch }).load(),
    );
    expect(error).toMatchObject({ code: "checksum_mismatch", path: `${base}/good/weights.bin` });
  });

  it("refuses to save", async () => {
    const error = await caught(() => fetchHandler(`${base}/good/`).save(sampleArtifacts()));
    expect(error).toMatchObject({ code: "not_supported" });
  });
});

describe("indexedDbHandler", () => {
  it("saves and loads through IndexedDB", async () => {
    const indexedDB = new IDBFactory();
    await indexedDbHandler("digits", { indexedDB }).save(sampleArtifacts(2));
    const loaded = await indexedDbHandler("digits", { indexedDB }).load();
    expect(weightBytes(loaded)).toEqual(weightBytes(sampleArtifacts(2)));
  });

  it("names a model that was never saved", async () => {
    const error = await caught(() =>
      indexedDbHandler("none", { indexedDB: new IDBFactory() }).load(),
    );
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toBe(
      'indexeddb://myelin-models/none: no model is stored under "none". Save one with indexedDbHandler(name).save(artifacts) first, or check the name.',
    );
  });

  it("says so where IndexedDB does not exist", async () => {
    const error = await caught(() => indexedDbHandler("x").save(sampleArtifacts()));
    expect(error).toMatchObject({ code: "not_supported" });
  });
});

describe("downloadHandler", () => {
  it("downloads model.json and the weights under the prefix, loadable together", async () => {
    const clicked: { name: string; href: string }[] = [];
    const fakeDocument = {
      createElement: () => {
        const link = {
          download: "",
          href: "",
          click: () => clicked.push({ name: link.download, href: link.href }),
        };
        return link;
      },
    } as unknown as Document;
    await downloadHandler("mlp", { document: fakeDocument }).save(sampleArtifacts());
    expect(clicked.map((c) => c.name)).toEqual(["mlp.weights.bin", "mlp.json"]);

    const dir = await tempDir();
    for (const { name, href } of clicked) {
      const blob = await fetch(href).then((r) => r.arrayBuffer());
      await writeFile(join(dir, name), new Uint8Array(blob));
    }
    const json = JSON.parse(await readFile(join(dir, "mlp.json"), "utf8"));
    expect(json.weightsManifest.path).toBe("mlp.weights.bin");
    const serve = async (url: string | URL | Request) =>
      new Response(await readFile(join(dir, new URL(String(url)).pathname.slice(1))));
    const loaded = await fetchHandler("http://files.invalid/mlp.json", {
      fetch: serve as typeof fetch,
    }).load();
    expect(weightBytes(loaded)).toEqual(weightBytes(sampleArtifacts()));
  });

  it("refuses to load", async () => {
    await expect(downloadHandler("m").load()).rejects.toMatchObject({ code: "not_supported" });
  });
});
