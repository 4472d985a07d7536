import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectExit, runCli, useTempDir } from "./helpers.js";

const dir = useTempDir();
const spec = resolve(import.meta.dirname, "../../../examples/cnn-mnist.json");

describe("myelin train --dataset mnist", () => {
  it(
    "trains the example CNN to at least 0.98 test accuracy on 8,000 / 2,000 MNIST digits",
    async () => {
      const args = ["train", "--dataset", "mnist", "--model", spec, "--epochs", "8"];
      const run = expectExit(
        await runCli(
          [...args, "--batch-size", "64", "--backend", "wasm", "--out", join(dir(), "mnist"), "--json"],
          { cwd: dir(), timeoutMs: 170_000 },
        ),
        0,
      );
      const start = run.events[0]!;
      expect(start).toMatchObject({ dataset: "mnist", task: "classification", features: 784 });
      expect(start.rows).toEqual({ train: 8000, validation: 0, test: 2000 });
      expect(run.events.at(-1)!.metrics.test_accuracy).toBeGreaterThanOrEqual(0.98);
    },
    180_000,
  );

  it("refuses to change mnist's fixed columns", async () => {
    const run = expectExit(await runCli(["train", "--dataset", "mnist", "--target", "pixel_3"], { cwd: dir() }), 1);
    expect(run.stderr).toMatch(/--dataset mnist has fixed columns .*--target cannot change them/);
  });

  it("lists mnist among the datasets", async () => {
    const run = expectExit(await runCli(["datasets"], { cwd: dir() }), 0);
    expect(run.stdout).toMatch(/mnist\s+10000\s+784\s+classification/);
  });
});
