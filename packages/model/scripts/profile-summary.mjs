/**
 * Summarises a V8 CPU profile (from `node --cpu-prof`): self time per
 * function, self time per workspace package, and inclusive time of the
 * functions whose label contains a filter.
 *
 * Run: node packages/model/scripts/profile-summary.mjs FILE.cpuprofile [top=40] [filter]
 * Example, profiling the tutorial benchmark:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --conditions=source --import tsx \
 *     packages/model/scripts/bench-tutorial.ts
 *   node packages/model/scripts/profile-summary.mjs "$(ls -S /tmp/prof/* | head -1)" 30 model/src
 * (tsx runs a loader thread with its own, smaller profile; the largest file is the program's.)
 */
import { readFileSync } from "node:fs";

const [file, topArg = "40", filter] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: profile-summary.mjs FILE.cpuprofile [top] [filter]");
  process.exit(2);
}
const top = Number(topArg);
const profile = JSON.parse(readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map();
for (const n of profile.nodes) {
  for (const child of n.children ?? []) {
    parents.set(child, n.id);
  }
}

function label(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, "").replace(/^.*\/packages\//, "");
  const line = lineNumber > 0 ? `:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}${line}`.trim();
}

function packageOf(node) {
  const match = node.callFrame.url.match(/\/packages\/([^/]+)\//);
  return match ? match[1] : node.callFrame.url === "" ? node.callFrame.functionName : "other";
}

const selfTime = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

function print(title, entries) {
  console.log(`\n${title}`);
  const rows = [...entries].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) {
    const ms = (us / 1000).toFixed(1).padStart(8);
    const share = ((100 * us) / total).toFixed(1).padStart(5);
    console.log(`${ms} ms ${share}%  ${key}`);
  }
}

function sumBy(keyOf) {
  const sums = new Map();
  for (const [id, us] of selfTime) {
    const key = keyOf(nodes.get(id));
    sums.set(key, (sums.get(key) ?? 0) + us);
  }
  return sums;
}

console.log(`${(total / 1000).toFixed(1)} ms sampled`);
print("self time per function", sumBy(label));
print("self time per package", sumBy(packageOf));
if (filter !== undefined) {
  const inclusive = new Map();
  for (const [id, us] of selfTime) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parents.get(at)) {
      const key = label(nodes.get(at));
      if (!seen.has(key) && key.includes(filter)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  print(`inclusive time, labels containing "${filter}"`, inclusive);
}
