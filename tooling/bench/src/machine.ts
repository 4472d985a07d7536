import { readFileSync } from "node:fs";
import os from "node:os";

/** Where a run was measured. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  v8: string;
  os: string;
}

/** Reads the CPU model from /proc/cpuinfo (Linux), else from Node's own report. */
export function describeMachine(): Machine {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.platform()} ${os.release()}`,
  };
}

function cpuModel(): string {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const match = /^model name\s*:\s*(.+)$/m.exec(info);
    if (match) {
      return match[1]!.trim();
    }
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? "unknown CPU";
}

/** "Intel(R) Xeon(R), 2 cores, 24 GiB, Node v20.20.2 (V8 11.3), linux 6.1". */
export function formatMachine(machine: Machine): string {
  return (
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
    `Node ${machine.node} (V8 ${machine.v8}), ${machine.os}`
  );
}
