// Times training steps of the anchor workloads per backend, then breaks one
// profiled epoch down per kernel and storage call; the rest of the wall time
// is engine, autograd and model overhead.
//
//   pnpm --filter @myelin/integration profile -- --workload mlp --backend wasm --detail
//   (or in this folder: pnpm exec tsx --conditions=source scripts/profile-train.ts --help)
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { getBackend, initBackend, memory, setup } from "myelin";
import { KernelProfiler, type ProfileReport } from "../src/kernel-profiler.js";
import {
  buildWorkload,
  disposeWorkload,
  WORKLOAD_NAMES,
  type WorkloadName,
} from "../src/workloads.js";

const HELP = `profile-train: samples/s and a per-kernel profile of training steps.

  --backend js,wasm      backends to run (default both)
  --workload mlp,cnn,lstm workloads (default all)
  --threads N            Wasm threads, the calling thread included (default 1)
  --epochs N             timed epochs without the profiler (default 5)
  --samples N            rows of training data (default: 4096 mlp, 256 cnn, 512 lstm)
  --optimizer sgd|adam   (default sgd)
  --detail               split kernels by attributes and input shapes
  --top N                profile lines to print (default 14)
  --no-profile           only the samples/s figure
`;

const DEFAULT_SAMPLES: Record<WorkloadName, number> = { mlp: 4096, cnn: 256, lstm: 512 };

