import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { fillValue } from "./fill.js";
import { poolParams } from "./pool2d.js";

/** Gradient of max pooling (to the first max of each window) and of average pooling. */
export const pool2dBackpropKernel: WasmKernel<"Pool2DBackprop"> = {
  id: "Pool2DBackprop",
  writesAllOutputs: true,
  note: "float32, max and avg",
  supports: ([x, dy]) => x!.dtype === "float32" && dy!.dtype === "float32",
  setup: (runtime) => {
    const { pool2dBackprop } = runtime.exports;
    return ({ inputs: [x, dy], outputs: [dx], attrs }) => {
      fillValue(runtime, ptr(dx!), "float32", dx!.size, 0);
      const geometry = poolParams(runtime, x!.shape, dy!.shape, attrs);
      pool2dBackprop(ptr(x!), ptr(dy!), ptr(dx!), geometry, attrs.mode === "max" ? 1 : 0);
    };
  },
};
