import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as data from "./index.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : [path];
  });
}

describe("the main entry", () => {
  it("exports the public surface by name", () => {
    for (const name of [
      "parseCsv",
      "loadTable",
      "standardScaler",
      "splitTable",
      "csvDataset",
      "loadMnist",
    ]) {
      expect(typeof (data as Record<string, unknown>)[name]).toBe("function");
    }
  });

  it("imports no node: module outside the node entry, so it bundles for browsers", () => {
    const root = new URL(".", import.meta.url).pathname;
    const offenders = sourceFiles(root)
      .filter((path) => path.endsWith(".ts") && !path.endsWith(".test.ts"))
      .filter((path) => !path.endsWith("/node.ts"))
      .filter((path) => /from "node:|import\("node:/.test(readFileSync(path, "utf8")))
      .map((path) => relative(root, path));

    expect(offenders).toEqual([]);
  });
});
