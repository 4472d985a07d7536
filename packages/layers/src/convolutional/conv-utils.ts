import { describeArgument, ShapeError, ValueError } from "@myelin/tensor-core";
import { formatLayerShape, type LayerShape } from "../shape.js";

/** Padding of a convolution or pooling window along its spatial axes. */
export type ConvPadding = "valid" | "same";

/** Padding of a 1-D convolution: "causal" pads only on the left (the past). */
export type Conv1DPadding = ConvPadding | "causal";

/**
 * Reads a size option (kernelSize, strides, poolSize...) as one positive
 * integer per spatial axis: a number applies to every axis.
 *
 * @throws ValueError naming the layer and the option.
 */
export function toTuple(
  label: string,
  name: string,
  value: number | readonly number[] | undefined,
  rank: number,
  fallback?: number,
): number[] {
  const raw = value === undefined ? fallback : value;
  const list = typeof raw === "number" ? new Array<number>(rank).fill(raw) : raw;
  const valid =
    Array.isArray(list) && list.length === rank && list.every((d) => Number.isInteger(d) && d >= 1);
  if (!valid) {
    const form = rank === 1 ? "a positive integer" : `a positive integer or ${rank} of them`;
    const problem = Array.isArray(value)
      ? `${name} is ${JSON.stringify(value)}`
      : describeArgument(name, value, form);
    throw new ValueError(label, problem, `Pass ${name} as ${form}.`);
  }
  return [...(list as number[])];
}

/** Checks a padding option against the values a layer accepts. */
export function checkPadding<P extends string>(
  label: string,
  value: string | undefined,
  allowed: readonly P[],
): P {
  const padding = (value ?? allowed[0]) as P;
  if (!allowed.includes(padding)) {
    const names = allowed.map((p) => `"${p}"`).join(", ");
    throw new ValueError(label, `padding is ${JSON.stringify(value)}`, `Use one of ${names}.`);
  }
  return padding;
}

/**
 * Checks the rank of an input shape (batch axis included).
 *
 * @throws ShapeError such as `lstm (LSTM): expected a 3-D input [batch, timesteps, features],
 *   found [4, 2] (rank 2)`.
 */
export function requireRank(
  label: string,
  shape: LayerShape,
  rank: number,
  layout: string,
  hint?: string,
): void {
  if (shape.length === rank) {
    return;
  }
  throw new ShapeError(
    label,
    {},
    `expected a ${rank}-D input ${layout}, found ${formatLayerShape(shape)} (rank ${shape.length})`,
    hint ?? `Reshape the data to ${layout}, batch axis first.`,
    "input_rank_mismatch",
  );
}

/**
 * Checks that the last (channels or features) axis of an input shape is known.
 *
 * @throws ShapeError naming the layer and the shape.
 */
export function knownLastAxis(label: string, shape: LayerShape, what = "channels"): number {
  const last = shape[shape.length - 1];
  if (last === null || last === undefined) {
    throw new ShapeError(
      label,
      {},
      `the ${what} axis of ${formatLayerShape(shape)} is unknown, but the weights depend on it`,
      "Give the model an inputShape with a known last axis.",
    );
  }
  return last;
}

/**
 * Output length along one spatial axis of a window op (convolution or
 * pooling), by the Keras rules, with `span = (window - 1) * dilation + 1`:
 *
 * - valid: `floor((in - span) / stride) + 1`, which needs `in >= span`
 * - same: `ceil(in / stride)` (the missing rows are padded, the extra one at the end)
 * - causal: `ceil(in / stride)` (`span - 1` zeros before the input, none after)
 *
 * An unknown input length (`null`) gives an unknown output length.
 *
 * @throws ShapeError naming the layer, the input shape and the rule when the window does not fit.
 */
export function windowOutputLength(
  label: string,
  inputShape: LayerShape,
  axisName: string,
  input: number | null | undefined,
  window: number,
  stride: number,
  dilation: number,
  padding: Conv1DPadding,
): number | null {
  if (input === null || input === undefined) {
    return null;
  }
  if (padding === "same" || padding === "causal") {
    return Math.ceil(input / stride);
  }
  const span = (window - 1) * dilation + 1;
  if (input < span) {
    const windowName =
      dilation > 1
        ? `dilated window (${window - 1} x ${dilation} + 1 = ${span})`
        : `window (${span})`;
    throw new ShapeError(
      label,
      {},
      `input ${formatLayerShape(inputShape)} has ${axisName} ${input}, ` +
        `smaller than the ${windowName}; with padding "valid" the output ${axisName} is ` +
        `floor((${input} - ${span}) / ${stride}) + 1 = ` +
        `${Math.floor((input - span) / stride) + 1}`,
      'Use padding "same", a smaller kernel or pool size, or a larger input.',
      "window_too_large",
    );
  }
  return Math.floor((input - span) / stride) + 1;
}

/**
 * Output length of a transposed convolution along one axis (Keras's
 * `deconv_output_length` without outputPadding), with the dilated window span:
 * valid gives `in * stride + max(span - stride, 0)`, same gives `in * stride`.
 */
export function transposeOutputLength(
  input: number | null | undefined,
  window: number,
  stride: number,
  dilation: number,
  padding: ConvPadding,
): number | null {
  if (input === null || input === undefined) {
    return null;
  }
  const span = (window - 1) * dilation + 1;
  return padding === "same" ? input * stride : input * stride + Math.max(span - stride, 0);
}

/** The batch size of a tensor shape (1 for scalars, which no layer here accepts). */
export function batchOf(shape: readonly number[]): number {
  return shape[0] ?? 1;
}
