import {
  collapse,
  type KernelArgs,
  type ReduceOp,
  stridesOf,
  type TypedArray,
} from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import {
  allReducer,
  anyReducer,
  maxReducer,
  minReducer,
  prodIntReducer,
  prodReducer,
  type Reducer,
  sumIntReducer,
  sumReducer,
} from "../reducers.js";
import { offsetsOf } from "../shape.js";
import { jsValues } from "../storage.js";

const FLOAT_REDUCERS: Readonly<Record<ReduceOp, Reducer>> = {
  sum: sumReducer,
  prod: prodReducer,
  max: maxReducer,
  min: minReducer,
  any: anyReducer,
  all: allReducer,
};

const INT_REDUCERS: Readonly<Record<ReduceOp, Reducer>> = {
  ...FLOAT_REDUCERS,
  sum: sumIntReducer,
  prod: prodIntReducer,
};

// Accumulator row of the leading-axes layout, reused between calls.
let accumulators = new Float64Array(256);

/**
 * Reduces any sorted set of axes. After merging neighbouring axes of the
 * same kind, [kept, reduced] reduces contiguous segments, [kept, reduced,
 * kept] (which includes reducing the leading axes, as for a bias gradient)
 * folds whole rows into a row of accumulators, and any other layout walks
 * precomputed offset maps.
 */
export const reduceKernel: JsKernel<"Reduce"> = {
  id: "Reduce",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"Reduce">) => {
    const xInfo = inputs[0]!;
    const x = jsValues(xInfo);
    const y = jsValues(outputs[0]!);
    const reducer = (xInfo.dtype === "int32" ? INT_REDUCERS : FLOAT_REDUCERS)[attrs.op];
    if (xInfo.size === 0) {
      y.fill(reducer.init);
      return;
    }

    // Reducing leading or trailing axes needs no layout plan, which costs
    // more than the loop itself on small tensors.
    if (reduceEnds(reducer, x, y, xInfo.shape, attrs.axes)) {
      return;
    }

    // y's strides laid over x's axes, 0 on reduced axes: collapse then only
    // merges neighbours that are both kept or both reduced.
    const reduced = new Set(attrs.axes);
    const yStrides = new Array<number>(xInfo.shape.length).fill(0);
    let stride = 1;
    for (let d = xInfo.shape.length - 1; d >= 0; d--) {
      if (!reduced.has(d)) {
        yStrides[d] = stride;
        stride *= xInfo.shape[d]!;
      }
    }
    const plan = collapse(xInfo.shape, [stridesOf(xInfo.shape), yStrides]);
    const [xPlan, yPlan] = plan.strides as [number[], number[]];
    const kinds = yPlan.map((s) => (s === 0 ? "r" : "k")).join("");

    if (kinds === "r" || kinds === "kr") {
      const n = plan.shape[plan.shape.length - 1]!;
      const outer = kinds === "r" ? 1 : plan.shape[0]!;
      for (let o = 0; o < outer; o++) {
        y[o] = reducer.segment(x, o * n, n);
      }
      return;
    }

    if (kinds === "rk" || kinds === "krk") {
      const rank = plan.shape.length;
      const outer = kinds === "rk" ? 1 : plan.shape[0]!;
      foldRows(reducer, x, y, outer, plan.shape[rank - 2]!, plan.shape[rank - 1]!);
      return;
    }

    const keptAxes = plan.shape.map((_, d) => d).filter((d) => yPlan[d] !== 0);
    const reducedAxes = plan.shape.map((_, d) => d).filter((d) => yPlan[d] === 0);
    const keptOffsets = offsetsOf(
      keptAxes.map((d) => plan.shape[d]!),
      keptAxes.map((d) => xPlan[d]!),
    );
    const reducedOffsets = offsetsOf(
      reducedAxes.map((d) => plan.shape[d]!),
      reducedAxes.map((d) => xPlan[d]!),
    );
    for (let o = 0; o < keptOffsets.length; o++) {
      y[o] = reducer.gather(x, keptOffsets[o]!, reducedOffsets);
    }
  },
};

/**
 * Reduces when the axes are a leading block (rows folded into one row of
 * accumulators) or a trailing block (contiguous segments); false otherwise.
 * Axes arrive sorted and unique.
 */
function reduceEnds(
  reducer: Reducer,
  x: TypedArray,
  y: TypedArray,
  shape: readonly number[],
  axes: readonly number[],
): boolean {
  const rank = shape.length;
  const count = axes.length;
  let leading = true;
  let trailing = true;
  for (let i = 0; i < count; i++) {
    leading &&= axes[i] === i;
    trailing &&= axes[i] === rank - count + i;
  }
  if (!leading && !trailing) {
    return false;
  }
  const split = leading ? count : rank - count;
  let before = 1;
  for (let d = 0; d < split; d++) {
    before *= shape[d]!;
  }
  let after = 1;
  for (let d = split; d < rank; d++) {
    after *= shape[d]!;
  }
  if (leading && after > 1) {
    foldRows(reducer, x, y, 1, before, after);
    return true;
  }
  const n = leading ? before : after;
  const outer = leading ? 1 : before;
  for (let o = 0; o < outer; o++) {
    y[o] = reducer.segment(x, o * n, n);
  }
  return true;
}

/** Folds `outer` groups of n rows of `inner` values each into one row of results per group. */
function foldRows(
  reducer: Reducer,
  x: TypedArray,
  y: TypedArray,
  outer: number,
  n: number,
  inner: number,
): void {
  if (accumulators.length < inner) {
    accumulators = new Float64Array(inner);
  }
  const acc = accumulators;
  for (let o = 0; o < outer; o++) {
    acc.fill(reducer.init, 0, inner);
    for (let r = 0; r < n; r++) {
      reducer.fold(acc, x, (o * n + r) * inner, inner);
    }
    for (let j = 0; j < inner; j++) {
      y[o * inner + j] = acc[j]!;
    }
  }
}
