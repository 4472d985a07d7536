import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { chunkPixels, convGeometry, geometryParams, isPointwise } from "./conv-geometry.js";
import { fillValue } from "./fill.js";

/** dx = col2im(dy times the transposed filter), chunk by chunk. */
export const conv2dBackpropInputKernel: WasmKernel<"Conv2DBackpropInput"> = {
  id: "Conv2DBackpropInput",
  writesAllOutputs: true,
  note: "float32; packed matmul with the filter transposed in packing, then col2im",
  supports: ([dy, filter]) => dy!.dtype === "float32" && filter!.dtype === "float32",
  setup: (runtime) => {
    const { col2im } = runtime.exports;
    return ({ inputs: [dy, filter], outputs: [dx], attrs }) => {
      const g = convGeometry(dx!.shape, filter!.shape, dy!.shape, attrs);
      const pdy = ptr(dy!);
      const pf = ptr(filter!);
      const pdx = ptr(dx!);
      if (isPointwise(g)) {
        const strides = { lda: g.cout, ldb: g.cout, ldc: g.cin };
        runtime.matmul(pdy, pf, pdx, g.pixels, g.cin, g.cout, strides, false, true, false);
        return;
      }
      fillValue(runtime, pdx, "float32", dx!.size, 0);
      if (g.pixels === 0) {
        return;
      }

      const chunk = chunkPixels(g);
      const cols = runtime.heap.alloc(chunk * g.patch * 4);
      try {
        const strides = { lda: g.cout, ldb: g.cout, ldc: g.patch };
        for (let group = 0; group < g.groups; group++) {
          const geometry = geometryParams(runtime, g, group);
          const filterCols = pf + group * g.coutG * 4;
          for (let first = 0; first < g.pixels; first += chunk) {
            const count = Math.min(chunk, g.pixels - first);
            const grad = pdy + (first * g.cout + group * g.coutG) * 4;
            runtime.matmul(
              grad,
              filterCols,
              cols,
              count,
              g.patch,
              g.coutG,
              strides,
              false,
              true,
              false,
            );
            col2im(cols, pdx, geometry, first, count);
          }
        }
      } finally {
        runtime.heap.release(cols);
      }
    };
  },
};
