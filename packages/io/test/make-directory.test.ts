import { existsSync } from "node:fs";
import * as fs from "node:fs/promises";
import { join } from "node:path";
import { caught } from "@myelin/test-utils";
import { describe, expect, it } from "vitest";
import { ModelFileError } from "../src/index.js";
import { type DirectoryFileSystem, fileSystemHandler, makeDirectory } from "../src/node.js";
import { sampleArtifacts, useTempDir } from "./helpers.js";

const tempDir = useTempDir();

/**
 * Settles with `promise`, or fails after `seconds`: a recursive mkdir that
 * spins forever must fail the test instead of hanging it.
 */
function within<T>(promise: Promise<T>, seconds = 5): Promise<T> {
  return new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`still running after ${seconds} s; the mkdir loop is back`)),
      seconds * 1000,
    );
    promise.then(done, fail).finally(() => clearTimeout(timer));
  });
}

/** Real calls, except that mkdir of `failing` throws a system error with `code`. */
function refusingFs(failing: string, code: string): DirectoryFileSystem {
  return {
    stat: fs.stat,
    mkdir: (async (path: string) => {
      if (path === failing) {
        throw Object.assign(new Error(`${code}: refused, mkdir '${failing}'`), { code });
      }
      return fs.mkdir(path);
    }) as typeof fs.mkdir,
  };
}

/** Whether this process can write into a directory whose mode forbids it (root can). */
async function ignoresPermissions(dir: string): Promise<boolean> {
  try {
    await fs.writeFile(join(dir, "probe"), "");
    return true;
  } catch {
    return false;
  }
}

const PROC = existsSync("/proc/self");
const NO_PROC = "needs /proc, the Linux procfs mount, which this system lacks";

describe("makeDirectory", () => {
  it("creates every missing level, one plain mkdir at a time, outermost first", async () => {
    const root = await tempDir();
    const calls: unknown[][] = [];
    const spy: DirectoryFileSystem = {
      stat: fs.stat,
      mkdir: (async (...args: Parameters<typeof fs.mkdir>) => {
        calls.push(args);
        return fs.mkdir(...args);
      }) as typeof fs.mkdir,
    };
    const dir = join(root, "a", "b", "c");
    await makeDirectory(dir, { fs: spy });

    expect((await fs.stat(dir)).isDirectory()).toBe(true);
    expect(calls).toEqual([[join(root, "a")], [join(root, "a", "b")], [dir]]);
  });

  it("leaves an existing directory as it is", async () => {
    const dir = await tempDir();
    await fs.writeFile(join(dir, "kept"), "x");
    await makeDirectory(dir);
    expect(await fs.readdir(dir)).toEqual(["kept"]);
  });

  it("accepts a level that another process creates at the same moment", async () => {
    const root = await tempDir();
    const dir = join(root, "raced");
    const racing: DirectoryFileSystem = {
      stat: fs.stat,
      mkdir: (async (path: string) => {
        await fs.mkdir(path);
        throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${path}'`), {
          code: "EEXIST",
        });
      }) as typeof fs.mkdir,
    };
    await makeDirectory(dir, { fs: racing });
    expect((await fs.stat(dir)).isDirectory()).toBe(true);
  });

  it("fails at once under /proc, naming ENOENT", async ({ skip }) => {
    skip(!PROC, NO_PROC);
    const error = await within(caught(() => makeDirectory("/proc/nope/deeper")));
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.code).toBe("write_failed");
    expect(error.path).toBe("/proc/nope/deeper");
    expect(error.message).toBe(
      "/proc/nope/deeper: could not create its parent /proc/nope: mkdir failed with ENOENT " +
        "although /proc exists, so that file system does not allow new directories there " +
        "(procfs, sysfs and some FUSE mounts refuse them). Choose a directory on an ordinary " +
        "disk, such as one under your home directory.",
    );
  });

  it("names the parent and EACCES when permission is denied", async () => {
    const root = await tempDir();
    const dir = join(root, "denied", "run");
    const error = await caught(() =>
      makeDirectory(dir, { fs: refusingFs(join(root, "denied"), "EACCES") }),
    );
    expect(error.path).toBe(dir);
    expect(error.message).toBe(
      `${dir}: could not create its parent ${join(root, "denied")}: permission denied in ` +
        `${root} (EACCES). Choose a directory you can write to, or make ${root} writable ` +
        `(\`ls -ld ${root}\` shows its owner and mode).`,
    );
    expect((error.cause as { code: string }).code).toBe("EACCES");
  });

  it("names the read-only file system for EROFS", async () => {
    const root = await tempDir();
    const dir = join(root, "run");
    const error = await caught(() => makeDirectory(dir, { fs: refusingFs(dir, "EROFS") }));
    expect(error.message).toBe(
      `${dir}: could not create the directory: ${root} is on a read-only file system ` +
        "(EROFS). Choose a directory on a writable disk, or remount it read-write.",
    );
  });

  it("refuses a path that is a file, or lies under one", async () => {
    const root = await tempDir();
    const file = join(root, "plain-file");
    await fs.writeFile(file, "");

    const itself = await caught(() => makeDirectory(file));
    expect(itself.message).toBe(
      `${file}: could not create the directory: it already exists as a file, not a ` +
        `directory (EEXIST). Choose another path, or move the file ${file} out of the way.`,
    );
    const under = await caught(() => makeDirectory(join(file, "a", "b")));
    expect(under.message).toBe(
      `${join(file, "a", "b")}: could not create the directory: ${file} is a file, not a ` +
        "directory (ENOTDIR), so nothing can be created under it. Choose another path, or " +
        `move the file ${file} out of the way.`,
    );
  });

  it("refuses a read-only directory made with chmod 555", async ({ skip }) => {
    const root = await tempDir();
    const locked = join(root, "locked");
    await fs.mkdir(locked, { mode: 0o555 });
    await fs.chmod(locked, 0o555);
    try {
      if (await ignoresPermissions(locked)) {
        skip("this process writes into a mode 555 directory anyway (root bypasses permissions)");
      }
      const dir = join(locked, "run");
      const error = await within(caught(() => makeDirectory(dir)));
      expect(error.message).toContain(
        `${dir}: could not create the directory: permission denied in ${locked} (EACCES).`,
      );
    } finally {
      await fs.chmod(locked, 0o755);
    }
  });
});

describe("fileSystemHandler saving into a directory it cannot create", () => {
  it("fails under /proc instead of spinning", async ({ skip }) => {
    skip(!PROC, NO_PROC);
    const save = () => fileSystemHandler("/proc/nope").save(sampleArtifacts());
    const error = await within(caught(save));
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.code).toBe("write_failed");
    expect(error.message).toMatch(
      /^\/proc\/nope: could not create the directory: mkdir failed with ENOENT although \/proc /,
    );
  });

  it("reports a failing level once, without the save's own wrapping", async () => {
    const root = await tempDir();
    const dir = join(root, "model");
    const refusing = { ...fs, ...refusingFs(dir, "EACCES") };
    const error = await caught(() =>
      fileSystemHandler(dir, { fs: refusing }).save(sampleArtifacts()),
    );
    expect(error.message).toMatch(
      new RegExp(`^${dir}: could not create the directory: permission denied in .* \\(EACCES\\)`),
    );
    expect(error.message).not.toContain("could not create the directory " + dir);
  });
});
