import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import { chunkPixels, convGeometry, geometryParams, isPointwise } from "./conv-geometry.js";

/** Convolution as im2col chunks times the filter on the packed matmul. */
export const conv2dKernel: WasmKernel<"Conv2D"> = {
  id: "Conv2D",
  writesAllOutputs: true,
  note: "float32; im2col + packed matmul (threaded), 1x1 convolutions as one matmul",
  supports: ([x, filter]) => x!.dtype === "float32" && filter!.dtype === "float32",
  setup: (runtime) => {
    const { im2col } = runtime.exports;
    return ({ inputs: [x, filter], outputs: [y], attrs }) => {
      const g = convGeometry(x!.shape, filter!.shape, y!.shape, attrs);
      const px = ptr(x!);
      const pf = ptr(filter!);
      const py = ptr(y!);
      if (y!.size === 0) {
        return;
      }
      if (isPointwise(g)) {
        const strides = { lda: g.cin, ldb: g.cout, ldc: g.cout };
        runtime.matmul(px, pf, py, g.pixels, g.cout, g.cin, strides, false, false, false);
        return;
      }

      const chunk = chunkPixels(g);
      const cols = runtime.heap.alloc(chunk * g.patch * 4);
      try {
        const strides = { lda: g.patch, ldb: g.cout, ldc: g.cout };
        for (let group = 0; group < g.groups; group++) {
          const geometry = geometryParams(runtime, g, group);
          const filterCols = pf + group * g.coutG * 4;
          for (let first = 0; first < g.pixels; first += chunk) {
            const count = Math.min(chunk, g.pixels - first);
            im2col(px, cols, geometry, first, count);
            const out = py + (first * g.cout + group * g.coutG) * 4;
            runtime.matmul(
              cols,
              filterCols,
              out,
              count,
              g.coutG,
              g.patch,
              strides,
              false,
              false,
              false,
            );
          }
        }
      } finally {
        runtime.heap.release(cols);
      }
    };
  },
};
