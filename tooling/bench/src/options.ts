import { WORKLOAD_IDS, type WorkloadId } from "./workloads.js";

/** Command-line options of `pnpm bench`. */
export interface BenchOptions {
  only: WorkloadId[];
  /** Subject ids to run; all when empty. */
  subjects: string[];
  /** Interleaved passes: each (subject, workload) runs this many times, one process each. */
  rounds: number;
  quick: boolean;
  writeReadme: boolean;
  help: boolean;
}

/** A command-line mistake; the message says what to type instead. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Usage text printed by --help and after a usage error. */
export const USAGE = `Usage: pnpm bench [-- options]
  --only <list>      workloads, comma-separated: ${WORKLOAD_IDS.join(", ")} (default: all)
  --subjects <list>  subject ids, comma-separated (default: all)
  --rounds <n>       runs per subject and workload, interleaved (default: 3, or 1 with --quick)
  --quick            fewer samples, epochs and batches: a smoke run
  --write-readme     replace the results section of tooling/bench/README.md
  --help             print this text`;

/**
 * Parses the arguments after the script name. A bare "--" (as pnpm forwards
 * it) is ignored; "--flag value" and "--flag=value" both work.
 *
 * @throws UsageError for an unknown flag, a missing or invalid value.
 */
export function parseOptions(argv: readonly string[], subjectIds: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    only: [...WORKLOAD_IDS],
    subjects: [],
    rounds: 0,
    quick: false,
    writeReadme: false,
    help: false,
  };
  const args = argv.flatMap((arg) =>
    arg.startsWith("--") && arg.includes("=") ? split(arg) : [arg],
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith("--")) {
        throw new UsageError(`${arg} needs a value.`);
      }
      return next;
    };
    switch (arg) {
      case "--":
        break;
      case "--only":
        options.only = list(value(), WORKLOAD_IDS, "--only") as WorkloadId[];
        break;
      case "--subjects":
        options.subjects = list(value(), subjectIds, "--subjects");
        break;
      case "--rounds":
        options.rounds = positiveInteger(value());
        break;
      case "--quick":
        options.quick = true;
        break;
      case "--write-readme":
        options.writeReadme = true;
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new UsageError(`Unknown option ${arg}.`);
    }
  }
  if (options.rounds === 0) {
    options.rounds = options.quick ? 1 : 3;
  }
  return options;
}

function split(arg: string): string[] {
  const at = arg.indexOf("=");
  return [arg.slice(0, at), arg.slice(at + 1)];
}

function list(text: string, allowed: readonly string[], flag: string): string[] {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !allowed.includes(item));
  if (items.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `${flag}: unknown ${unknown.join(", ") || "(empty list)"}; ` +
        `choose from ${allowed.join(", ")}.`,
    );
  }
  return items;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--rounds expects a whole number of at least 1; got "${text}".`);
  }
  return value;
}
