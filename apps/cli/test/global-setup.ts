import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "cli.js");

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * Builds the CLI when `dist/cli.js` is missing or older than its sources. The
 * workspace packages it imports stay external, so their builds must exist (turbo's
 * `test` task builds them first).
 */
export default function setup(): void {
  const require = createRequire(join(root, "package.json"));
  for (const dependency of ["myelin", "@myelin/data", "@myelin/io"]) {
    const entry = require.resolve(dependency);
    if (!existsSync(entry)) {
      throw new Error(
        `${dependency} is not built (${entry} is missing). Run: pnpm turbo run build --filter=@myelin/cli^...`,
      );
    }
  }
  const inputs = ["src", "package.json", "tsup.config.ts"].map((name) => join(root, name));
  const stale =
    !existsSync(bundle) || Math.max(...inputs.map(newestChange)) > statSync(bundle).mtimeMs;
  if (stale) {
    execFileSync("pnpm", ["exec", "tsup"], { cwd: root, stdio: "inherit" });
  }
}
