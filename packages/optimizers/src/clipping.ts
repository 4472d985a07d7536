import {
  abs,
  add,
  cast,
  clip,
  div,
  greater,
  max,
  mul,
  norm,
  sqrt,
  square,
  type Tensor,
  where,
} from "@myelin/tensor-core";

/** Gradient clipping options every optimizer accepts. */
export interface ClipOptions {
  /** Clamp every gradient element to [-clipValue, clipValue]. 0 zeroes every update. */
  clipValue?: number;
  /** Rescale each gradient tensor alone to an L2 norm of at most clipNorm (Keras's clipnorm). */
  clipNorm?: number;
  /**
   * Rescale all gradients together so the L2 norm of their concatenation is
   * at most globalClipNorm (Keras's global_clipnorm).
   */
  globalClipNorm?: number;
}

/**
 * g * min(1, limit / size), computed as a choice rather than a division so
 * a zero gradient stays exactly zero (no 0 / 0) and a limit of 0 zeroes it.
 */
function scaleDown(g: Tensor, size: Tensor, limit: number): Tensor {
  const factor = where(greater(size, limit), div(limit, size), 1);
  return mul(g, cast(factor, g.dtype));
}

/**
 * The L2 norm of a tensor, in float64, without overflow: float32 squares
 * overflow above 1.8e19, which is exactly where exploding gradients need
 * clipping, so the values are divided by their largest magnitude first.
 */
function safeNorm(g: Tensor): Tensor {
  if (g.size === 0) {
    return cast(norm(g), "float64");
  }
  const top = max(abs(g));
  const divisor = where(greater(top, 0), top, 1);
  return mul(cast(norm(div(g, divisor)), "float64"), cast(divisor, "float64"));
}

/**
 * Applies the clipping options in a fixed order: by value, then each
 * tensor by its norm, then all tensors by their global norm.
 *
 * @example
 * clipGradients([tensor([3, -4])], { clipNorm: 1 }); // [[0.6, -0.8]]
 */
export function clipGradients(gradients: readonly Tensor[], options: ClipOptions): Tensor[] {
  let out = [...gradients];
  const { clipValue, clipNorm, globalClipNorm } = options;
  if (clipValue !== undefined) {
    out = out.map((g) => clip(g, -clipValue, clipValue));
  }
  if (clipNorm !== undefined) {
    out = out.map((g) => scaleDown(g, safeNorm(g), clipNorm));
  }
  if (globalClipNorm !== undefined && out.length > 0) {
    const squares = out.map((g) => square(safeNorm(g)));
    const total = sqrt(squares.reduce((a, b) => add(a, b)));
    out = out.map((g) => scaleDown(g, total, globalClipNorm));
  }
  return out;
}
