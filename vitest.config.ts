import { defineConfig } from "vitest/config";

// One root run over every package for CI; each package also runs alone
// (`pnpm --filter <pkg> test`) during development.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tooling/integration", "tooling/test-utils"],
  },
});
