import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { chunkPixels, convGeometry, geometryParams, isPointwise } from "./conv-geometry.js";
import { fillValue } from "./fill.js";

/** dfilter = sum over chunks of im2col(x) transposed times dy. */
export const conv2dBackpropFilterKernel: WasmKernel<"Conv2DBackpropFilter"> = {
  id: "Conv2DBackpropFilter",
  writesAllOutputs: true,
  note: "float32; im2col + packed matmul with the columns transposed in packing (threaded)",
  supports: ([x, dy]) => x!.dtype === "float32" && dy!.dtype === "float32",
  setup: (runtime) => {
    const { im2col } = runtime.exports;
    return ({ inputs: [x, dy], outputs: [dfilter], attrs }) => {
      const g = convGeometry(x!.shape, dfilter!.shape, dy!.shape, attrs);
      const px = ptr(x!);
      const pdy = ptr(dy!);
      const pdf = ptr(dfilter!);
      if (isPointwise(g)) {
        const strides = { lda: g.cin, ldb: g.cout, ldc: g.cout };
        runtime.matmul(px, pdy, pdf, g.cin, g.cout, g.pixels, strides, true, false, false);
        return;
      }
      fillValue(runtime, pdf, "float32", dfilter!.size, 0);
      if (g.pixels === 0) {
        return;
      }

      const chunk = chunkPixels(g);
      const cols = runtime.heap.alloc(chunk * g.patch * 4);
      try {
        const strides = { lda: g.patch, ldb: g.cout, ldc: g.cout };
        for (let group = 0; group < g.groups; group++) {
          const geometry = geometryParams(runtime, g, group);
          const out = pdf + group * g.coutG * 4;
          for (let first = 0; first < g.pixels; first += chunk) {
            const count = Math.min(chunk, g.pixels - first);
            im2col(px, cols, geometry, first, count);
            const grad = pdy + (first * g.cout + group * g.coutG) * 4;
            runtime.matmul(cols, grad, out, g.patch, g.coutG, count, strides, true, false, true);
          }
        }
      } finally {
        runtime.heap.release(cols);
      }
    };
  },
};
