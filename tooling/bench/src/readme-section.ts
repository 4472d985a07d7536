import { formatMachine, type Machine } from "./machine.js";
import { renderMarkdown, type WorkloadReport } from "./report.js";

/** What the README's generated section records. */
export interface ReadmeSectionInput {
  machine: Machine;
  date: Date;
  mode: "quick" | "full";
  rounds: number;
  /** The harness's own footprint, one sentence. */
  baseline: string;
  /** The load during the runs, as `formatLoad` words it. */
  load: string;
  reports: readonly WorkloadReport[];
}

/** The generated results section: where and when, then one table per workload. */
export function readmeSection(input: ReadmeSectionInput): string {
  const command = input.mode === "quick" ? "pnpm bench -- --quick" : "pnpm bench";
  const lines = [
    `Measured ${input.date.toISOString().slice(0, 10)} with \`${command}\` ` +
      `(${input.mode} settings, ${input.rounds} run(s) per row; median [min-max]).`,
    "",
    `Machine: ${formatMachine(input.machine)}; ${input.load}.`,
    "",
    `${input.baseline}`,
  ];
  for (const report of input.reports) {
    lines.push("", renderMarkdown(report));
  }
  return lines.join("\n");
}
