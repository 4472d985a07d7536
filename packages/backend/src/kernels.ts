/** Element types a tensor can hold. */
export type DType = "float32" | "float64" | "int32" | "bool";

/** The typed array that stores each dtype. */
export interface DTypeArrays {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export type TypedArray = DTypeArrays[DType];

/** Bytes per element for each dtype. */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = {
  float32: 4,
  float64: 8,
  int32: 4,
  bool: 1,
};

/** Allocates a zeroed typed array of the dtype's storage type. */
export function makeTypedArray<D extends DType>(dtype: D, size: number): DTypeArrays[D] {
  switch (dtype) {
    case "float32":
      return new Float32Array(size) as DTypeArrays[D];
    case "float64":
      return new Float64Array(size) as DTypeArrays[D];
    case "int32":
      return new Int32Array(size) as DTypeArrays[D];
    default:
      return new Uint8Array(size) as DTypeArrays[D];
  }
}

/** Opaque handle to storage owned by one backend. */
export interface DataId {
  readonly backend: string;
}

/** What a kernel knows about one tensor: its storage, shape and dtype. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
}

/** Elementwise functions of one argument. */
export const UNARY_OPS = [
  "neg",
  "abs",
  "sign",
  "exp",
  "expm1",
  "log",
  "log1p",
  "sqrt",
  "rsqrt",
  "square",
  "reciprocal",
  "sin",
  "cos",
  "tanh",
  "sigmoid",
  "relu",
  "step",
  "floor",
  "ceil",
  "round",
  "erf",
  "softplus",
  "isNaN",
  "isFinite",
  "logicalNot",
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Elementwise functions of two broadcast arguments. */
export const BINARY_OPS = [
  "add",
  "sub",
  "mul",
  "div",
  "pow",
  "maximum",
  "minimum",
  "squaredDifference",
  "floorDiv",
  "mod",
  "atan2",
  "equal",
  "notEqual",
  "less",
  "lessEqual",
  "greater",
  "greaterEqual",
  "logicalAnd",
  "logicalOr",
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Binary ops whose result is bool whatever the input dtype. */
export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set<BinaryOp>([
  "equal",
  "notEqual",
  "less",
  "lessEqual",
  "greater",
  "greaterEqual",
  "logicalAnd",
  "logicalOr",
]);

export const REDUCE_OPS = ["sum", "max", "min", "prod", "any", "all"] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

/**
 * Kernel ids with their attributes. Inputs and outputs are positional
 * {@link TensorInfo}s; the comment on each entry names them.
 */
export interface KernelAttrs {
  /** x -> y, same shape. */
  Unary: { op: UnaryOp };
  /** a, b -> y; y has the broadcast shape of a and b (NumPy rules). */
  Binary: { op: BinaryOp };
  /**
   * x -> y. Reduces `axes` (sorted, unique, non-empty). y's shape is x's shape
   * with those axes removed (keepDims is a reshape done by the core).
   */
  Reduce: { op: ReduceOp; axes: readonly number[] };
  /** x -> indices (int32) of the max or min along one axis, which is removed. */
  ArgReduce: { op: "argmax" | "argmin"; axis: number };
  /**
   * a [...batchA, m, k], b [...batchB, k, n] -> y [...batch, m, n], with the
   * batch axes broadcast. With transposeA, a's last two axes are [k, m]; with
   * transposeB, b's are [n, k].
   */
  MatMul: { transposeA: boolean; transposeB: boolean };
  /** x -> y with y.shape[i] = x.shape[perm[i]]. */
  Transpose: { perm: readonly number[] };
  /** x -> y, the box starting at `begin` with y's shape, with step `strides`. */
  Slice: { begin: readonly number[]; strides: readonly number[] };
  /** xs... -> y, joined along `axis`. */
  Concat: { axis: number };
  /** x, indices (int32) -> y; y = x with `axis` replaced by indices' shape. */
  Gather: { axis: number };
  /**
   * updates, indices (int32) -> y. Adds each slice of updates into y at the
   * index along `axis` (y must start zeroed; the gradient of Gather).
   */
  ScatterAdd: { axis: number };
  /** x -> y, padded by `paddings[i] = [before, after]` with `value`. */
  Pad: { paddings: readonly (readonly [number, number])[]; value: number };
  /** condition (bool), a, b -> y, all broadcast to y's shape. */
  Where: Record<string, never>;
  /** x -> y with y's dtype. Floats to int32 truncate toward zero. */
  Cast: Record<string, never>;
  /** x -> y, a copy of x in y's dtype and shape (used for materialising). */
  Copy: Record<string, never>;
  /** Optional. x -> y; a stable softmax along the last axis. */
  Softmax: Record<string, never>;
  /** Optional. x -> y; log-softmax along the last axis (x - max - log sum exp). */
  LogSoftmax: Record<string, never>;
  /**
   * Optional. x [batch, h, w, cin], filter [kh, kw, cin/groups, cout] -> y
   * [batch, oh, ow, cout]. Cross-correlation, channels-last, explicit pads.
   */
  Conv2D: Conv2DAttrs;
  /** Optional. dy, filter -> dx: the gradient of Conv2D with respect to x. */
  Conv2DBackpropInput: Conv2DAttrs;
  /** Optional. x, dy -> dfilter: the gradient of Conv2D with respect to the filter. */
  Conv2DBackpropFilter: Conv2DAttrs;
  /** Optional. x [batch, h, w, c] -> y [batch, oh, ow, c]. */
  Pool2D: Pool2DAttrs;
  /** Optional. x, dy -> dx: the gradient of Pool2D. */
  Pool2DBackprop: Pool2DAttrs;
  /**
   * Optional, in place. variable, gradient -> variable. Applies one optimizer
   * step to a float tensor and its slot tensors (the extra outputs).
   */
  OptimizerStep: OptimizerStepAttrs;
}

export type KernelId = keyof KernelAttrs;

/** Geometry of a 2-D convolution, with padding already resolved. */
export interface Conv2DAttrs {
  strides: readonly [number, number];
  dilations: readonly [number, number];
  /** [top, bottom, left, right] */
  pads: readonly [number, number, number, number];
  groups: number;
}

/** Geometry of a 2-D pooling window, with padding already resolved. */
export interface Pool2DAttrs {
  mode: "max" | "avg";
  poolSize: readonly [number, number];
  strides: readonly [number, number];
  /** [top, bottom, left, right]; padded cells never win a max nor count in a mean. */
  pads: readonly [number, number, number, number];
}

/**
 * One fused optimizer update, in place. Inputs are [variable, gradient, ...slots]
 * and outputs are [variable, ...slots] (the same storage). With g the gradient,
 * w the variable, lr the learning rate and t = params.step (1 for the first step):
 *
 * - sgd: w -= lr g
 * - momentum (slot v): v = momentum v - lr g; w += v
 * - nesterov (slot v): v = momentum v - lr g; w += momentum v - lr g
 * - adam (slots m, v): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *   w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon)
 * - adamw: w -= lr weightDecay w, then the adam update
 * - rmsprop (slot s): s = rho s + (1 - rho) g^2; w -= lr g / (sqrt(s) + epsilon)
 * - adagrad (slot a): a += g^2; w -= lr g / (sqrt(a) + epsilon)
 * - adamax (slots m, u): m = b1 m + (1 - b1) g; u = max(b2 u, |g|);
 *   w -= lr / (1 - b1^t) m / (u + epsilon)
 *
 * params carries beta1, beta2, epsilon, momentum, rho, weightDecay and step as
 * each rule needs them.
 *
 * A new slot value (v, m, s or u) of magnitude below 1e-30 is stored as 0: the
 * moments of weights that get no gradient decay into float32's subnormal range,
 * where arithmetic is tens of times slower, and values that small move an
 * update by less than lr * 1e-23. (The composition from ops that runs when a
 * backend lacks this kernel does not flush.)
 */
export interface OptimizerStepAttrs {
  rule: "sgd" | "momentum" | "nesterov" | "adam" | "adamw" | "rmsprop" | "adagrad" | "adamax";
  learningRate: number;
  /** Rule-specific hyper-parameters (beta1, beta2, epsilon, momentum, rho, weightDecay, step...). */
  params: Readonly<Record<string, number>>;
}

/** Kernels every backend must provide. */
export const REQUIRED_KERNELS: readonly KernelId[] = [
  "Unary",
  "Binary",
  "Reduce",
  "ArgReduce",
  "MatMul",
  "Transpose",
  "Slice",
  "Concat",
  "Gather",
  "ScatterAdd",
  "Pad",
  "Where",
  "Cast",
  "Copy",
];

/** Kernels a backend may add for speed; the core composes them otherwise. */
export const OPTIONAL_KERNELS: readonly KernelId[] = [
  "Softmax",
  "LogSoftmax",
  "Conv2D",
  "Conv2DBackpropInput",
  "Conv2DBackpropFilter",
  "Pool2D",
  "Pool2DBackprop",
  "OptimizerStep",
];

/** Arguments a kernel receives. */
export interface KernelArgs<K extends KernelId> {
  inputs: readonly TensorInfo[];
  outputs: readonly TensorInfo[];
  attrs: KernelAttrs[K];
}

/** A kernel fills `outputs` from `inputs`; it must not check shapes again. */
export type KernelFn<K extends KernelId> = (args: KernelArgs<K>) => void;

/**
 * Which kernel variants a backend covers natively. A kernel listed here may
 * still decline some attribute combinations through `supports`.
 */
export type KernelTable = { [K in KernelId]?: KernelFn<K> };
