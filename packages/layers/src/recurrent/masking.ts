import {
  any,
  formatShape,
  notEqual,
  reshape,
  ShapeError,
  type Tensor,
  where,
} from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import type { LayerShape } from "../shape.js";

// The mask rides along with the tensor it describes, as Keras's `_keras_mask`
// does: the base layer passes one tensor between layers, so a side table keyed
// by that tensor carries the mask from an embedding or masking layer to the
// recurrent and attention layers after it without a second input.
const masks = new WeakMap<Tensor, Tensor>();

/**
 * Attaches a time-step mask ([batch, steps], bool: true = a real step) to a
 * layer output, so the layers after it skip the masked steps. Returns `x`.
 *
 * @example
 * const x = withMask(data, tensor([[true, true, false]]));
 * lstm({ units: 4 }).apply(x); // the third step carries the state forward
 */
export function withMask(x: Tensor, mask: Tensor | null): Tensor {
  if (mask === null) {
    masks.delete(x);
    return x;
  }
  masks.set(x, mask);
  return x;
}

/** The time-step mask attached to a tensor by an embedding (maskZero) or masking layer, if any. */
export function getMask(x: Tensor): Tensor | null {
  return masks.get(x) ?? null;
}

/**
 * Reads a mask as bool [batch, steps] and checks it against the input's
 * first two axes. Numeric masks count non-zero as a real step.
 *
 * @throws ShapeError naming the layer and both shapes.
 */
export function readMask(label: string, mask: Tensor, x: Tensor): Tensor {
  const [batch, steps] = [x.shape[0], x.shape[1]];
  if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== steps) {
    throw new ShapeError(
      label,
      { mask: mask.shape, x: x.shape },
      `the mask is ${formatShape(mask.shape)} but the input is ${formatShape(x.shape)}; ` +
        `a mask has one entry per sample and step, [${batch}, ${steps}]`,
      "Pass a [batch, steps] mask, true (or 1) for real steps.",
    );
  }
  return mask.dtype === "bool" ? mask : notEqual(mask, 0);
}

/** Options of {@link masking}. */
export interface MaskingArgs extends LayerArgs {
  /** Steps whose features all equal this value are masked (default 0). */
  maskValue?: number;
}

/**
 * Marks the time steps of [batch, steps, features] whose features all equal
 * `maskValue` as padding: they are zeroed in the output, and the recurrent
 * and attention layers after it skip them.
 */
export class Masking extends Layer {
  static override className = "Masking";

  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    this.maskValue = args.maskValue ?? 0;
  }

  override build(inputShape: LayerShape): void {
    if (inputShape.length < 3) {
      throw new ShapeError(
        this.label,
        {},
        "expected an input [batch, steps, ...features] of rank 3 or more, " +
          `found rank ${inputShape.length}`,
        "Masking marks whole time steps; give it sequences.",
        "input_rank_mismatch",
      );
    }
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const featureAxes = x.shape.slice(2).map((_, i) => i + 2);
    const mask = any(notEqual(x, this.maskValue), { axis: featureAxes });
    const keep = reshape(mask, [...mask.shape, ...featureAxes.map(() => 1)]);
    return withMask(where(keep, x, 0), mask);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}

/**
 * A masking layer.
 *
 * @example
 * masking({ maskValue: 0, inputShape: [20, 3] })
 */
export const masking = (args: MaskingArgs = {}): Masking => new Masking(args).checkArgs();
