import { myelinProject } from "@myelin/vitest-config";

// The tests run the built `dist/cli.js` as a user would; the global setup
// rebuilds it when a source file is newer than the bundle.
export default myelinProject("cli", {
  globalSetup: ["test/global-setup.ts"],
  testTimeout: 60_000,
});
