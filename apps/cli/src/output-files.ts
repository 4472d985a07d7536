import { statSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { MODEL_JSON_FILE, ModelFileError, WEIGHTS_FILE } from "@myelin/io";
import { makeDirectory } from "@myelin/io/node";
import { CliError, messageBody } from "./errors.js";

/** Why a file-system call failed, in words, with the system's code. */
export function describeFsError(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  const words: Record<string, string> = {
    ENOENT: "a folder on the path does not exist",
    ENOTDIR: "part of the path is a file, not a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    EISDIR: "it is a directory",
    EEXIST: "it already exists",
    ENOSPC: "no space left on the device",
  };
  if (typeof code === "string" && words[code] !== undefined) {
    return `${words[code]}, ${code}`;
  }
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Creates a run's output directory (and its parents) and checks that a file can
 * be written into it, so an unusable `--out` (or `--resume` directory) is
 * reported before training starts rather than at the first checkpoint. The
 * directory is created by `@myelin/io`'s `makeDirectory`, one level at a time,
 * which fails with the system's error code where a recursive mkdir could spin
 * forever (under /proc, on some FUSE mounts).
 *
 * @param flag the option that named `dir`, for messages
 * @throws {CliError} `output_unwritable` naming the option, the directory, the
 *   reason with its error code, and the fix.
 */
export async function prepareOutputDir(dir: string, flag: "--out" | "--resume"): Promise<void> {
  try {
    await makeDirectory(dir);
  } catch (cause) {
    if (!(cause instanceof ModelFileError)) {
      throw cause;
    }
    const hint = flag === "--out" ? `${cause.hint} Then pass it as --out.` : cause.hint;
    throw new CliError("output_unwritable", `${flag} ${messageBody(cause)}.`, hint, { cause });
  }
  const probe = join(dir, `.myelin-write-check-${process.pid}`);
  try {
    await writeFile(probe, "");
  } catch (cause) {
    const hint =
      flag === "--out"
        ? "Choose another --out, or fix the directory's permissions."
        : `--resume saves every epoch's checkpoint back into ${dir}: make it writable ` +
          `(chmod u+w ${dir}), or copy the run somewhere writable and resume the copy.`;
    throw new CliError(
      "output_unwritable",
      `${flag} ${dir}: cannot write into this directory (${describeFsError(cause)}).`,
      hint,
      { cause },
    );
  } finally {
    await rm(probe, { force: true });
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The device and inode of a path, or null when it does not exist. */
function identity(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}

/**
 * Refuses an output file that would overwrite an input of the command: the
 * model directory's files (its `model.json` and `weights.bin` even when absent,
 * and any file already in it) or the data file. Paths are compared by device
 * and inode, so links and `./` spellings are caught too.
 *
 * @param flag the option that named `out`, for messages
 * @throws {CliError} `output_is_input`.
 */
export function checkNotAnInput(
  out: string,
  inputs: { modelDir: string; data: string },
  flag: string,
): void {
  const target = identity(out);
  if (target !== null && target === identity(inputs.data)) {
    throw new CliError(
      "output_is_input",
      `${flag} ${out} is the input data file ${inputs.data}; writing there would destroy it.`,
      `Choose another path, such as ${flag} predictions.csv.`,
    );
  }
  const folder = identity(dirname(resolve(out)));
  const inModel = folder !== null && folder === identity(resolve(inputs.modelDir));
  const modelFile = [MODEL_JSON_FILE, WEIGHTS_FILE].includes(basename(out));
  if (inModel && (modelFile || target !== null)) {
    throw new CliError(
      "output_is_input",
      `${flag} ${out} would overwrite a file of the model directory ${inputs.modelDir}.`,
      `Choose a path outside it, such as ${flag} predictions.csv.`,
    );
  }
}

/**
 * Writes a file the user named with an option. An existing file is only
 * replaced with `force`; every failure is a user error naming the path.
 *
 * @param flag the option that named `path`, for messages
 * @throws {CliError} `output_exists`, `output_unwritable`.
 */
export async function writeUserFile(
  path: string,
  text: string,
  options: { flag: string; force: boolean },
): Promise<void> {
  const { flag } = options;
  try {
    // "wx" fails on any existing path, a directory too, so look first.
    if (isDirectory(path)) {
      throw Object.assign(new Error(`${path} is a directory`), { code: "EISDIR" });
    }
    await writeFile(path, text, { flag: options.force ? "w" : "wx" });
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === "EEXIST") {
      throw new CliError(
        "output_exists",
        `${flag} ${path} already exists.`,
        "Pass --force to overwrite it, or choose another path.",
        { cause },
      );
    }
    if (code === "EISDIR") {
      throw new CliError(
        "output_unwritable",
        `${flag} ${path} is a directory; it must name a file.`,
        `For example: ${flag} ${join(path, "predictions.csv")}`,
        { cause },
      );
    }
    if (code === "ENOENT") {
      throw new CliError(
        "output_unwritable",
        `${flag} ${path}: the folder ${dirname(path)} does not exist.`,
        `Create it first (mkdir -p ${dirname(path)}), or choose another path.`,
        { cause },
      );
    }
    throw new CliError(
      "output_unwritable",
      `${flag} ${path}: cannot write the file (${describeFsError(cause)}).`,
      "Choose another path, or fix the permissions.",
      { cause },
    );
  }
}
