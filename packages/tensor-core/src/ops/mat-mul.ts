import { assertTensor } from "../create.js";
import { runKernel } from "../engine.js";
import { formatShape, ShapeError } from "../errors.js";
import { checkOptionKeys } from "../options.js";
import { broadcastShapes } from "../shape.js";
import { defineGradient, record } from "../tape.js";
import type { Tensor } from "../tensor.js";
import { sumToShape } from "./reduce.js";
import { isFloat, requireSameDType } from "./util.js";

/** Options of {@link matMul}. */
export interface MatMulOptions {
  /** Use a's last two axes transposed: a is [..., k, m]. */
  transposeA?: boolean;
  /** Use b's last two axes transposed: b is [..., n, k]. */
  transposeB?: boolean;
}

/**
 * Matrix product over the last two axes, batched over the leading axes with
 * broadcasting: a [..., m, k] times b [..., k, n] gives [..., m, n].
 * Transposed operands cost the same as plain ones.
 *
 * @throws ShapeError when the inner sizes differ or the batch axes do not broadcast.
 * @example
 * matMul(x, w)                          // [batch, in] x [in, out]
 * matMul(dy, w, { transposeB: true })   // [batch, out] x [in, out]^T
 */
export function matMul(a: Tensor, b: Tensor, options: MatMulOptions = {}): Tensor {
  assertTensor("matMul", "a", a);
  assertTensor("matMul", "b", b);
  checkOptionKeys("matMul", options, ["transposeA", "transposeB"]);
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  if (a.rank < 2 || b.rank < 2) {
    const which = a.rank < 2 ? "a" : "b";
    const shape = a.rank < 2 ? a.shape : b.shape;
    throw new ShapeError("matMul", { a: a.shape, b: b.shape }, `${which} is ${formatShape(shape)}, but both operands need at least 2 axes`, `Use expandDims(${which}, ${which === "a" ? 0 : -1}) to make a vector a matrix.`);
  }
  requireSameDType("matMul", a, b);
  const m = a.shape[a.rank - (transposeA ? 1 : 2)]!;
  const ka = a.shape[a.rank - (transposeA ? 2 : 1)]!;
  const kb = b.shape[b.rank - (transposeB ? 1 : 2)]!;
  const n = b.shape[b.rank - (transposeB ? 2 : 1)]!;
  if (ka !== kb) {
    const aAxis = transposeA ? "second-to-last" : "last";
    const bAxis = transposeB ? "last" : "second-to-last";
    const suggestion = !transposeA && a.shape[a.rank - 2] === kb
      ? "Did you mean `matMul(a, b, { transposeA: true })`, or a reshape?"
      : !transposeB && b.shape[b.rank - 1] === ka
        ? "Did you mean `matMul(a, b, { transposeB: true })`, or a reshape?"
        : "Reshape or transpose an operand so the inner sizes agree.";
    throw new ShapeError("matMul", { a: a.shape, b: b.shape }, `a is ${formatShape(a.shape)} and b is ${formatShape(b.shape)}; the ${aAxis} axis of a (${ka}) must equal the ${bAxis} axis of b (${kb})`, suggestion);
  }
  const batch = broadcastShapes("matMul", a.shape.slice(0, -2), b.shape.slice(0, -2), ["a's batch axes", "b's batch axes"]);
  const shape = [...batch, m, n];
  const [y] = runKernel("MatMul", [a, b], [{ shape, dtype: a.dtype }], { transposeA, transposeB });
  if (isFloat(a.dtype)) {
    record("matMul", [a, b], y!, { transposeA, transposeB });
  }
  return y!;
}

// Only the products whose operand is tracked are computed: for a dense layer
// the gradient with respect to the data batch is never needed.
defineGradient<{ transposeA: boolean; transposeB: boolean }>("matMul", (dy, { inputs, attrs, needsGrad }) => {
  const [a, b] = inputs as [Tensor, Tensor];
  const { transposeA: ta, transposeB: tb } = attrs;
  const gradA = (): Tensor => {
    if (!ta) {
      return tb ? matMul(dy, b) : matMul(dy, b, { transposeB: true });
    }
    return tb ? matMul(b, dy, { transposeA: true, transposeB: true }) : matMul(b, dy, { transposeB: true });
  };
  const gradB = (): Tensor => {
    if (!tb) {
      return ta ? matMul(a, dy) : matMul(a, dy, { transposeA: true });
    }
    return ta ? matMul(dy, a, { transposeA: true, transposeB: true }) : matMul(dy, a, { transposeA: true });
  };
  return [
    needsGrad[0] ? sumToShape(gradA(), a.shape) : null,
    needsGrad[1] ? sumToShape(gradB(), b.shape) : null,
  ];
});
