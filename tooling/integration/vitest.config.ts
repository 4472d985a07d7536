import { myelinProject } from "@myelin/vitest-config";

// Forks, so that each test file runs in its own Node process with --expose-gc:
// the memory test drives the garbage collector to check the finalizer safety net.
export default myelinProject("myelin-integration", {
  pool: "forks",
  execArgv: ["--expose-gc"],
  testTimeout: 60_000,
});
