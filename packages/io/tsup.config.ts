import { rmSync } from "node:fs";
import { defineConfig } from "tsup";

// Cleaned once here, since the two entries build in one run.
rmSync("dist", { recursive: true, force: true });

// Both entries share chunks, so `ModelFileError` is one class whichever entry it
// is imported from.
export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  splitting: true,
  dts: true,
  sourcemap: true,
  target: "es2022",
});
