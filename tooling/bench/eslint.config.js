import { myelinLint } from "@myelin/eslint-config";

// A command-line tool: printing tables is its job.
export default myelinLint({ packageName: "@myelin/bench", allowConsole: true });
