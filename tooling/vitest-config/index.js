// Test preset shared by every package. Workspace packages resolve to their
// TypeScript sources through the "source" export condition, so tests and
// typechecks never wait for a build.
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineProject } from "vitest/config";

/**
 * @param {string} name project name shown in reports
 * @param {import("vitest/config").ViteUserConfig["test"]} [test] extra test options
 */
export function myelinProject(name, test = {}) {
  return defineProject({
    resolve: { conditions: ["source", ...defaultClientConditions] },
    ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 30_000,
      ...test,
    },
  });
}
