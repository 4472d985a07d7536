import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, useTempDir } from "./helpers.js";

const dir = useTempDir();

/** util-linux `script` runs a command on a pseudo-terminal. */
function hasScript(): boolean {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("myelin train on a terminal", () => {
  it.skipIf(!hasScript())("draws a progress bar with loss, metrics and ETA", () => {
    const out = join(dir(), "tty");
    const command = `"${process.execPath}" "${CLI}" train --dataset digits --epochs 2 --out "${out}"`;
    const text = execFileSync("script", ["-qec", command, "/dev/null"], {
      cwd: dir(),
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    expect(text).toMatch(/epoch 1\/2 [░█]+ \d+\/45 loss [\d.]+ {2}accuracy [\d.]+ ETA \d+s/);
    expect(text).toMatch(/epoch 2\/2 {2}loss [\d.]+ {2}accuracy [\d.]+ {2}[\d.]+s/);
    expect(text).toContain("test accuracy:");
  });
});
