import type { KernelId } from "@myelin/backend";
import { argReduceKernel } from "./arg-reduce.js";
import { binaryKernel } from "./binary.js";
import { castKernel } from "./cast.js";
import { concatKernel } from "./concat.js";
import { conv2dBackpropFilterKernel } from "./conv2d-backprop-filter.js";
import { conv2dBackpropInputKernel } from "./conv2d-backprop-input.js";
import { conv2dKernel } from "./conv2d.js";
import { copyKernel } from "./copy.js";
import { gatherKernel } from "./gather.js";
import type { WasmKernel } from "./kernel.js";
import { matMulKernel } from "./mat-mul.js";
import { optimizerStepKernel } from "./optimizer-step.js";
import { padKernel } from "./pad.js";
import { pool2dBackpropKernel } from "./pool2d-backprop.js";
import { pool2dKernel } from "./pool2d.js";
import { reduceKernel } from "./reduce.js";
import { scatterAddKernel } from "./scatter-add.js";
import { sliceKernel } from "./slice.js";
import { logSoftmaxKernel, softmaxKernel } from "./softmax.js";
import { transposeKernel } from "./transpose.js";
import { unaryKernel } from "./unary.js";
import { whereKernel } from "./where.js";

/** Every kernel of the Wasm backend, in the order of the interface's lists. */
export const WASM_KERNELS: readonly WasmKernel<KernelId>[] = [
  unaryKernel,
  binaryKernel,
  reduceKernel,
  argReduceKernel,
  matMulKernel,
  transposeKernel,
  sliceKernel,
  concatKernel,
  gatherKernel,
  scatterAddKernel,
  padKernel,
  whereKernel,
  castKernel,
  copyKernel,
  softmaxKernel,
  logSoftmaxKernel,
  conv2dKernel,
  conv2dBackpropInputKernel,
  conv2dBackpropFilterKernel,
  pool2dKernel,
  pool2dBackpropKernel,
  optimizerStepKernel,
] as readonly WasmKernel<KernelId>[];
