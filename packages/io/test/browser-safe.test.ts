import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "src");

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  );
  return nested.flat().filter((path) => path.endsWith(".ts"));
}

describe("the main entry", () => {
  it("imports no node: module outside the node entry", async () => {
    const offenders: string[] = [];
    for (const path of await sources(src)) {
      const name = relative(src, path);
      if (name === "node.ts" || name.startsWith("node/")) {
        continue;
      }
      if (/from "node:|import\("node:/.test(await readFile(path, "utf8"))) {
        offenders.push(name);
      }
    }
    expect(offenders).toEqual([]);
  });
});
