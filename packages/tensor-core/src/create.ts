import { type DType, makeTypedArray, type TypedArray } from "@myelin/backend";
import { fromValues, getBackend } from "./engine.js";
import {
  describeValue,
  DTypeError,
  formatShape,
  MyelinError,
  ShapeError,
  ValueError,
} from "./errors.js";
import { checkOptionKeys } from "./options.js";
import { assertValidShape, sizeOf } from "./shape.js";
import { Storage, type Tensor, Variable } from "./tensor.js";

/** Anything `tensor()` accepts as values. */
export type TensorLike =
  | number
  | boolean
  | TypedArray
  | readonly number[]
  | readonly boolean[]
  | readonly TensorLikeArray[];
type TensorLikeArray = ReadonlyArray<number | boolean | TensorLikeArray>;

function dtypeOfTypedArray(values: TypedArray): DType {
  if (values instanceof Float32Array) {
    return "float32";
  }
  if (values instanceof Float64Array) {
    return "float64";
  }
  if (values instanceof Int32Array) {
    return "int32";
  }
  return "bool";
}

function pathOf(path: readonly number[]): string {
  return path.map((i) => `[${i}]`).join("");
}

/** Walks nested arrays once: infers the shape and reports the first ragged or bad entry. */
function inferShape(values: unknown): { shape: number[]; flat: (number | boolean)[] } {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: (number | boolean)[] = [];
  const visit = (node: unknown, axis: number, path: number[]): void => {
    if (axis === shape.length) {
      if (Array.isArray(node)) {
        throw new ShapeError(
          "tensor",
          { expected: shape },
          `element ${pathOf(path)} is an array, but the first element at that depth is a number ` +
            `(inferred shape ${JSON.stringify(shape)}); nested arrays must be rectangular`,
          "Pad or trim the rows so every row has the same length.",
          "ragged_array",
        );
      }
      if (typeof node !== "number" && typeof node !== "boolean") {
        throw new ValueError(
          "tensor",
          `element ${pathOf(path)} is ${node === undefined ? "undefined" : JSON.stringify(node)}, ` +
            "not a number or boolean",
          "Convert strings with Number() and fill missing values before creating a tensor.",
        );
      }
      flat.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[axis]) {
      const found = Array.isArray(node) ? `${node.length} elements` : "a single value";
      const first = path.length === 0 ? "the outer array" : `row ${pathOf([...path.slice(0, -1), 0])}`;
      throw new ShapeError(
        "tensor",
        { expected: shape },
        `row ${pathOf(path)} has ${found}, but ${first} has ${shape[axis]}; ` +
          "nested arrays must be rectangular",
        "Pad or trim the rows so every row has the same length.",
        "ragged_array",
      );
    }
    for (let i = 0; i < node.length; i++) {
      visit(node[i], axis + 1, [...path, i]);
    }
  };
  visit(values, 0, []);
  return { shape, flat };
}

/**
 * Creates a tensor from nested arrays (shape inferred), a typed array plus a
 * shape, or a single number. Numbers default to float32, booleans to bool.
 *
 * @throws ShapeError when nested arrays are ragged or the shape does not match the values.
 * @example
 * const x = tensor([[1, 2], [3, 4]]);          // [2, 2] float32
 * const y = tensor(new Float64Array(6), [2, 3]); // float64
 */
export function tensor(values: TensorLike, shape?: readonly number[], dtype?: DType): Tensor {
  if (ArrayBuffer.isView(values)) {
    const typed = values as TypedArray;
    const target = shape ?? [typed.length];
    assertValidShape("tensor", target);
    if (sizeOf(target) !== typed.length) {
      throw new ShapeError(
        "tensor",
        { shape: target },
        `shape ${JSON.stringify(target)} holds ${sizeOf(target)} values but ${typed.length} were given`,
        "Pass a shape whose product equals the number of values.",
      );
    }
    const have = dtypeOfTypedArray(typed);
    const want = dtype ?? have;
    const stored = want === have ? typed : convertValues(Array.from(typed), want);
    return fromValues(stored, [...target], want);
  }
  const { shape: inferred, flat } = inferShape(values);
  const want = dtype ?? (typeof flat[0] === "boolean" ? "bool" : "float32");
  const target = shape ?? inferred;
  assertValidShape("tensor", target);
  if (sizeOf(target) !== flat.length) {
    throw new ShapeError(
      "tensor",
      { shape: target, values: inferred },
      `shape ${JSON.stringify(target)} holds ${sizeOf(target)} values but the array has ` +
        `${flat.length} (shape ${JSON.stringify(inferred)})`,
      "Pass a shape whose product equals the number of values, or omit it.",
    );
  }
  return fromValues(convertValues(flat, want), [...target], want);
}

function convertValues(flat: readonly (number | boolean)[], dtype: DType): TypedArray {
  const out = makeTypedArray(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    out[i] = dtype === "bool" ? (v ? 1 : 0) : Number(v);
  }
  return out;
}

/** A rank-0 tensor. */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value as number, [], dtype);
}

/**
 * A tensor of `shape` filled with `value`.
 *
 * @throws ShapeError when a dimension is not a non-negative integer.
 * @throws ValueError when the value is not a number or boolean.
 * @example
 * full([2, 3], 7); // [2, 3] float32, every value 7
 */
