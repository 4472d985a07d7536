import { recentLogs, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { warnIfUnscaled } from "../src/data.js";

function warningsOf(op: string): string[] {
  return recentLogs()
    .filter((r) => r.message.startsWith(`${op}: the inputs look unscaled`))
    .map((r) => r.message);
}

describe("warnIfUnscaled", () => {
  it("names the worst feature among the first 4096 rows of a tall input", () => {
    const rows = 5000;
    const values = new Float32Array(rows * 3).fill(0.5);
    values[100 * 3 + 2] = 900;
    values[200 * 3 + 1] = 150;
    warnIfUnscaled("tallFit", tensor(values, [rows, 3]));
    const [message] = warningsOf("tallFit");
    expect(message).toContain("feature 2 has max |x| 900.0");
  });

  it("looks at one tensor once, however often fit sees it", () => {
    const x = tensor([[1], [2], [500]]);
    warnIfUnscaled("againFit", x);
    expect(warningsOf("againFit")).toHaveLength(1);
    // A second look would warn under a new op name; the tensor is remembered instead.
    warnIfUnscaled("againFit2", x);
    expect(warningsOf("againFit2")).toHaveLength(0);
  });

  it("stays quiet for standardized features", () => {
    warnIfUnscaled("quietFit", tensor([[0.1, -1.2], [0.3, 0.8], [-0.5, 0.4]]));
    expect(warningsOf("quietFit")).toHaveLength(0);
  });
});
