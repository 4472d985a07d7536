import { defineConfig } from "tsup";

// One executable ES module. Workspace packages stay external: @myelin/data finds
// its bundled datasets relative to its own files, so it must not be inlined.
export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
  sourcemap: true,
  clean: true,
});
