import type { Backend } from "@myelin/backend";
import { createJsBackend } from "@myelin/backend-js";
import { afterAll, describe, expect, it } from "vitest";
import * as my from "../src/index.js";
import { close } from "./helpers.js";

/** A backend that lacks the optional softmax kernels and one required kernel. */
function partialBackend(): Backend {
  const base = createJsBackend();
  const kernels = { ...base.kernels };
  delete kernels.Softmax;
  delete kernels.LogSoftmax;
  delete kernels.Pad;
  return { ...base, name: "partial", kernels, capabilities: base.capabilities, memory: base.memory };
}

describe("backends that lack kernels", () => {
  afterAll(async () => {
    await my.setBackend("js");
  });

  it("composes softmax stably when the kernel is missing (C01 in float32)", async () => {
    my.registerBackend("partial", partialBackend, { replace: true });
    await my.setBackend("partial");
    close(my.logSoftmax(my.tensor([[1e8, 1e8], [1000, 0]])).data(), [-Math.LN2, -Math.LN2, 0, -1000], 1e-5);
    close(my.softmax(my.tensor([[1e8, 1e8]])).data(), [0.5, 0.5], 1e-7);
  });

  it("runs a missing required kernel on the JS backend and reports it once", async () => {
    await my.setBackend("partial");
    const padded = my.pad(my.tensor([1, 2]), [[1, 1]]);
    expect(padded.array()).toEqual([0, 1, 2, 0]);
    expect(my.fallbackReport().partial).toContain("Pad");
    const warnings = my.recentLogs().filter((l) => l.message.includes('"partial" has no native Pad'));
    my.pad(my.tensor([3]), [[0, 1]]);
    expect(my.recentLogs().filter((l) => l.message.includes('"partial" has no native Pad'))).toHaveLength(warnings.length);
    expect(warnings).toHaveLength(1);
  });
});
