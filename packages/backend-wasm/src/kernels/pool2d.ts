import type { Pool2DAttrs } from "@myelin/backend";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import type { WasmRuntime } from "../runtime.js";

/** Writes the geometry block of assembly/pool.ts for x [batch, h, w, c], y [batch, oh, ow, c]. */
export function poolParams(
  runtime: WasmRuntime,
  xShape: readonly number[],
  yShape: readonly number[],
  attrs: Pool2DAttrs,
): number {
  const [batch, h, w, c] = xShape as [number, number, number, number];
  const [, oh, ow] = yShape as [number, number, number, number];
  const { poolSize, strides, pads } = attrs;
  return runtime.params([
    batch,
    h,
    w,
    c,
    poolSize[0],
    poolSize[1],
    strides[0],
    strides[1],
    pads[0],
    pads[2],
    oh,
    ow,
  ]);
}

/** Max and average pooling of float32, vectorised over channels. */
export const pool2dKernel: WasmKernel<"Pool2D"> = {
  id: "Pool2D",
  writesAllOutputs: true,
  note: "float32, max and avg",
  supports: ([x]) => x!.dtype === "float32",
  setup: (runtime) => {
    const { pool2d } = runtime.exports;
    return ({ inputs: [x], outputs: [y], attrs }) => {
      const geometry = poolParams(runtime, x!.shape, y!.shape, attrs);
      pool2d(ptr(x!), ptr(y!), geometry, attrs.mode === "max" ? 1 : 0);
    };
  },
};
