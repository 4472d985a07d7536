import { broadcastStrides, collapse, type KernelArgs } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { offsetsOf } from "../shape.js";
import { jsValues } from "../storage.js";

/** y = condition ? a : b elementwise, all three broadcast to y's shape. */
export const whereKernel: JsKernel<"Where"> = {
  id: "Where",
  backendName: "js",
  run: ({ inputs, outputs }: KernelArgs<"Where">) => {
    const [cInfo, aInfo, bInfo] = [inputs[0]!, inputs[1]!, inputs[2]!];
    const yInfo = outputs[0]!;
    const c = jsValues(cInfo);
    const a = jsValues(aInfo);
    const b = jsValues(bInfo);
    const y = jsValues(yInfo);
    const size = yInfo.size;
    if (size === 0) {
      return;
    }

    if (cInfo.size === size && aInfo.size === size && bInfo.size === size) {
      for (let i = 0; i < size; i++) {
        y[i] = c[i] !== 0 ? a[i]! : b[i]!;
      }
      return;
    }

    const strides = [cInfo, aInfo, bInfo].map((t) => broadcastStrides(t.shape, yInfo.shape));
    const plan = collapse(yInfo.shape, strides);
    const [cPlan, aPlan, bPlan] = plan.strides as [number[], number[], number[]];
    const rank = plan.shape.length;
    const outerShape = plan.shape.slice(0, -1);
    const cStarts = offsetsOf(outerShape, cPlan.slice(0, -1));
    const aStarts = offsetsOf(outerShape, aPlan.slice(0, -1));
    const bStarts = offsetsOf(outerShape, bPlan.slice(0, -1));
    const inner = plan.shape[rank - 1]!;
    const cStep = cPlan[rank - 1]!;
    const aStep = aPlan[rank - 1]!;
    const bStep = bPlan[rank - 1]!;

    let o = 0;
    for (let r = 0; r < cStarts.length; r++) {
      let ci = cStarts[r]!;
      let ai = aStarts[r]!;
      let bi = bStarts[r]!;
      for (let j = 0; j < inner; j++) {
        y[o++] = c[ci] !== 0 ? a[ai]! : b[bi]!;
        ci += cStep;
        ai += aStep;
        bi += bStep;
      }
    }
  },
};
