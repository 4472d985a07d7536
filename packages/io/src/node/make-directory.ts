import * as nodeFs from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ModelFileError, reasonOf } from "../errors.js";

/** The parts of `node:fs/promises` that {@link makeDirectory} uses. */
export type DirectoryFileSystem = Pick<typeof nodeFs, "mkdir" | "stat">;

/** Options of {@link makeDirectory}. */
export interface MakeDirectoryOptions {
  /** The file system to use; defaults to `node:fs/promises`. */
  fs?: DirectoryFileSystem;
}

/**
 * Creates a directory and any missing parents, like `mkdir -p`, one level at a
 * time. It looks for the nearest ancestor that exists, then creates each
 * missing level with a plain, non-recursive `mkdir`, so every step can fail
 * only once and the failure names the level and the system's error code.
 *
 * Node's `fs.mkdir(dir, { recursive: true })` is not used: on a file system
 * that answers ENOENT when asked to create a child of a directory that exists
 * (procfs, sysfs, some FUSE mounts), it retries forever at full CPU.
 *
 * An existing directory is fine, including one another process creates at the
 * same moment.
 *
 * @param dir the directory to create, relative to the working directory or absolute
 * @throws {ModelFileError} `write_failed` naming `dir` as its `path`, the level
 *   that could not be created, the error code (ENOENT, EACCES, EPERM, EROFS,
 *   ENOTDIR, EEXIST, ...) and how to fix it; the system error is its `cause`.
 * @example
 * ```ts
 * import { makeDirectory } from "@myelin/io/node";
 * await makeDirectory("runs/digits/best");
 * ```
 */
export async function makeDirectory(
  dir: string,
  options: MakeDirectoryOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const missing = await missingLevels(fs, dir);

  // Outermost first: each level's parent exists by the time it is created.
  for (const level of missing.reverse()) {
    try {
      await fs.mkdir(level);
    } catch (cause) {
      if (errorCode(cause) === "EEXIST" && (await isDirectory(fs, level))) {
        continue;
      }
      // A parent removed meanwhile also gives ENOENT; that is not the file system's doing.
      const vanished = errorCode(cause) === "ENOENT" && !(await isDirectory(fs, dirname(level)));
      throw vanished ? vanishedParent(dir, level, cause) : creationError(dir, level, cause);
    }
  }
}

/** The levels of `dir` that do not exist yet, innermost first. */
async function missingLevels(fs: DirectoryFileSystem, dir: string): Promise<string[]> {
  const missing: string[] = [];
  let level = resolve(dir);
  for (;;) {
    let found: Awaited<ReturnType<DirectoryFileSystem["stat"]>>;
    try {
      found = await fs.stat(level);
    } catch (cause) {
      const code = errorCode(cause);
      const parent = dirname(level);
      // ENOTDIR: a level above is a file; walking up finds and reports it.
      if ((code === "ENOENT" || code === "ENOTDIR") && parent !== level) {
        missing.push(level);
        level = parent;
        continue;
      }
      throw lookError(dir, level, cause);
    }
    if (!found.isDirectory()) {
      throw notADirectory(dir, level, missing.length === 0);
    }
    return missing;
  }
}

async function isDirectory(fs: DirectoryFileSystem, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** `the directory` or `its parent /a/b`, for messages about `level` of `dir`. */
function levelName(dir: string, level: string): string {
  return level === resolve(dir) ? "the directory" : `its parent ${level}`;
}

function creationError(dir: string, level: string, cause: unknown): ModelFileError {
  const code = errorCode(cause);
  const parent = dirname(level);
  const what = `could not create ${levelName(dir, level)}`;
  const fail = (detail: string, hint: string) =>
    new ModelFileError("write_failed", dir, `${what}: ${detail}`, { hint, cause });
  switch (code) {
    case "ENOENT":
      return fail(
        `mkdir failed with ENOENT although ${parent} exists, so that file system does ` +
          "not allow new directories there (procfs, sysfs and some FUSE mounts refuse them)",
        "Choose a directory on an ordinary disk, such as one under your home directory.",
      );
    case "EACCES":
    case "EPERM":
      return fail(
        `permission denied in ${parent} (${code})`,
        `Choose a directory you can write to, or make ${parent} writable ` +
          `(\`ls -ld ${parent}\` shows its owner and mode).`,
      );
    case "EROFS":
      return fail(
        `${parent} is on a read-only file system (EROFS)`,
        "Choose a directory on a writable disk, or remount it read-write.",
      );
    case "ENOTDIR":
    case "EEXIST":
      return notADirectory(dir, level, level === resolve(dir), cause);
    default:
      return fail(
        `${reasonOf(cause)}${code === undefined ? "" : ` (${code})`}`,
        "Check that the path is valid and the disk has room, or choose another directory.",
      );
  }
}

function vanishedParent(dir: string, level: string, cause: unknown): ModelFileError {
  const parent = dirname(level);
  return new ModelFileError(
    "write_failed",
    dir,
    `could not create ${levelName(dir, level)}: ${parent} was removed meanwhile (ENOENT)`,
    { hint: "Check what else is changing that directory, then try again.", cause },
  );
}

function notADirectory(
  dir: string,
  file: string,
  isTarget: boolean,
  cause?: unknown,
): ModelFileError {
  const detail = isTarget
    ? `it already exists as a file, not a directory (EEXIST)`
    : `${file} is a file, not a directory (ENOTDIR), so nothing can be created under it`;
  return new ModelFileError("write_failed", dir, `could not create the directory: ${detail}`, {
    hint: `Choose another path, or move the file ${file} out of the way.`,
    cause,
  });
}

function lookError(dir: string, level: string, cause: unknown): ModelFileError {
  const code = errorCode(cause);
  const denied = code === "EACCES" || code === "EPERM";
  const detail = denied
    ? `permission denied looking for ${level} (${code})`
    : `could not look for ${level} (${reasonOf(cause)})`;
  return new ModelFileError("write_failed", dir, `could not create the directory: ${detail}`, {
    hint: denied
      ? `Choose a directory you can reach, or fix the permissions of ${dirname(level)}.`
      : "Check that the path is valid, or choose another directory.",
    cause,
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
