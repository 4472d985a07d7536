import { brainJs } from "./brain.js";
import { myelinJs, myelinJsKernel, myelinJsOp } from "./myelin-js.js";
import { myelinWasm, myelinWasmKernel, myelinWasmOp } from "./myelin-wasm.js";
import { tfjsCpu } from "./tfjs-cpu.js";
import { tfjsWasm } from "./tfjs-wasm.js";
import type { Subject } from "./types.js";

export type { Subject } from "./types.js";

/**
 * Every subject, peers first. Subjects load their library only in
 * `available()`, so listing them here imports nothing heavy.
 */
export const SUBJECTS: readonly Subject[] = [
  tfjsCpu,
  tfjsWasm,
  brainJs,
  myelinJs,
  myelinJsOp,
  myelinJsKernel,
  myelinWasm(1),
  myelinWasmOp(1),
  myelinWasmKernel(1),
  myelinWasm(2),
  myelinWasmOp(2),
  myelinWasmKernel(2),
];

/** Looks a subject up by id. */
export function subjectById(id: string): Subject | undefined {
  return SUBJECTS.find((subject) => subject.id === id);
}
