import type { RunRecord } from "./protocol.js";
import { summarize, type Summary } from "./stats.js";
import type { Workload } from "./workloads.js";

/** One subject's row: a summary per case, or the reason there is none. */
export interface ReportRow {
  subject: string;
  family: "myelin" | "peer";
  cells: (Summary | string)[];
  /** Median peak RSS (MiB) of each process group that ran. */
  rss: (number | undefined)[];
  check: string;
  note?: string;
}

/** The comparison of one Myelin row with one peer row: Myelin's speed-up per case. */
export interface Ratio {
  myelin: string;
  peer: string;
  /** > 1: Myelin is faster. Undefined where either side has no figure. */
  speedups: (number | undefined)[];
}

/** Everything printed for one workload. */
export interface WorkloadReport {
  workload: Workload;
  cases: string[];
  rows: ReportRow[];
  ratios: Ratio[];
}

/**
 * Summarises the records of one workload: per subject (in `order`) and case,
 * the median, min and max over the runs that succeeded.
 */
export function buildReport(
  workload: Workload,
  records: readonly RunRecord[],
  order: readonly string[],
): WorkloadReport {
  const cases = workload.groups.flat();
  const mine = records.filter((record) => record.workload === workload.id);
  const rows: ReportRow[] = [];
  for (const subject of order) {
    const runs = mine.filter((record) => record.subject === subject);
    if (runs.length > 0) {
      rows.push(buildRow(workload, subject, runs, cases));
    }
  }
  return { workload, cases, rows, ratios: buildRatios(workload, rows) };
}

function buildRow(
  workload: Workload,
  subject: string,
  runs: readonly RunRecord[],
  cases: readonly string[],
): ReportRow {
  const cells = cases.map((caseId) => {
    const values: number[] = [];
    let reason = "no run";
    for (const run of runs.filter((record) => record.cases.includes(caseId))) {
      const { outcome } = run;
      if (outcome.status === "ok" && outcome.results[caseId]) {
        values.push(outcome.results[caseId].value);
      } else if (outcome.status === "unavailable") {
        reason = `n/a: ${outcome.reason}`;
      } else if (outcome.status === "failed") {
        reason = `failed: ${outcome.error}`;
      }
    }
    return values.length > 0 ? summarize(values) : reason;
  });

  const rss = workload.groups.map((group) => {
    const sizes = runs
      .filter((run) => run.cases.join() === group.join() && run.outcome.status === "ok")
      .map((run) => (run.outcome.status === "ok" ? run.outcome.rssMiB : 0));
    return sizes.length > 0 ? summarize(sizes).median : undefined;
  });

  const checks = cases.flatMap((caseId) => {
    for (const run of runs) {
      const check = run.outcome.status === "ok" ? run.outcome.results[caseId]?.check : undefined;
      if (check) {
        return cases.length > 1 ? [`${workload.label(caseId)}: ${check}`] : [check];
      }
    }
    return [];
  });

  const first = runs[0]!;
  const note = runs.map((run) => run.outcome.note).find(Boolean);
  const check = collapseErrors(checks) ?? checks.join("; ");
  return { subject, family: first.family, cells, rss, check, note };
}

/** Per-size "max err" checks (matMul) read better as one worst case. */
function collapseErrors(checks: readonly string[]): string | undefined {
  const errors = checks.map((check) => /^(?:.*: )?max err (\S+)$/.exec(check)?.[1]);
  if (checks.length < 2 || errors.some((error) => error === undefined)) {
    return undefined;
  }
  const worst = Math.max(...errors.map(Number));
  return `max err <= ${worst.toExponential(1)} (all sizes)`;
}

function buildRatios(workload: Workload, rows: readonly ReportRow[]): Ratio[] {
  const hasFigure = (row: ReportRow) => row.cells.some((cell) => typeof cell !== "string");
  const peers = rows.filter((row) => row.family === "peer" && hasFigure(row));
  const ratios: Ratio[] = [];
  for (const mine of rows.filter((row) => row.family === "myelin" && hasFigure(row))) {
    for (const peer of peers) {
      const speedups = mine.cells.map((cell, i) => {
        const other = peer.cells[i];
        if (typeof cell === "string" || other === undefined || typeof other === "string") {
          return undefined;
        }
        return workload.better === "higher"
          ? cell.median / other.median
          : other.median / cell.median;
      });
      ratios.push({ myelin: mine.subject, peer: peer.subject, speedups });
    }
  }
  return ratios;
}

/**
 * The range of one-minute load averages seen before the runs, with a warning
 * when the machine was busier than its cores.
 *
 * @example
 * formatLoad([{ load1: 0.4 }, { load1: 1.2 }], 2); // "one-minute load average 0.4-1.2 (2 cores)"
 */
