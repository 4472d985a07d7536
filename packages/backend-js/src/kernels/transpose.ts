import { collapse, type KernelArgs, stridesOf, type TypedArray } from "@myelin/backend";

import { copyRows } from "../copy-rows.js";
import type { JsKernel } from "../kernel.js";
import { offsetsOf } from "../shape.js";
import { jsValues } from "../storage.js";

// Side of the square tiles a matrix transpose moves at a time, so both the
// rows read and the rows written stay in cache.
const TILE = 32;

/**
 * Permutes axes. Axes that stay neighbours are merged first; a plain or
 * batched matrix transpose then moves cache-sized tiles, and any other
 * permutation copies rows through a precomputed offset map.
 */
export const transposeKernel: JsKernel<"Transpose"> = {
  id: "Transpose",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Transpose">) => {
    const xInfo = inputs[0]!;
    const yInfo = outputs[0]!;
    const x = jsValues(xInfo);
    const y = jsValues(yInfo);
    if (yInfo.size === 0) {
      return;
    }

    const xStrides = stridesOf(xInfo.shape);
    const readStrides = attrs.perm.map((axis) => xStrides[axis]!);
    const plan = collapse(yInfo.shape, [readStrides, stridesOf(yInfo.shape)]);
    const shape = plan.shape;
    const read = plan.strides[0]!;
    const rank = shape.length;

    if (rank === 1) {
      y.set(x.subarray(0, yInfo.size));
      return;
    }
    if (rank === 2 && read[0] === 1) {
      transposeMatrix(x, 0, y, 0, shape[0]!, shape[1]!);
      return;
    }
    if (rank === 3 && read[1] === 1 && read[2] === shape[1]) {
      const block = shape[1]! * shape[2]!;
      for (let t = 0; t < shape[0]!; t++) {
        transposeMatrix(x, t * block, y, t * block, shape[1]!, shape[2]!);
      }
      return;
    }

    const inner = shape[rank - 1]!;
    const starts = offsetsOf(shape.slice(0, -1), read.slice(0, -1));
    copyRows(x, starts, 0, read[rank - 1]!, y, 0, inner, inner);
  },
};

/** y (rows x cols) = transpose of x (cols x rows), tile by tile. */
function transposeMatrix(
  x: TypedArray,
  xOffset: number,
  y: TypedArray,
  yOffset: number,
  rows: number,
  cols: number,
): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        const yRow = yOffset + i * cols;
        for (let j = j0; j < j1; j++) {
          y[yRow + j] = x[xOffset + j * rows + i]!;
        }
      }
    }
  }
}
