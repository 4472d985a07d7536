// Adds up vitest JSON reports into the one closing line CI reads.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? ".ci/out";
let passed = 0;
let failed = 0;
let skipped = 0;
const expected = ["unit.json"];
if (existsSync("apps/playground/vitest.e2e.config.ts")) {
  expected.push("e2e.json");
}
const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
for (const name of expected) {
  if (!found.includes(name)) {
    console.log(`missing test report ${join(dir, name)}`);
    failed += 1;
  }
}
for (const name of found) {
  const report = JSON.parse(readFileSync(join(dir, name), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) {
    console.log(`${name}: ${report.numFailedTestSuites} test file(s) failed to run`);
    failed += report.numFailedTestSuites;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