export function full(shape: readonly number[], value: number, dtype: DType = "float32"): Tensor {
  return filled("full", shape, value, dtype);
}

/** `full` under the name the caller used, so errors name `zeros` or `ones`. */
function filled(op: string, shape: readonly number[], value: number, dtype: DType): Tensor {
  assertValidShape(op, shape);
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new ValueError(
      op,
      `value is ${describeValue(value)}; expected a number`,
      "Convert it first, e.g. Number(value).",
    );
  }
  const values = makeTypedArray(dtype, sizeOf(shape));
  if (value !== 0) {
    values.fill(Number(value));
  }
  return fromValues(values, [...shape], dtype);
}

/**
 * A tensor of zeros.
 *
 * @throws ShapeError when a dimension is not a non-negative integer.
 * @example
 * zeros([2, 3]);
 */
export function zeros(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled("zeros", shape, 0, dtype);
}

/**
 * A tensor of ones.
 *
 * @throws ShapeError when a dimension is not a non-negative integer.
 * @example
 * ones([4], "int32");
 */
export function ones(shape: readonly number[], dtype: DType = "float32"): Tensor {
  return filled("ones", shape, 1, dtype);
}

/** Zeros with the shape and dtype of `x` (which may be disposed: only its shape is read). */
export function zerosLike(x: Tensor): Tensor {
  assertTensorValue("zerosLike", "x", x);
  return filled("zerosLike", x.shape, 0, x.dtype);
}

/** Ones with the shape and dtype of `x` (which may be disposed: only its shape is read). */
export function onesLike(x: Tensor): Tensor {
  assertTensorValue("onesLike", "x", x);
  return filled("onesLike", x.shape, 1, x.dtype);
}

/** An identity matrix [n, m] (m defaults to n). */
export function eye(n: number, m = n, dtype: DType = "float32"): Tensor {
  assertValidShape("eye", [n, m]);
  const values = makeTypedArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) {
    values[i * m + i] = 1;
  }
  return fromValues(values, [n, m], dtype);
}

/** Values start, start + step, ... below stop (NumPy's arange). */
export function range(start: number, stop?: number, step = 1, dtype: DType = "float32"): Tensor {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) {
    throw new ValueError("range", `step is ${step}`, "Use a finite, non-zero step.");
  }
  const count = Math.max(0, Math.ceil((to - from) / step));
  const values = makeTypedArray(dtype, count);
  for (let i = 0; i < count; i++) {
    values[i] = from + i * step;
  }
  return fromValues(values, [count], dtype);
}

/** `count` evenly spaced values from start to stop, both included. */
export function linspace(start: number, stop: number, count: number, dtype: DType = "float32"): Tensor {
  assertValidShape("linspace", [count]);
  const values = makeTypedArray(dtype, count);
  const step = count > 1 ? (stop - start) / (count - 1) : 0;
  for (let i = 0; i < count; i++) {
    values[i] = i === count - 1 && count > 1 ? stop : start + i * step;
  }
  return fromValues(values, [count], dtype);
}

let variableCount = 0;

/**
 * Creates a variable holding a copy of `initial`. Trainable variables are
 * watched by gradient tapes and updated in place by optimizers.
 */
export function variable(
  initial: Tensor,
  options: { name?: string; trainable?: boolean; dtype?: DType } = {},
): Variable {
  assertTensor("variable", "initial", initial);
  checkOptionKeys("variable", options, ["name", "trainable", "dtype"]);
  if (options.dtype !== undefined && options.dtype !== initial.dtype) {
    throw new DTypeError(
      "variable",
      `the initial value is ${initial.dtype} but dtype ${options.dtype} was asked for`,
      "Cast the initial value first.",
    );
  }
  const backend = getBackend();
  const values = initial.storage.backend.read(initial.storage.dataId, initial.dtype, initial.size);
  const storage = new Storage(backend, backend.write(values, initial.dtype));
  const name = options.name ?? `variable_${variableCount++}`;
  return new Variable(storage, initial.shape, initial.dtype, initial.size, name, options.trainable ?? true);
}

function assertTensorValue(op: string, name: string, value: unknown): asserts value is Tensor {
  if (!(value !== null && typeof value === "object" && "storage" in value && "shape" in value)) {
    throw new MyelinError(
      "not_a_tensor",
      `${op}: ${name} must be a Tensor, found ${describeValue(value)}.`,
      { hint: "Wrap arrays with tensor(...) first." },
    );
  }
}

/**
 * The check every op makes of each tensor argument before it works: that it
 * is a tensor, and that it was not disposed. The message names the op the
 * user called and the argument, so a disposed tensor is reported as
 * `add: argument a (tensor 358, shape [3]) was disposed`, not by the kernel
 * that would have read it.
 *
 * @throws MyelinError `not_a_tensor` or `disposed`.
 */
export function assertTensor(op: string, name: string, value: unknown): asserts value is Tensor {
  assertTensorValue(op, name, value);
  if (value.isDisposed) {
    throw new MyelinError(
      "disposed",
      `${op}: argument ${name} (tensor ${value.id}, shape ${formatShape(value.shape)}) was ` +
        "disposed; a tensor cannot be used after dispose(), or after the tidy() " +
        "that made it ended.",
      {
        hint:
          "Keep it with keep(t), return it from tidy(), or stop disposing it while it is " +
          "in use.",
      },
    );
  }
}
