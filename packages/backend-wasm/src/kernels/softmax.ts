import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import type { TensorInfo } from "@myelin/backend";
import type { WasmRuntime } from "../runtime.js";

function rowsAndCols(x: TensorInfo): [number, number] {
  const cols = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1]!;
  return [cols === 0 ? 0 : x.size / cols, cols];
}

function runSoftmax(runtime: WasmRuntime, logOutput: boolean) {
  const { softmax } = runtime.exports;
  return ({
    inputs: [x],
    outputs: [y],
  }: {
    inputs: readonly TensorInfo[];
    outputs: readonly TensorInfo[];
  }) => {
    const [rows, cols] = rowsAndCols(x!);
    softmax(ptr(x!), ptr(y!), rows, cols, logOutput ? 1 : 0);
  };
}

/** Softmax along the last axis (float32), stable: the row max is subtracted first. */
export const softmaxKernel: WasmKernel<"Softmax"> = {
  id: "Softmax",
  writesAllOutputs: true,
  note: "float32, last axis",
  supports: ([x]) => x!.dtype === "float32",
  setup: (runtime) => runSoftmax(runtime, false),
};

/** Log-softmax along the last axis (float32): x - max - log(sum(exp(x - max))). */
export const logSoftmaxKernel: WasmKernel<"LogSoftmax"> = {
  id: "LogSoftmax",
  writesAllOutputs: true,
  note: "float32, last axis",
  supports: ([x]) => x!.dtype === "float32",
  setup: (runtime) => runSoftmax(runtime, true),
};
