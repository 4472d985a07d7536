/**
 * `pnpm bench`: runs every selected (subject, workload) in its own process,
 * interleaved pass by pass, then prints one table per workload, writes
 * results/latest.json and, with --write-readme, the README's results section.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeMachine, formatMachine } from "./machine.js";
import { parseOptions, UsageError, USAGE, type BenchOptions } from "./options.js";
import { BASELINE_FLAG, type RunRecord, type RunSpec } from "./protocol.js";
import { readmeSection } from "./readme-section.js";
import { replaceResults } from "./readme.js";
import {
  buildReport,
  formatLoad,
  formatNumber,
  renderText,
  type WorkloadReport,
} from "./report.js";
import { PACKAGE_DIR, runChild } from "./runner.js";
import { SUBJECTS } from "./subjects/index.js";
import { paramsFor, WORKLOADS, type BenchParams, type Workload } from "./workloads.js";

function main(argv: readonly string[]): Promise<void> | void {
  let options: BenchOptions;
  try {
    options = parseOptions(argv, SUBJECTS.map((subject) => subject.id));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  return bench(options);
}

async function bench(options: BenchOptions): Promise<void> {
  const machine = describeMachine();
  const params = paramsFor(options.quick);
  const started = new Date();
  const mode = options.quick ? "quick" : "full";
  console.log(`Machine: ${formatMachine(machine)}`);
  console.log(`Mode: ${mode}, ${options.rounds} run(s) per subject and workload`);
  const baseline = await runChild(BASELINE_FLAG, 60_000);
  const baselineMiB = baseline.status === "ok" ? baseline.rssMiB : undefined;
  console.log(`${baselineLine(baselineMiB)}\n`);

  const records: RunRecord[] = [];
  const reports: WorkloadReport[] = [];
  for (const workload of WORKLOADS.filter((w) => options.only.includes(w.id))) {
    const subjects = SUBJECTS.filter(
      (subject) =>
        subject[workload.id] !== undefined &&
        (options.subjects.length === 0 || options.subjects.includes(subject.id)),
    );
    console.log(`== ${workload.title}`);
    records.push(...(await runWorkload(workload, subjects.map((s) => s.id), options, params)));
    const order = subjects.map((subject) => subject.id);
    const report = buildReport(workload, records, order);
    reports.push(report);
    console.log(`\n${renderText(report)}\n`);
  }

  const finished = new Date();
  console.log(`Load: ${formatLoad(records, machine.cores)}.`);
  const resultsDir = path.join(PACKAGE_DIR, "results");
  mkdirSync(resultsDir, { recursive: true });
  const latest = path.join(resultsDir, "latest.json");
  const summary = {
    machine,
    started,
    finished,
    mode,
    options,
    params,
    baselineMiB,
    records,
    reports,
  };
  writeFileSync(latest, `${JSON.stringify(summary, replacer, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), latest)}`);

  if (options.writeReadme) {
    const readme = path.join(PACKAGE_DIR, "README.md");
    const section = readmeSection({
      machine,
      date: started,
      mode,
      rounds: options.rounds,
      baseline: baselineLine(baselineMiB),
      load: formatLoad(records, machine.cores),
      reports,
    });
    writeFileSync(readme, replaceResults(readFileSync(readme, "utf8"), section));
    console.log(`Updated the results in ${path.relative(process.cwd(), readme)}`);
  }
  const seconds = (finished.getTime() - started.getTime()) / 1000;
  console.log(`Done in ${seconds.toFixed(0)} s.`);
}

/**
 * Runs every subject's process groups `rounds` times. Each pass runs every
 * subject once, in an order rotated by one per pass, so ratios come from the
 * same stretch of time. A subject that is unavailable or fails is not retried.
 */
async function runWorkload(
  workload: Workload,
  subjects: readonly string[],
  options: BenchOptions,
  params: BenchParams,
): Promise<RunRecord[]> {
  const timeoutMs = (options.quick ? 240 : 1800) * 1000;
  const records: RunRecord[] = [];
  const stopped = new Set<string>();
  for (let pass = 1; pass <= options.rounds; pass++) {
    const shift = (pass - 1) % Math.max(subjects.length, 1);
    const order = [...subjects.slice(shift), ...subjects.slice(0, shift)];
    for (const subject of order) {
      for (const cases of workload.groups) {
        const key = `${subject} ${cases.join()}`;
        if (stopped.has(key)) {
          continue;
        }
        const spec: RunSpec = { subject, workload: workload.id, cases, params };
        const load1 = os.loadavg()[0]!;
        const start = performance.now();
        const outcome = await runChild(spec, timeoutMs);
        const wallMs = performance.now() - start;
        const family = SUBJECTS.find((s) => s.id === subject)!.family;
        const id = workload.id;
        records.push({ subject, family, workload: id, cases, pass, load1, wallMs, outcome });
        if (outcome.status !== "ok") {
          stopped.add(key);
        }
        console.log(progressLine(workload, records.at(-1)!, options.rounds));
      }
    }
  }
  return records;
}

function progressLine(workload: Workload, record: RunRecord, rounds: number): string {
  const { outcome } = record;
  const head = `  [${record.pass}/${rounds}] ${record.subject} ${record.cases.join(",")}`;
  const tail = `(${(record.wallMs / 1000).toFixed(1)} s, load ${record.load1.toFixed(1)})`;
  if (outcome.status === "unavailable") {
    return `${head}: n/a: ${outcome.reason} ${tail}`;
  }
  if (outcome.status === "failed") {
    return `${head}: failed: ${outcome.error} ${tail}`;
  }
  const figures = record.cases
    .map((caseId) => `${formatNumber(outcome.results[caseId]!.value)}`)
    .join(" ");
  return `${head}: ${figures} ${workload.unit} ${tail}`;
}

function baselineLine(mib: number | undefined): string {
  const figure = mib === undefined ? "not measured (the probe failed)" : `${mib.toFixed(0)} MiB`;
  return (
    `Harness baseline peak RSS: ${figure} (Node + tsx + this harness, no library); ` +
    "every peak RSS figure includes it."
  );
}

/** Workload objects carry a label function; JSON keeps only their data. */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === "function" ? undefined : value;
}

await main(process.argv.slice(2));
