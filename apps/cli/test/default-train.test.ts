import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();

describe("myelin train with no options", () => {
  it("trains an MLP on the bundled digits to at least 0.97 test accuracy in under 60 s", async () => {
    const started = performance.now();
    const run = expectExit(await runCli(["train"], { cwd: dir(), timeoutMs: 110_000 }), 0);
    const seconds = (performance.now() - started) / 1000;

    expect(run.stdout).toMatch(/^training on digits \(classification, 64 features, 10 classes\)/);
    const epochs = run.stdout.split("\n").filter((line) => /^epoch +\d+\/\d+ {2}loss/.test(line));
    expect(epochs.length).toBeGreaterThan(0);
    const accuracy = Number(/test accuracy: ([\d.]+)/.exec(run.stdout)?.[1]);
    console.log(`default train: test accuracy ${accuracy}, ${seconds.toFixed(1)} s`);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    expect(seconds).toBeLessThan(60);

    const [runDir] = await readdir(join(dir(), "runs"));
    expect(runDir).toMatch(/^digits-\d{8}-\d{6}$/);
    expect((await readdir(join(dir(), "runs", runDir!))).sort()).toEqual([
      "model.json",
      "weights.bin",
    ]);
  }, 120_000);
});
