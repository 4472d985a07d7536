import { describe, expect, it } from "vitest";
import type { RunOutcome, RunRecord } from "./protocol.js";
import {
  buildReport,
  formatCell,
  formatLoad,
  formatNumber,
  renderMarkdown,
  renderText,
} from "./report.js";
import { workloadById } from "./workloads.js";

function record(
  subject: string,
  family: RunRecord["family"],
  cases: string[],
  pass: number,
  outcome: RunOutcome,
): RunRecord {
  return { subject, family, workload: "mlp", cases, pass, load1: 0, wallMs: 1, outcome };
}

const ok = (sgd: number, rssMiB = 100): RunOutcome => ({
  status: "ok",
  library: "lib",
  results: { sgd: { value: sgd, check: "loss 2.3 -> 2.1" } },
  rssMiB,
});

const records: RunRecord[] = [
  record("peer", "peer", ["sgd"], 1, ok(1000, 150)),
  record("peer", "peer", ["sgd"], 2, ok(1200, 170)),
  record("peer", "peer", ["sgd"], 3, ok(1100, 160)),
  record("peer", "peer", ["adam"], 1, { status: "failed", error: "boom" }),
  record("mine", "myelin", ["sgd"], 1, ok(4000)),
  record("mine", "myelin", ["adam"], 1, { status: "unavailable", reason: "no adam yet" }),
  record("later", "myelin", ["sgd"], 1, { status: "unavailable", reason: "no setup yet" }),
  record("later", "myelin", ["adam"], 1, { status: "unavailable", reason: "no setup yet" }),
];

describe("buildReport", () => {
  const report = buildReport(workloadById("mlp"), records, ["peer", "mine", "later"]);

  it("summarises each case over the runs that succeeded", () => {
    const [peer] = report.rows;
    expect(peer!.cells[0]).toEqual({ median: 1100, min: 1000, max: 1200, count: 3 });
    expect(peer!.rss).toEqual([160, undefined]);
  });

  it("keeps the reason where a case has no figure", () => {
    expect(report.rows[0]!.cells[1]).toBe("failed: boom");
    expect(report.rows[1]!.cells[1]).toBe("n/a: no adam yet");
  });

  it("gives Myelin's speed-up over each peer only where both have figures", () => {
    const expected = { myelin: "mine", peer: "peer", speedups: [4000 / 1100, undefined] };
    expect(report.ratios).toEqual([expected]);
  });

  it("inverts the ratio when lower is better", () => {
    const tutorial = workloadById("tutorial");
    const timed = (subject: string, family: RunRecord["family"], ms: number): RunRecord => ({
      ...record(subject, family, ["cold", "warm"], 1, {
        status: "ok",
        library: "lib",
        results: { cold: { value: ms }, warm: { value: ms / 2 } },
        rssMiB: 1,
      }),
      workload: "tutorial",
    });
    const fast = buildReport(tutorial, [timed("peer", "peer", 500), timed("mine", "myelin", 5)], [
      "peer",
      "mine",
    ]);
    expect(fast.ratios[0]!.speedups).toEqual([100, 100]);
  });

  it("renders a row with one reason for every case once, across the table", () => {
    const text = renderText(report);
    const later = text.split("\n").find((line) => line.startsWith("later"));
    expect(later).toMatch(/^later +n\/a: no setup yet$/);
    expect(text).toContain("mine vs peer: SGD lr 0.05 3.64x, Adam lr 0.001 -");
  });

  it("renders markdown with one column per case plus RSS and check", () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(
      "| subject | SGD lr 0.05 | Adam lr 0.001 | peak RSS MiB (per process) | check |",
    );
    expect(markdown).toContain("| peer | 1,100 [1,000-1,200] | failed: boom | 160 / - |");
  });
});

describe("formatNumber", () => {
  it("keeps about three significant digits", () => {
    expect(formatNumber(137343.2)).toBe("137,343");
    expect(formatNumber(26.43)).toBe("26.4");
    expect(formatNumber(0.583)).toBe("0.58");
    expect(formatNumber(0.0183)).toBe("0.018");
  });
});

describe("formatCell", () => {
  it("prints the median alone for a single run", () => {
    expect(formatCell({ median: 3, min: 3, max: 3, count: 1 })).toBe("3.00");
  });
});

describe("the check column", () => {
  it("shows the worst matMul error once for all sizes", () => {
    const matmul = workloadById("matmul");
    const results = Object.fromEntries(
      ["128", "256", "512", "1024"].map((n, i) => [n, { value: 1, check: `max err ${i}.0e-6` }]),
    );
    const run: RunRecord = {
      ...record("peer", "peer", ["128", "256", "512", "1024"], 1, {
        status: "ok",
        library: "lib",
        results,
        rssMiB: 1,
      }),
      workload: "matmul",
    };
    const report = buildReport(matmul, [run], ["peer"]);
    expect(report.rows[0]!.check).toBe("max err <= 3.0e-6 (all sizes)");
  });
});

describe("formatLoad", () => {
  it("gives the range, and warns when the load exceeded the cores", () => {
    expect(formatLoad([{ load1: 0.4 }, { load1: 1.2 }], 2)).toBe(
      "one-minute load average 0.4-1.2 (2 cores)",
    );
    expect(formatLoad([{ load1: 3.5 }], 2)).toMatch(/2 cores\); other work shared the machine/);
  });
});
