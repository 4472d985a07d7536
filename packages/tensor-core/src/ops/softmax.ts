import { assertTensor } from "../create.js";
import { hasKernel, runKernel } from "../engine.js";
import { normalizeAxis } from "../shape.js";
import { defineGradient, noGrad, record } from "../tape.js";
import type { Tensor } from "../tensor.js";
import { exp, isFinite, log, mul, sub, where } from "./elementwise.js";
import { max, sum } from "./reduce.js";
import { transpose } from "./reshape.js";
import { requireFloat } from "./util.js";

function alongLastAxis(x: Tensor, axis: number, fn: (t: Tensor) => Tensor): Tensor {
  const resolved = normalizeAxis("softmax", axis, x.rank, x.shape);
  if (resolved === x.rank - 1) {
    return fn(x);
  }
  const perm = x.shape.map((_, i) => i);
  perm[resolved] = x.rank - 1;
  perm[x.rank - 1] = resolved;
  return transpose(fn(transpose(x, perm)), perm);
}

function lastAxisSoftmax(x: Tensor, logarithmic: boolean): Tensor {
  const kernel = logarithmic ? "LogSoftmax" : "Softmax";
  const y = noGrad(() => {
    if (hasKernel(kernel)) {
      return runKernel(kernel, [x], [{ shape: x.shape, dtype: x.dtype }], {})[0]!;
    }
    // Composition for backends without the kernel: (x - max) - log(sum(exp(x - max))).
    // Subtracting the max first keeps the small log term: for logits [1e8, 1e8],
    // 1e8 + log 2 would round back to 1e8 in float32.
    const top = max(x, { axis: -1, keepDims: true });
    const shifted = sub(x, where(isFinite(top), top, 0));
    const logProbabilities = sub(shifted, log(sum(exp(shifted), { axis: -1, keepDims: true })));
    return logarithmic ? logProbabilities : exp(logProbabilities);
  });
  record(logarithmic ? "logSoftmax" : "softmax", [x], y, {});
  return y;
}

/**
 * Softmax along an axis (default the last), stable for any finite logits: it
 * depends only on differences between them.
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  assertTensor("softmax", "x", x);
  requireFloat("softmax", x);
  return alongLastAxis(x, axis, (t) => lastAxisSoftmax(t, false));
}

/** log(softmax(x)) along an axis, computed as x - max - log(sum(exp(x - max))). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  assertTensor("logSoftmax", "x", x);
  requireFloat("logSoftmax", x);
  return alongLastAxis(x, axis, (t) => lastAxisSoftmax(t, true));
}

defineGradient("softmax", (dy, { output }) => {
  const dot = sum(mul(dy, output), { axis: -1, keepDims: true });
  return [mul(output, sub(dy, dot))];
});

defineGradient("logSoftmax", (dy, { output }) => {
  const total = sum(dy, { axis: -1, keepDims: true });
  return [sub(dy, mul(exp(output), total))];
});
