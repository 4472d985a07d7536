import { spawn, spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";

/** The built CLI the tests run. */
export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");

/** What one run of the CLI printed and returned. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout lines that parse as JSON objects (with `--json`). */
  events: Record<string, any>[];
}

/** A user to run the CLI as, for `runCli`. */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Runs `node dist/cli.js ...args` in `cwd` and waits for it to exit. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; timeoutMs?: number; as?: RunAs },
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      ...options.as,
      env: { ...process.env, FORCE_COLOR: "0", MYELIN_DEBUG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 50_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, events: parseEvents(stdout) });
    });
  });
}

/** The JSON objects among the lines of `text`. */
export function parseEvents(text: string): Record<string, any>[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

/** A temporary directory for the test file (call at the top level), removed at the end. */
export function useTempDir(): () => string {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "myelin-cli-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return () => dir;
}

/** Fails with both streams when a run did not exit with `code`. */
export function expectExit(run: CliRun, code: number): CliRun {
  if (run.code !== code) {
    throw new Error(
      `expected exit ${code}, got ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
    );
  }
  return run;
}

/** The conventional uid and gid of `nobody`. */
const NOBODY: RunAs = { uid: 65534, gid: 65534 };

/**
 * Whom to run the CLI as so that a directory of mode 555 is really read-only:
 * this process's user, or, when that user ignores file modes (root does),
 * `nobody`. Probes with a write into a mode 555 directory made under `parent`,
 * which must be reachable by every user. Returns the reason to skip when
 * neither user respects the mode.
 */
export async function readOnlyRunner(parent: string): Promise<{ as?: RunAs; skip?: string }> {
  const locked = join(parent, "mode-probe");
  await mkdir(locked, { mode: 0o555 });
  await chmod(locked, 0o555);
  const probe = join(locked, "probe");
  try {
    await writeFile(probe, "");
  } catch {
    return {};
  } finally {
    await rm(probe, { force: true });
    await rm(locked, { recursive: true, force: true });
  }
  if (process.getuid?.() !== 0) {
    return { skip: "this user can write into a mode 555 directory, so nothing is read-only" };
  }
  await mkdir(locked, { mode: 0o555 });
  await chmod(locked, 0o555);
  const write = `require("node:fs").writeFileSync(${JSON.stringify(probe)}, "")`;
  const asNobody = spawnSync(process.execPath, ["-e", write], { ...NOBODY, encoding: "utf8" });
  await rm(locked, { recursive: true, force: true });
  if (asNobody.status !== 0 && (asNobody.stderr ?? "").includes("EACCES")) {
    // nobody must also be able to run the CLI: a checkout under a private
    // directory (mode 700, as mktemp makes) is out of its reach.
    const read = `require("node:fs").accessSync(${JSON.stringify(CLI)}, 4)`;
    const canRun = spawnSync(process.execPath, ["-e", read], { ...NOBODY, encoding: "utf8" });
    if (canRun.status !== 0) {
      return {
        skip:
          "running as root, which bypasses file permissions, and nobody (uid 65534), who " +
          `would see them enforced, cannot read the CLI at ${CLI} (a parent directory is private)`,
      };
    }
    return { as: NOBODY };
  }
  return {
    skip:
      "running as root, which bypasses file permissions, and the test cannot switch to " +
      "nobody (uid 65534) to see them enforced",
  };
}
