import * as fs from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelFileError } from "../src/index.js";
import { fileSystemHandler, type ModelFileSystem } from "../src/node.js";
import { caught } from "@myelin/test-utils";
import { sampleArtifacts, useTempDir, weightBytes } from "./helpers.js";

const tempDir = useTempDir();

type Step = "open" | "write" | "sync" | "rename";

/**
 * Real file system calls, except that the `nth` call of `step` on a path
 * containing `match` fails with EIO.
 */
function failingFs(step: Step, match: string, nth = 1): ModelFileSystem {
  let seen = 0;
  const trip = (path: string) => path.includes(match) && ++seen === nth;
  const fail = (path: string) =>
    Object.assign(new Error(`EIO: i/o error, ${step} '${path}'`), { code: "EIO" });
  return {
    ...fs,
    async open(path, flags) {
      const name = String(path);
      if (step === "open" && trip(name)) {
        throw fail(name);
      }
      const handle = await fs.open(path, flags);
      return new Proxy(handle, {
        get(target, key) {
          if (key === "writeFile" && step === "write" && trip(name)) {
            return async () => {
              await target.writeFile(new Uint8Array(3));
              throw fail(name);
            };
          }
          if (key === "sync" && step === "sync" && trip(name)) {
            return async () => {
              throw fail(name);
            };
          }
          const value = Reflect.get(target, key);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    },
    async rename(from, to) {
      if (step === "rename" && trip(String(to))) {
        throw fail(String(to));
      }
      return fs.rename(from, to);
    },
  };
}

async function listDir(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).sort();
}

describe("atomic saves", () => {
  const failures: [Step, string, string][] = [
    ["open", ".weights.bin.", "creating the staged weights"],
    ["write", ".weights.bin.", "writing the staged weights"],
    ["sync", ".weights.bin.", "fsyncing the staged weights"],
    ["write", ".model.json.", "writing the staged model.json"],
    ["sync", ".model.json.", "fsyncing the staged model.json"],
    ["rename", "weights.bin", "renaming weights.bin into place"],
    ["rename", "model.json", "renaming model.json into place, after weights.bin was replaced"],
  ];

  it.each(failures)("keeps the previous model when %s on %s fails (%s)", async (step, match) => {
    const dir = await tempDir();
    await fileSystemHandler(dir).save(sampleArtifacts(1));
    const before = await fileSystemHandler(dir).load();

    const error = await caught(() =>
      fileSystemHandler(dir, { fs: failingFs(step, match) }).save(sampleArtifacts(2)),
    );
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error).toMatchObject({ code: "write_failed", path: dir });
    expect(error.message).toContain("EIO");
    expect(error.message).toContain("the previous model, if any, is unchanged");

    expect(await listDir(dir)).toEqual(["model.json", "weights.bin"]);
    const after = await fileSystemHandler(dir).load();
    expect(weightBytes(after)).toEqual(weightBytes(before));
  });

  it("leaves no files behind when the first save into a new directory fails", async () => {
    const dir = join(await tempDir(), "fresh");
    const broken = failingFs("rename", "model.json");
    await expect(fileSystemHandler(dir, { fs: broken }).save(sampleArtifacts())).rejects.toThrow(
      ModelFileError,
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it("reports an unwritable location instead of throwing a raw error", async () => {
    const parent = await tempDir();
    const blocker = join(parent, "file");
    await fs.writeFile(blocker, "not a directory");
    const error = await caught(() =>
      fileSystemHandler(join(blocker, "model")).save(sampleArtifacts()),
    );
    expect(error).toMatchObject({ code: "write_failed" });
    expect(error.message).toContain("could not create the directory");
  });

  it("replaces an existing model with the new one", async () => {
    const dir = await tempDir();
    await fileSystemHandler(dir).save(sampleArtifacts(1));
    await fileSystemHandler(dir).save(sampleArtifacts(3));
    const loaded = await fileSystemHandler(dir).load();
    expect(weightBytes(loaded)).toEqual(weightBytes(sampleArtifacts(3)));
    expect(await listDir(dir)).toEqual(["model.json", "weights.bin"]);
  });
});

describe("a save interrupted between its two renames", () => {
  /** Leaves the directory as a crash right after renaming weights.bin would. */
  async function crashAfterWeights(dir: string): Promise<void> {
    const dying = failingFs("rename", "model.json");
    const noRollBack: ModelFileSystem = {
      ...dying,
      // A crash runs no clean-up: keep every staged and kept-aside file.
      unlink: async () => undefined,
      rename: async (from, to) => {
        if (String(to).endsWith("weights.bin") && String(from).endsWith(".prev")) {
          return;
        }
        return dying.rename(from, to);
      },
    };
    await caught(() => fileSystemHandler(dir, { fs: noRollBack }).save(sampleArtifacts(5)));
  }

  it("loads the new model from the staged model.json", async () => {
    const dir = await tempDir();
    await fileSystemHandler(dir).save(sampleArtifacts(1));
    await crashAfterWeights(dir);

    const names = await listDir(dir);
    expect(names.some((n) => n.startsWith(".model.json."))).toBe(true);
    const loaded = await fileSystemHandler(dir).load();
    expect(weightBytes(loaded)).toEqual(weightBytes(sampleArtifacts(5)));
  });

  it("loads the old model from the kept weights when the staged model.json is gone", async () => {
    const dir = await tempDir();
    await fileSystemHandler(dir).save(sampleArtifacts(1));
    await crashAfterWeights(dir);
    for (const name of await listDir(dir)) {
      if (name.startsWith(".model.json.")) {
        await fs.rm(join(dir, name));
      }
    }
    const loaded = await fileSystemHandler(dir).load();
    expect(weightBytes(loaded)).toEqual(weightBytes(sampleArtifacts(1)));
  });

  it("cleans up the leftovers on the next successful save", async () => {
    const dir = await tempDir();
    await fileSystemHandler(dir).save(sampleArtifacts(1));
    await crashAfterWeights(dir);
    await fileSystemHandler(dir).save(sampleArtifacts(6));
    expect(await listDir(dir)).toEqual(["model.json", "weights.bin"]);
  });
});