// `pnpm run profile -- ...` passes the separator on.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
const { values: args } = parseArgs({
  args: argv,
  options: {
    backend: { type: "string", default: "js,wasm" },
    workload: { type: "string", default: WORKLOAD_NAMES.join(",") },
    threads: { type: "string", default: "1" },
    epochs: { type: "string", default: "5" },
    samples: { type: "string" },
    optimizer: { type: "string", default: "sgd" },
    detail: { type: "boolean", default: false },
    top: { type: "string", default: "14" },
    "no-profile": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

function fixed(value: number, digits = 1): string {
  return value.toFixed(digits).padStart(9);
}

function printProfile(report: ProfileReport, wallMs: number, steps: number, top: number): void {
  const kernelCalls = report.entries
    .filter((e) => !/ (alloc|write|read|free|supports)$/.test(e.name))
    .reduce((sum, e) => sum + e.calls, 0);
  const restMs = wallMs - report.totalMs;
  const header = ["calls/step".padStart(10), "us/step".padStart(9), "share".padStart(6)];
  console.log(`    ${"entry".padEnd(58)} ${header.join(" ")}`);
  for (const entry of report.entries.slice(0, top)) {
    const share = `${((100 * entry.ms) / wallMs).toFixed(1)}%`;
    console.log(
      `    ${entry.name.slice(0, 58).padEnd(58)} ${fixed(entry.calls / steps).padStart(10)} ` +
        `${fixed((1000 * entry.ms) / steps, 0)} ${share.padStart(6)}`,
    );
  }
  const hidden = report.entries.slice(top).reduce((sum, e) => sum + e.ms, 0);
  if (hidden > 0) {
    const share = `${((100 * hidden) / wallMs).toFixed(1)}%`;
    const us = fixed((1000 * hidden) / steps, 0);
    const blank = "".padStart(10);
    console.log(`    ${"(other entries)".padEnd(58)} ${blank} ${us} ${share.padStart(6)}`);
  }
  const restShare = `${((100 * restMs) / wallMs).toFixed(1)}%`;
  console.log(
    `    ${"engine + autograd + model (not in any entry)".padEnd(58)} ${"".padStart(10)} ` +
      `${fixed((1000 * restMs) / steps, 0)} ${restShare.padStart(6)}`,
  );
  console.log(
    `    ${(kernelCalls / steps).toFixed(0)} kernel calls per step; ` +
      `${((1000 * restMs) / kernelCalls).toFixed(2)} us of overhead per kernel call`,
  );
}

async function runWorkload(backendName: "js" | "wasm", name: WorkloadName): Promise<void> {
  const samples = Number(args.samples ?? DEFAULT_SAMPLES[name]);
  const epochs = Number(args.epochs);
  const optimizer = args.optimizer === "adam" ? "adam" : "sgd";
  const workload = buildWorkload(name, { samples, seed: 7, optimizer });
  const { model, x, y, batchSize } = workload;
  const steps = Math.ceil(samples / batchSize);
  // One fit call, timed per epoch through callbacks, so fit's own set-up
  // (data checks, batching) counts once, as in a real run. The first epoch
  // warms up; the best epoch is the least disturbed on a shared machine.
  const timedFit = async (
    count: number,
    onEpoch: (epoch: number, phase: "begin" | "end") => void = () => {},
  ): Promise<{ epochMs: number[]; cpuMs: number[]; losses: number[] }> => {
    const epochMs: number[] = [];
    const cpuMs: number[] = [];
    const losses: number[] = [];
    let start = 0;
    let cpuStart = process.cpuUsage();
    await model.fit(x, y, {
      batchSize,
      epochs: count,
      shuffle: false,
      checkFinite: false,
      callbacks: [
        {
          onEpochBegin: (epoch) => {
            onEpoch(epoch, "begin");
            cpuStart = process.cpuUsage();
            start = performance.now();
          },
          onEpochEnd: (epoch, logs) => {
            epochMs.push(performance.now() - start);
            const cpu = process.cpuUsage(cpuStart);
            cpuMs.push((cpu.user + cpu.system) / 1000);
            losses.push(logs.loss as number);
            onEpoch(epoch, "end");
          },
        },
      ],
    });
    return { epochMs: epochMs.slice(1), cpuMs: cpuMs.slice(1), losses };
  };

  const { epochMs, cpuMs, losses } = await timedFit(1 + epochs);
  const sorted = [...epochMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const best = sorted[0]!;
  const cpuMedian = [...cpuMs].sort((a, b) => a - b)[Math.floor(cpuMs.length / 2)]!;
  const perSecond = (ms: number) => ((samples * 1000) / ms).toFixed(0);
  console.log(
    `  ${backendName} ${name}: ${perSecond(median)} samples/s median, ${perSecond(best)} best ` +
      `of ${epochs} epochs x ${steps} steps (${perSecond(cpuMedian)} per CPU second; ` +
      `${((1000 * best) / steps).toFixed(0)} us/step best; ` +
      `loss ${losses[0]!.toFixed(4)} -> ${losses.at(-1)!.toFixed(4)}; ` +
      `load ${loadavg()[0]!.toFixed(2)})`,
  );

  if (!args["no-profile"]) {
    const backends = [getBackend()];
    if (backendName !== "js") {
      backends.push(await initBackend("js"));
    }
    const profiler = new KernelProfiler(backends, { detail: args.detail });
    // The least disturbed of three profiled epochs, after one warm-up epoch.
    const reports: ProfileReport[] = [];
    const profiled = await timedFit(4, (epoch, phase) => {
      if (phase === "begin") {
        profiler.reset();
      } else if (epoch > 0) {
        reports.push(profiler.report());
      }
    });
    profiler.restore();
    const bestRound = profiled.epochMs.indexOf(Math.min(...profiled.epochMs));
    const ms = profiled.epochMs[bestRound]!;
    console.log(
      `    profiled epoch: ${((1000 * ms) / steps).toFixed(0)} us/step ` +
        `(best unprofiled: ${((1000 * best) / steps).toFixed(0)})`,
    );
    printProfile(reports[bestRound]!, ms, steps, Number(args.top));
  }
  disposeWorkload(workload);
  const fallbacks = memory().fallbacks[backendName] ?? [];
  if (fallbacks.length > 0) {
    console.log(`    kernels that fell back to js: ${fallbacks.join(", ")}`);
  }
}

async function main(): Promise<void> {
  if (args.help) {
    console.log(HELP);
    return;
  }
  const backends = args.backend.split(",") as ("js" | "wasm")[];
  const workloads = args.workload.split(",") as WorkloadName[];
  const load = loadavg().map((l) => l.toFixed(2));
  console.log(`node ${process.version}, load average ${load.join(" ")}`);
  for (const backend of backends) {
    await setup({ backend, threads: Number(args.threads), seed: 7 });
    for (const workload of workloads) {
      await runWorkload(backend, workload);
    }
  }
  getBackend().shutdown?.();
}

await main();
