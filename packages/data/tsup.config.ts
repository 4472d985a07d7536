import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

// Cleaned once here: two parallel builds with `clean: true` could delete each
// other's output.
rmSync("dist", { recursive: true, force: true });

// Two entries share chunks, so `DataError` is one class whichever entry it comes
// from (splitting is what keeps the CJS build from duplicating it). Only the CJS
// build gets shims: it needs `import.meta.url` rewritten, while the ESM shim would
// add `path`/`url` imports to the shared, browser-safe chunk.
const common: Options = {
  entry: ["src/index.ts", "src/node.ts"],
  splitting: true,
  dts: true,
  sourcemap: true,
  target: "es2022",
};

export default defineConfig([
  { ...common, format: ["esm"] },
  { ...common, format: ["cjs"], shims: true },
]);
