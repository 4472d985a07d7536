import type { BenchParams, WorkloadId } from "./workloads.js";

/** What the parent asks one child process to run. */
export interface RunSpec {
  subject: string;
  workload: WorkloadId;
  cases: readonly string[];
  params: BenchParams;
}

/** The figure of one case in one run. */
export interface CaseResult {
  value: number;
  /** Per-batch figures inside the run (matMul). */
  samples?: number[];
  /** A short sanity figure: loss first -> last, prediction, error against a reference. */
  check?: string;
}

/** What one child process reports. */
export type RunOutcome =
  | {
      status: "ok";
      library: string;
      results: Record<string, CaseResult>;
      /** Peak resident set of the whole process, MiB. */
      rssMiB: number;
      note?: string;
    }
  | { status: "unavailable"; library?: string; reason: string; note?: string }
  | { status: "failed"; library?: string; error: string; note?: string };

/** One child run as the parent records it. */
export interface RunRecord {
  subject: string;
  family: "myelin" | "peer";
  workload: WorkloadId;
  cases: readonly string[];
  pass: number;
  /** One-minute load average just before the run. */
  load1: number;
  wallMs: number;
  outcome: RunOutcome;
}

/** The child argument that asks for the harness's own footprint instead of a run. */
export const BASELINE_FLAG = "--baseline";

/** Marks the child's result line on stdout, so stray library output cannot be mistaken for it. */
export const RESULT_PREFIX = "@@myelin-bench ";

/** Finds and parses the result line in a child's stdout. */
export function parseResultLine(stdout: string): RunOutcome | undefined {
  const line = stdout
    .split("\n")
    .reverse()
    .find((text) => text.startsWith(RESULT_PREFIX));
  if (line === undefined) {
    return undefined;
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as RunOutcome;
}
