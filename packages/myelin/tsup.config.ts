import { defineConfig } from "tsup";

// Two entries: `myelin` (browser-safe) and `myelin/node` (file system helpers).
export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
});
