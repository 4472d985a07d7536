import { myelinProject } from "@myelin/vitest-config";

// Unit tests of the harness only (statistics, data, tables, options); no benchmark runs here.
export default myelinProject("bench");
