import type { Conv2DAttrs, Pool2DAttrs } from "@myelin/backend";
import { assertTensor } from "../create.js";
import { runKernel } from "../engine.js";
import { formatShape, ShapeError, ValueError } from "../errors.js";
import { checkOptionKeys } from "../options.js";
import { defineGradient, record } from "../tape.js";
import type { Tensor } from "../tensor.js";
import { requireFloat, requireSameDType } from "./util.js";

/** "valid" (no padding), "same" (output = ceil(input / stride)), or explicit [[top, bottom], [left, right]]. */
export type Padding = "valid" | "same" | readonly [readonly [number, number], readonly [number, number]];

type Pair = readonly [number, number];

function pair(op: string, name: string, value: number | Pair | undefined, fallback: number): [number, number] {
  const [a, b] = typeof value === "number" ? [value, value] : (value ?? [fallback, fallback]);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < 1) {
    throw new ValueError(op, `${name} must be positive integers, found ${JSON.stringify(value)}`, `Pass ${name} as a number or [height, width].`);
  }
  return [a, b];
}

/**
 * Output size and padding along one spatial axis, by the TensorFlow/Keras rule:
 * "same" gives ceil(in / stride) and pads the extra row or column at the
 * bottom/right; "valid" gives floor((in - window) / stride) + 1.
 */
export function convOutputSize(
  op: string,
  input: number,
  window: number,
  stride: number,
  dilation: number,
  padding: "valid" | "same" | Pair,
  axisName: string,
): { size: number; before: number; after: number } {
  const span = (window - 1) * dilation + 1;
  if (padding === "same") {
    const size = Math.ceil(input / stride);
    const total = Math.max((size - 1) * stride + span - input, 0);
    const before = Math.floor(total / 2);
    return { size, before, after: total - before };
  }
  const [before, after] = padding === "valid" ? [0, 0] : padding;
  const padded = input + before + after;
  if (padded < span) {
    throw new ShapeError(
      op,
      {},
      `the ${axisName} is ${input}${before + after > 0 ? ` (${padded} padded)` : ""}, smaller than the ${span === window ? "window" : "dilated window"} of ${span}`,
      'Use padding "same", a smaller kernel, or a larger input.',
    );
  }
  return { size: Math.floor((padded - span) / stride) + 1, before, after };
}

/** Options of {@link conv2d}. */
export interface Conv2DOptions {
  strides?: number | Pair;
  padding?: Padding;
  dilations?: number | Pair;
  /** Channel groups; groups = input channels gives a depthwise convolution. */
  groups?: number;
}

function convGeometry(op: string, xShape: readonly number[], filterShape: readonly number[], options: Conv2DOptions) {
  checkOptionKeys(op, options, ["strides", "padding", "dilations", "groups"]);
  if (xShape.length !== 4 || filterShape.length !== 4) {
    throw new ShapeError(op, { x: xShape, filter: filterShape }, `x is ${formatShape(xShape)} and filter is ${formatShape(filterShape)}; x must be [batch, height, width, channels] and filter [kernelHeight, kernelWidth, inChannels / groups, filters]`, "Inputs are channels-last (NHWC); add a batch axis with expandDims(x, 0).");
  }
  const [, h, w, cin] = xShape as [number, number, number, number];
  const [kh, kw, cinPerGroup, cout] = filterShape as [number, number, number, number];
  const groups = options.groups ?? 1;
  const strides = pair(op, "strides", options.strides, 1);
  const dilations = pair(op, "dilations", options.dilations, 1);
  if (!Number.isInteger(groups) || groups < 1 || cin % groups !== 0 || cout % groups !== 0 || cinPerGroup * groups !== cin) {
    throw new ShapeError(op, { x: xShape, filter: filterShape }, `x has ${cin} channels and filter expects ${cinPerGroup} per group with ${groups} group(s) and ${cout} filters; channels must equal inChannels / groups x groups, and filters must divide by groups`, "Make the filter's third axis equal x's channels divided by groups.");
  }
  const padding = options.padding ?? "valid";
  const [padH, padW]: ["valid" | "same" | Pair, "valid" | "same" | Pair] =
    typeof padding === "string" ? [padding, padding] : [padding[0], padding[1]];
  const rows = convOutputSize(op, h, kh, strides[0], dilations[0], padH, "input height");
  const cols = convOutputSize(op, w, kw, strides[1], dilations[1], padW, "input width");
  const attrs: Conv2DAttrs = { strides, dilations, pads: [rows.before, rows.after, cols.before, cols.after], groups };
  return { attrs, outH: rows.size, outW: cols.size, cout };
}

/**
 * 2-D convolution (cross-correlation, as in Keras), channels-last:
 * x [batch, height, width, channels], filter [kh, kw, channels / groups, filters].
 */
export function conv2d(x: Tensor, filter: Tensor, options: Conv2DOptions = {}): Tensor {
  assertTensor("conv2d", "x", x);
  assertTensor("conv2d", "filter", filter);
  requireFloat("conv2d", x);
  requireSameDType("conv2d", x, filter);
  const { attrs, outH, outW, cout } = convGeometry("conv2d", x.shape, filter.shape, options);
  const shape = [x.shape[0]!, outH, outW, cout];
  const [y] = runKernel("Conv2D", [x, filter], [{ shape, dtype: x.dtype }], attrs);
  record("conv2d", [x, filter], y!, attrs);
  return y!;
}

