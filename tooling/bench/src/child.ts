/**
 * Runs one (subject, workload) in this process and prints one result line.
 * Started by the parent (`main.ts`), one process per run, so no library's
 * memory, JIT state or threads leak into another's figures.
 */
import { measureMatmul, measureTraining, measureTutorial } from "./harness.js";
import {
  BASELINE_FLAG,
  RESULT_PREFIX,
  type CaseResult,
  type RunOutcome,
  type RunSpec,
} from "./protocol.js";
import { messageOf } from "./subjects/myelin-common.js";
import { subjectById } from "./subjects/index.js";
import type { MatmulEntry, Subject, TrainingEntry } from "./subjects/types.js";
import { makeTask } from "./tasks.js";

async function run(spec: RunSpec): Promise<RunOutcome> {
  const subject = subjectById(spec.subject);
  if (!subject) {
    return { status: "failed", error: `unknown subject "${spec.subject}"` };
  }
  const entry = subject[spec.workload];
  const library = subject.library;
  const note = entry?.note;
  if (!entry) {
    return { status: "unavailable", library, reason: `${subject.id} has no ${spec.workload}` };
  }

  const ready = await availability(subject, entry);
  if (ready !== true) {
    return { status: "unavailable", library, reason: ready, note };
  }

  try {
    const results = await measure(spec, entry);
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    return { status: "ok", library, results, rssMiB, note };
  } catch (error) {
    return { status: "failed", library, error: messageOf(error), note };
  }
}

async function availability(
  subject: Subject,
  entry: MatmulEntry | TrainingEntry,
): Promise<string | true> {
  try {
    const subjectReady = await subject.available();
    if (subjectReady !== true) {
      return subjectReady;
    }
    return (await entry.available?.()) ?? true;
  } catch (error) {
    return `loading ${subject.id} failed: ${messageOf(error)}`;
  }
}

async function measure(
  spec: RunSpec,
  entry: MatmulEntry | TrainingEntry,
): Promise<Record<string, CaseResult>> {
  const results: Record<string, CaseResult> = {};
  for (const caseId of spec.cases) {
    if (spec.workload === "matmul") {
      const n = Number(caseId);
      results[caseId] = await measureMatmul(entry as MatmulEntry, n, spec.params.matmul);
      continue;
    }
    const task = makeTask(spec.workload, caseId, spec.params);
    const training = entry as TrainingEntry;
    results[caseId] =
      spec.workload === "tutorial"
        ? await measureTutorial(training, task, spec.params.tutorial, caseId)
        : await measureTraining(training, task, spec.params[spec.workload]);
  }
  return results;
}

/** With `--baseline`, loads no library: the peak RSS of Node, tsx and this harness alone. */
async function main(arg: string | undefined): Promise<RunOutcome> {
  if (arg === BASELINE_FLAG) {
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    return { status: "ok", library: "none", results: {}, rssMiB };
  }
  const spec = JSON.parse(arg ?? "null") as RunSpec | null;
  return spec
    ? await run(spec)
    : { status: "failed", error: "child.ts expects a JSON run spec as its first argument" };
}

const outcome = await main(process.argv[2]);
// Exit explicitly: some libraries keep worker threads or timers alive.
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(outcome)}\n`, () => process.exit(0));
