import { myelinLint } from "@myelin/eslint-config";

// Test and profiling tooling: the profiler prints its tables.
export default myelinLint({ packageName: "@myelin/integration", allowConsole: true });
