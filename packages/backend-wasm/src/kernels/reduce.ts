import { ALL_FLOAT, ANY_FLOAT, REDUCE_CODES } from "../op-codes.js";
import type { DType, ReduceOp } from "@myelin/backend";
import { sizeOf, stridesOf } from "@myelin/backend";
import { elementBytes, ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import type { WasmRuntime } from "../runtime.js";

/** Runs of kept (false) and reduced (true) axes, size-1 axes dropped. */
function groups(
  shape: readonly number[],
  axes: readonly number[],
): { reduced: boolean; size: number }[] {
  const out: { reduced: boolean; size: number }[] = [];
  shape.forEach((extent, d) => {
    if (extent === 1) {
      return;
    }
    const reduced = axes.includes(d);
    const last = out[out.length - 1];
    if (last !== undefined && last.reduced === reduced) {
      last.size *= extent;
    } else {
      out.push({ reduced, size: extent });
    }
  });
  return out;
}

/**
 * Moves the reduced axes of x behind the kept ones into a scratch buffer, so
 * that any set of axes becomes one trailing reduction.
 */
function gatherReducedLast(
  runtime: WasmRuntime,
  x: number,
  shape: readonly number[],
  axes: readonly number[],
  bytes: number,
): number {
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const perm = [...kept, ...axes];
  const strides = stridesOf(shape);
  const outShape = perm.map((d) => shape[d]!);
  const src = perm.map((d) => strides[d]!);
  const dst = stridesOf(outShape);
  const scratch = runtime.heap.alloc(sizeOf(shape) * bytes);
  const params = [outShape.length, ...outShape, ...src, ...dst];
  runtime.exports.stridedCopy(x, scratch, bytes, runtime.params(params, outShape.length));
  return scratch;
}

/** The Wasm code of a reduction of `dtype` (any and all have float32 forms). */
function codeOf(op: ReduceOp, dtype: DType): number {
  if (dtype === "float32" && op === "any") {
    return ANY_FLOAT;
  }
  if (dtype === "float32" && op === "all") {
    return ALL_FLOAT;
  }
  return REDUCE_CODES[op];
}

/** sum, max, min, prod, any and all of float32; any and all of bool. */
export const reduceKernel: WasmKernel<"Reduce"> = {
  id: "Reduce",
  writesAllOutputs: true,
  note:
    "float32 (sum, max, min, prod, any, all) and bool (any, all); leading, trailing and middle axes " +
    "directly, other axis sets after one transposing copy",
  supports: ([x], { op }) =>
    x!.dtype === "float32" || ((op === "any" || op === "all") && x!.dtype === "bool"),
  setup: (runtime) => {
    const { reduce } = runtime.exports;
    return ({ inputs: [x], outputs: [y], attrs: { op, axes } }) => {
      const code = codeOf(op, x!.dtype);
      if (y!.size === 0) {
        return;
      }
      const runs = groups(x!.shape, axes);
      const reducedSize = sizeOf(axes.map((d) => x!.shape[d]!));

      // [kept?, reduced?, kept?] maps straight onto the kernel's [outer, red, inner].
      const firstReduced = runs.findIndex((g) => g.reduced);
      const reducedRuns = runs.filter((g) => g.reduced).length;
      if (reducedRuns <= 1 && firstReduced <= 1) {
        const outer = firstReduced === 1 ? runs[0]!.size : firstReduced === -1 ? y!.size : 1;
        const inner = y!.size / outer;
        reduce(code, ptr(x!), ptr(y!), outer, reducedSize, inner);
        return;
      }

      const bytes = elementBytes(x!.dtype);
      const scratch = gatherReducedLast(runtime, ptr(x!), x!.shape, axes, bytes);
      try {
        reduce(code, scratch, ptr(y!), y!.size, reducedSize, 1);
      } finally {
        runtime.heap.release(scratch);
      }
    };
  },
};
