import { spawn } from "node:child_process";
import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLI,
  expectExit,
  parseEvents,
  readOnlyRunner,
  runCli,
  useTempDir,
} from "./helpers.js";

const dir = useTempDir();
const run = [
  "train",
  "--dataset",
  "digits",
  "--epochs",
  "6",
  "--layers",
  "48:relu",
  "--batch-size",
  "16",
  "--seed",
  "7",
];

/** Starts a run and kills it with SIGKILL once checkpoint `epoch` is reported. */
function killAfterCheckpoint(
  out: string,
  epoch: number,
): Promise<{ signal: string | null; events: Record<string, any>[] }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...run, "--out", out, "--json"], {
      cwd: dir(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const seen = parseEvents(stdout.slice(0, stdout.lastIndexOf("\n") + 1));
      if (seen.some((event) => event.event === "checkpoint" && event.epoch === epoch)) {
        child.kill("SIGKILL");
      }
    });
    child.on("error", fail);
    child.on("close", (_code, signal) => done({ signal, events: parseEvents(stdout) }));
  });
}

describe("a run killed with SIGKILL", () => {
  it("loads from its last checkpoint and resumes to the uninterrupted run's weights, bit for bit", async () => {
    const full = join(dir(), "full");
    const killed = join(dir(), "killed");
    const [uninterrupted, interrupted] = await Promise.all([
      runCli([...run, "--out", full], { cwd: dir() }),
      killAfterCheckpoint(killed, 2),
    ]);
    expectExit(uninterrupted, 0);
    expect(interrupted.signal).toBe("SIGKILL");
    expect(interrupted.events.some((event) => event.event === "done")).toBe(false);

    const summary = expectExit(await runCli(["summary", killed], { cwd: dir() }), 0);
    const done = Number(/checkpoint: (\d+) epochs done, in progress/.exec(summary.stdout)?.[1]);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(6);

    const resumed = expectExit(
      await runCli(["train", "--resume", killed, "--json"], { cwd: dir() }),
      0,
    );
    const start = resumed.events.find((event) => event.event === "start")!;
    expect(start.initialEpoch).toBe(done);
    expect(
      resumed.events.filter((event) => event.event === "epoch").map((event) => event.epoch),
    ).toEqual(Array.from({ length: 6 - done }, (_, i) => done + i + 1));

    const [a, b] = await Promise.all([full, killed].map((d) => readFile(join(d, "weights.bin"))));
    expect(Buffer.compare(a!, b!)).toBe(0);
    const [ja, jb] = await Promise.all(
      [full, killed].map(async (d) => JSON.parse(await readFile(join(d, "model.json"), "utf8"))),
    );
    expect(jb.weightsManifest.sha256).toBe(ja.weightsManifest.sha256);
    expect(jb.checkpoint).toMatchObject({ epoch: 6, complete: true });
    expect(jb.metadata.metrics).toEqual(ja.metadata.metrics);
  });

  it("refuses to change the run's settings on resume", async () => {
    const out = join(dir(), "short");
    expectExit(
      await runCli(["train", "--dataset", "iris", "--epochs", "3", "--out", out], { cwd: dir() }),
      0,
    );
    const changed = expectExit(
      await runCli(["train", "--resume", out, "--epochs", "9"], { cwd: dir() }),
      1,
    );
    expect(changed.stderr).toContain("so --epochs cannot be changed");
    const finished = expectExit(await runCli(["train", "--resume", out], { cwd: dir() }), 1);
    expect(finished.stderr).toContain("holds a finished run (3 of 3 epochs)");
  });
});

describe("--resume into a directory it cannot write", () => {
  it("is refused before the first epoch, leaving the checkpoint as it was", async ({ skip }) => {
    const parent = join(dir(), "shared");
    await mkdir(parent);
    // Reachable by nobody, whom the test may run the CLI as.
    await chmod(dir(), 0o755);
    await chmod(parent, 0o755);
    const runner = await readOnlyRunner(parent);
    skip(runner.skip !== undefined, runner.skip);
    const out = join(parent, "run");
    const args = ["train", "--dataset", "iris", "--epochs", "3", "--out", out];
    expectExit(await runCli(args, { cwd: dir() }), 0);
    // As a run stopped after its second epoch leaves it.
    const modelPath = join(out, "model.json");
    const json = JSON.parse(await readFile(modelPath, "utf8"));
    json.checkpoint = { ...json.checkpoint, epoch: 2, complete: false };
    await writeFile(modelPath, JSON.stringify(json));
    const names = ["model.json", "weights.bin"];
    const files = () => Promise.all(names.map((name) => readFile(join(out, name))));
    const before = await files();

    await chmod(out, 0o555);
    try {
      const resume = ["train", "--resume", out, "--json"];
      const run = await runCli(resume, { cwd: dir(), as: runner.as });
      expectExit(run, 1);
      expect(run.events.map((event) => event.event)).toEqual(["error"]);
      expect(run.stderr).toBe(
        `error: --resume ${out}: cannot write into this directory (permission denied, ` +
          `EACCES). --resume saves every epoch's checkpoint back into ${out}: make it ` +
          `writable (chmod u+w ${out}), or copy the run somewhere writable and resume the copy.\n`,
      );
    } finally {
      await chmod(out, 0o755);
    }
    expect(await files()).toEqual(before);
    expect((await readdir(out)).sort()).toEqual(["model.json", "weights.bin"]);
  });
});
