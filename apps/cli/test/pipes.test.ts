import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI, useTempDir } from "./helpers.js";

const dir = useTempDir();
const run = promisify(execFile);

describe("output into a pipe that closes early", () => {
  it.each([["plain", ""], ["json", "--json"]])(
    "stops quietly with status 141 in %s mode",
    async (mode, flag) => {
      const out = join(dir(), `piped-${mode}`);
      const errors = join(dir(), `stderr-${mode}.txt`);
      // `head` exits after two lines, while training goes on writing one per epoch.
      const command =
        `"${process.execPath}" "${CLI}" train --dataset iris --epochs 150 --out "${out}" ` +
        `${flag} 2> "${errors}" | head -2; echo "status \${PIPESTATUS[0]}"`;
      const { stdout } = await run("bash", ["-c", command], { cwd: dir() });

      const lines = stdout.trimEnd().split("\n");
      expect(lines).toHaveLength(3);
      expect(lines[2]).toBe("status 141");
      expect(await readFile(errors, "utf8")).toBe("");
    },
  );
});