export function formatLoad(records: readonly Pick<RunRecord, "load1">[], cores: number): string {
  if (records.length === 0) {
    return "no runs";
  }
  const { min, max } = summarize(records.map((record) => record.load1));
  const range = `one-minute load average ${min.toFixed(1)}-${max.toFixed(1)} (${cores} cores)`;
  return max > cores
    ? `${range}; other work shared the machine, so figures are lower and noisier than idle`
    : range;
}

/**
 * Formats a figure with about three significant digits and thousands separators.
 *
 * @example
 * formatNumber(4240.4); // "4,240"
 * formatNumber(0.583); // "0.58"
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const size = Math.abs(value);
  const digits = size >= 100 ? 0 : size >= 10 ? 1 : size >= 0.1 ? 2 : 3;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** "median [min-max]", or the median alone for a single run. */
export function formatCell(cell: Summary | string): string {
  if (typeof cell === "string") {
    return cell;
  }
  const median = formatNumber(cell.median);
  return cell.count === 1
    ? median
    : `${median} [${formatNumber(cell.min)}-${formatNumber(cell.max)}]`;
}

function header(report: WorkloadReport): string[] {
  const { workload } = report;
  const rss = workload.groups.length > 1 ? "peak RSS MiB (per process)" : "peak RSS MiB";
  return ["subject", ...report.cases.map((caseId) => workload.label(caseId)), rss, "check"];
}

function rowCells(report: WorkloadReport, row: ReportRow): string[] {
  const rss = row.rss.map((value) => (value === undefined ? "-" : value.toFixed(0))).join(" / ");
  return [row.subject, ...row.cells.map(formatCell), rss, row.check];
}

/** True when every case of a row carries the same reason, which then prints once. */
function sameReason(row: ReportRow): string | undefined {
  const [first] = row.cells;
  return typeof first === "string" && row.cells.every((cell) => cell === first) ? first : undefined;
}

function ratioLines(report: WorkloadReport): string[] {
  return report.ratios.map((ratio) => {
    const parts = ratio.speedups.map((speedup, i) => {
      const label = report.cases.length > 1 ? `${report.workload.label(report.cases[i]!)} ` : "";
      return `${label}${speedup === undefined ? "-" : `${speedup.toFixed(2)}x`}`;
    });
    return `${ratio.myelin} vs ${ratio.peer}: ${parts.join(", ")}`;
  });
}

function noteLines(report: WorkloadReport): string[] {
  return report.rows.filter((row) => row.note).map((row) => `${row.subject}: ${row.note}`);
}

function titleOf(report: WorkloadReport): string {
  const { workload } = report;
  return `${workload.title} - ${workload.unit}, ${workload.better} is better`;
}

/** Renders a workload as an aligned plain-text table with its ratios and notes. */
export function renderText(report: WorkloadReport): string {
  const head = header(report);
  const body = report.rows.map((row) => {
    const reason = sameReason(row);
    return reason ? [row.subject, reason] : rowCells(report, row);
  });
  const full = body.filter((cells) => cells.length === head.length);
  const widths = head.map((title, i) => {
    const cells = i === 0 ? body : full;
    return Math.max(title.length, ...cells.map((c) => c[i]!.length));
  });
  const line = (cells: string[]) =>
    cells.length === head.length
      ? cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()
      : `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]}`;

  const out = [titleOf(report), line(head), ...body.map(line)];
  const ratios = ratioLines(report);
  if (ratios.length > 0) {
    out.push("Myelin speed-up (> 1: Myelin faster):", ...ratios.map((text) => `  ${text}`));
  }
  const notes = noteLines(report);
  if (notes.length > 0) {
    out.push("Notes:", ...notes.map((text) => `  ${text}`));
  }
  return out.join("\n");
}

/** Renders a workload as a markdown section for the README. */
export function renderMarkdown(report: WorkloadReport): string {
  const escape = (text: string) => text.replaceAll("|", "\\|");
  const head = header(report);
  const rows = report.rows.map((row) => {
    const reason = sameReason(row);
    const cells = reason
      ? [row.subject, reason, ...head.slice(2).map(() => "")]
      : rowCells(report, row);
    return `| ${cells.map(escape).join(" | ")} |`;
  });
  const out = [
    `### ${titleOf(report)}`,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows,
  ];
  const ratios = ratioLines(report);
  if (ratios.length > 0) {
    out.push("", "Myelin speed-up (> 1: Myelin faster):", "", ...ratios.map((text) => `- ${text}`));
  }
  const notes = noteLines(report);
  if (notes.length > 0) {
    out.push("", ...notes.map((text) => `- ${escape(text)}`));
  }
  return out.join("\n");
}