defineGradient<Conv2DAttrs>("conv2d", (dy, { inputs, attrs, needsGrad }) => {
  const [x, filter] = inputs as [Tensor, Tensor];
  // The input gradient of a first layer (the data) is never needed; skip it.
  const dx = needsGrad[0]
    ? runKernel("Conv2DBackpropInput", [dy, filter], [{ shape: x.shape, dtype: x.dtype }], attrs)[0]!
    : null;
  const df = needsGrad[1]
    ? runKernel("Conv2DBackpropFilter", [x, dy], [{ shape: filter.shape, dtype: x.dtype }], attrs)[0]!
    : null;
  return [dx, df];
});

/**
 * The transpose of conv2d (its gradient with respect to the input), used for
 * upsampling: maps x [batch, h, w, filters] to `outputShape` [batch, H, W, channels]
 * with filter [kh, kw, channels, filters].
 */
export function conv2dTranspose(x: Tensor, filter: Tensor, outputShape: readonly number[], options: Conv2DOptions = {}): Tensor {
  assertTensor("conv2dTranspose", "x", x);
  assertTensor("conv2dTranspose", "filter", filter);
  requireFloat("conv2dTranspose", x);
  requireSameDType("conv2dTranspose", x, filter);
  const { attrs, outH, outW, cout } = convGeometry("conv2dTranspose", outputShape, filter.shape, options);
  if (x.rank !== 4 || x.shape[1] !== outH || x.shape[2] !== outW || x.shape[3] !== cout) {
    throw new ShapeError("conv2dTranspose", { x: x.shape, outputShape }, `x is ${formatShape(x.shape)}, but a conv2d of ${formatShape(outputShape)} with this filter gives [${outputShape[0]}, ${outH}, ${outW}, ${cout}]`, "Choose an outputShape consistent with the strides and padding.");
  }
  const [y] = runKernel("Conv2DBackpropInput", [x, filter], [{ shape: outputShape, dtype: x.dtype }], attrs);
  record("conv2dTranspose", [x, filter], y!, attrs);
  return y!;
}

defineGradient<Conv2DAttrs>("conv2dTranspose", (dy, { inputs, attrs }) => {
  const [x, filter] = inputs as [Tensor, Tensor];
  const [dx] = runKernel("Conv2D", [dy, filter], [{ shape: x.shape, dtype: x.dtype }], attrs);
  const [df] = runKernel("Conv2DBackpropFilter", [dy, x], [{ shape: filter.shape, dtype: x.dtype }], attrs);
  return [dx!, df!];
});

/** Options of the 2-D pooling ops. */
export interface Pool2DOptions {
  poolSize?: number | Pair;
  /** Defaults to poolSize, as in Keras. */
  strides?: number | Pair;
  padding?: "valid" | "same";
}

function pool(op: string, mode: "max" | "avg", x: Tensor, options: Pool2DOptions): Tensor {
  assertTensor(op, "x", x);
  requireFloat(op, x);
  if (x.rank !== 4) {
    throw new ShapeError(op, { x: x.shape }, `x is ${formatShape(x.shape)}, but it must be [batch, height, width, channels]`, "Add a batch axis with expandDims(x, 0).");
  }
  checkOptionKeys(op, options, ["poolSize", "strides", "padding"]);
  const poolSize = pair(op, "poolSize", options.poolSize, 2);
  const strides = pair(op, "strides", options.strides ?? poolSize, 1);
  const padding = options.padding ?? "valid";
  const rows = convOutputSize(op, x.shape[1]!, poolSize[0], strides[0], 1, padding, "input height");
  const cols = convOutputSize(op, x.shape[2]!, poolSize[1], strides[1], 1, padding, "input width");
  const attrs: Pool2DAttrs = { mode, poolSize, strides, pads: [rows.before, rows.after, cols.before, cols.after] };
  const shape = [x.shape[0]!, rows.size, cols.size, x.shape[3]!];
  const [y] = runKernel("Pool2D", [x], [{ shape, dtype: x.dtype }], attrs);
  record(op, [x], y!, attrs);
  return y!;
}

/** Max over each window; padded cells never win. */
export const maxPool2d = (x: Tensor, options: Pool2DOptions = {}): Tensor => pool("maxPool2d", "max", x, options);
/** Mean over each window, counting only cells inside the input. */
export const avgPool2d = (x: Tensor, options: Pool2DOptions = {}): Tensor => pool("avgPool2d", "avg", x, options);

const poolGradient = (dy: Tensor, { inputs, attrs }: { inputs: readonly Tensor[]; attrs: Pool2DAttrs }) => {
  const x = inputs[0]!;
  const [dx] = runKernel("Pool2DBackprop", [x, dy], [{ shape: x.shape, dtype: x.dtype }], attrs);
  return [dx!];
};
defineGradient<Pool2DAttrs>("maxPool2d", poolGradient);
defineGradient<Pool2DAttrs>("avgPool2d", poolGradient);
