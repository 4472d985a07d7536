import { broadcastStrides, collapse, type KernelArgs } from "@myelin/backend";

import { FLOAT_ROWS, INT_ROWS } from "../binary-rows.js";
import type { JsKernel } from "../kernel.js";
import { offsetsOf } from "../shape.js";
import { jsValues } from "../storage.js";

/**
 * Elementwise functions of two broadcast operands. The op picks its row loop
 * once; the broadcast pattern then decides how rows are walked: one row for
 * equal shapes or a scalar operand, closed-form row offsets for the
 * row/column broadcasts of a matrix ([n, c] with [c] or [n, 1]), and
 * precomputed offset maps for any other pattern.
 */
export const binaryKernel: JsKernel<"Binary"> = {
  id: "Binary",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Binary">) => {
    const aInfo = inputs[0]!;
    const bInfo = inputs[1]!;
    const yInfo = outputs[0]!;
    const row = (aInfo.dtype === "int32" ? INT_ROWS : FLOAT_ROWS)[attrs.op];
    const a = jsValues(aInfo);
    const b = jsValues(bInfo);
    const y = jsValues(yInfo);
    const size = yInfo.size;
    if (size === 0) {
      return;
    }

    if (aInfo.size === size && bInfo.size === size) {
      row(size, y, 0, a, 0, 1, b, 0, 1);
      return;
    }
    if (bInfo.size === 1 && aInfo.size === size) {
      row(size, y, 0, a, 0, 1, b, 0, 0);
      return;
    }
    if (aInfo.size === 1 && bInfo.size === size) {
      row(size, y, 0, a, 0, 0, b, 0, 1);
      return;
    }

    const aStrides = broadcastStrides(aInfo.shape, yInfo.shape);
    const bStrides = broadcastStrides(bInfo.shape, yInfo.shape);
    const plan = collapse(yInfo.shape, [aStrides, bStrides]);
    const [aPlan, bPlan] = plan.strides as [number[], number[]];
    const rank = plan.shape.length;
    const inner = plan.shape[rank - 1]!;
    const aStep = aPlan[rank - 1]!;
    const bStep = bPlan[rank - 1]!;

    if (rank === 2) {
      const rows = plan.shape[0]!;
      const aRow = aPlan[0]!;
      const bRow = bPlan[0]!;
      for (let r = 0; r < rows; r++) {
        row(inner, y, r * inner, a, r * aRow, aStep, b, r * bRow, bStep);
      }
      return;
    }

    const outerShape = plan.shape.slice(0, -1);
    const aOffsets = offsetsOf(outerShape, aPlan.slice(0, -1));
    const bOffsets = offsetsOf(outerShape, bPlan.slice(0, -1));
    for (let r = 0; r < aOffsets.length; r++) {
      row(inner, y, r * inner, a, aOffsets[r]!, aStep, b, bOffsets[r]!, bStep);
    }
  },
};
