import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// The browser test: builds the app, serves it with Vite's preview and drives
// Debian's Chromium. Kept out of the unit projects, which need no browser.
export default defineConfig({
  resolve: { conditions: ["source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
  test: {
    name: "playground-e2e",
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
