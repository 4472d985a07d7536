import { assertTensor } from "../create.js";
import { hasKernel, runKernel } from "../engine.js";
import { normalizeAxis } from "../shape.js";
import { defineGradient, noGrad, record } from "../tape.js";
import type { Tensor } from "../tensor.js";
import { exp, mul, sub } from "./elementwise.js";
import { logSumExp, sum } from "./reduce.js";
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

function lastAxisSoftmax(x: Tensor, log: boolean): Tensor {
  const kernel = log ? "LogSoftmax" : "Softmax";
  const y = noGrad(() => {
    if (hasKernel(kernel)) {
      return runKernel(kernel, [x], [{ shape: x.shape, dtype: x.dtype }], {})[0]!;
    }
    // Composition for backends without the kernel: x - max - log(sum(exp(x - max))).
    const logProbabilities = sub(x, logSumExp(x, { axis: -1, keepDims: true }));
    return log ? logProbabilities : exp(logProbabilities);
  });
  record(log ? "logSoftmax" : "softmax", [x], y, {});
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
