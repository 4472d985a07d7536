import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BASELINE_FLAG, parseResultLine, type RunOutcome, type RunSpec } from "./protocol.js";

/** The package directory: `tsx` resolves from here. */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));

/** Keeps the end of a child's stderr for the error message. */
const STDERR_TAIL = 2000;

/**
 * Runs one spec in a fresh Node process (workspace packages resolved to their
 * sources through the `source` condition) and returns its outcome. A child
 * that crashes, prints no result or runs past `timeoutMs` becomes a failure.
 */
export function runChild(
  spec: RunSpec | typeof BASELINE_FLAG,
  timeoutMs: number,
): Promise<RunOutcome> {
  const request = typeof spec === "string" ? spec : JSON.stringify(spec);
  const args = ["--conditions=source", "--import", "tsx", CHILD, request];
  const child = spawn(process.execPath, args, {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);

  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const outcome = safeParse(stdout);
      if (outcome) {
        resolve(outcome);
        return;
      }
      const how = timedOut
        ? `timed out after ${Math.round(timeoutMs / 1000)} s`
        : `exited (${signal ?? `code ${code}`}) without a result`;
      const detail = lastLines(stderr);
      resolve({ status: "failed", error: detail ? `${how}: ${detail}` : how });
    });
  });
}

function safeParse(stdout: string): RunOutcome | undefined {
  try {
    return parseResultLine(stdout);
  } catch {
    return undefined;
  }
}

function lastLines(text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.slice(-3).join(" | ").slice(0, 400);
}
