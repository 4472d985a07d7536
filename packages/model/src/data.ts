import {
  assertTensor,
  describeValue,
  formatShape,
  isTensor,
  MyelinError,
  ShapeError,
  slice,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  warnOnce,
} from "@myelin/tensor-core";

/** A dense row-major table of floats (the hand-off format of @myelin/data). */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** Nested arrays of numbers, one entry per sample. */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** What fit, evaluate and predict accept for one input or one target. */
export type DataLike = Tensor | Matrix | NestedNumbers | Float32Array | Int32Array;

/** One array per model input (or output), or a single one. */
export type ModelData = DataLike | readonly (Tensor | Matrix)[];

/** True for `{ data: Float32Array, rows, cols }`. */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const m = value as Matrix;
  return m.data instanceof Float32Array && Number.isInteger(m.rows) && Number.isInteger(m.cols);
}

/**
 * Converts nested arrays into a float32 tensor, row by row, naming the first
 * ragged row or non-number with its position.
 */
function fromNested(op: string, what: string, rows: NestedNumbers): Tensor {
  const shape: number[] = [rows.length];
  let probe: unknown = rows[0];
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const values = new Float32Array(shape.reduce((n, d) => n * d, 1));
  let offset = 0;
  const visit = (node: unknown, axis: number, path: number[]): void => {
    if (axis === shape.length) {
      if (typeof node !== "number" && typeof node !== "boolean") {
        throw new ValueError(
          op,
          `${what} ${position(path)} is ${describeValue(node)}, not a number`,
          "Convert strings with Number() and fill in missing values before training.",
        );
      }
      values[offset++] = Number(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[axis]) {
      const found = Array.isArray(node) ? `${node.length} values` : "a single value";
      throw new ShapeError(
        op,
        {},
        `${what} row ${path.join(", ")} has ${found}, but row ${[...path.slice(0, -1), 0].join(", ")} has ${shape[axis]}`,
        "Every row must have the same length: pad or trim the rows.",
        "ragged_rows",
      );
    }
    for (let i = 0; i < node.length; i++) {
      visit(node[i], axis + 1, [...path, i]);
    }
  };
  for (let i = 0; i < rows.length; i++) {
    visit(rows[i], 1, [i]);
  }
  return tensor(values, shape);
}

function position(path: readonly number[]): string {
  if (path.length === 1) {
    return `row ${path[0]}`;
  }
  return `row ${path[0]}, column ${path.slice(1).join(", ")}`;
}

/** Converts one array-like to a tensor. */
export function toTensor(op: string, what: string, value: DataLike): Tensor {
  if (isTensor(value)) {
    assertTensor(op, what, value);
    return value;
  }
  if (isMatrix(value)) {
    if (value.data.length !== value.rows * value.cols) {
      throw new ShapeError(
        op,
        {},
        `${what} is a matrix of ${value.rows} x ${value.cols} but holds ${value.data.length} values`,
        "Make data.length equal rows * cols.",
      );
    }
    return tensor(value.data, [value.rows, value.cols]);
  }
  if (Array.isArray(value)) {
    return fromNested(op, what, value);
  }
  if (value instanceof Float32Array || value instanceof Int32Array) {
    // A flat typed array is one value per sample (labels, as @myelin/data yields them).
    return tensor(Float32Array.from(value), [value.length]);
  }
  throw new MyelinError(
    "invalid_data",
    `${op}: ${what} is ${describeValue(value)}; expected a tensor, nested arrays or a { data, rows, cols } matrix.`,
  );
}

/**
 * Converts model data to one tensor per input (or output). A list of tensors
 * or matrices means one per input; nested number arrays mean a single input.
 *
 * @throws MyelinError when the count does not match the model's inputs.
 */
export function toTensorList(
  op: string,
  what: string,
  value: ModelData,
  expected: number,
): Tensor[] {
  const isList =
    Array.isArray(value) && value.length > 0 && value.every((v) => isTensor(v) || isMatrix(v));
  const list = isList
    ? (value as readonly (Tensor | Matrix)[]).map((v, i) => toTensor(op, `${what}[${i}]`, v))
    : [toTensor(op, what, value as DataLike)];
  if (list.length !== expected) {
    throw new MyelinError(
      "input_count",
      `${op}: the model has ${expected} ${what === "x" ? "inputs" : "outputs"} but ${list.length} ${what} arrays were given.`,
      { hint: `Pass a list of ${expected} tensors, one per ${what === "x" ? "input" : "output"}.` },
    );
  }
  return list;
}

/**
 * Checks that every array has the same number of samples.
 *
 * @throws ShapeError naming both counts.
 */
export function assertSameSampleCount(
  op: string,
  groups: readonly (readonly [string, readonly Tensor[]])[],
): number {
  let reference: [string, number] | null = null;
  for (const [what, tensors] of groups) {
    tensors.forEach((t, i) => {
      const name = tensors.length > 1 ? `${what}[${i}]` : what;
      if (t.rank === 0) {
        throw new ShapeError(
          op,
          { [name]: t.shape },
          `${name} is a scalar, but it needs a sample axis`,
          "Pass one row per sample.",
        );
      }
      const count = t.shape[0]!;
      if (reference === null) {
        reference = [name, count];
      } else if (count !== reference[1]) {
        throw new ShapeError(
          op,
          {},
          `${reference[0]} has ${reference[1]} samples but ${name} has ${count}`,
          "x and y need one row per sample each, in the same order.",
          "sample_count_mismatch",
        );
      }
    });
  }
  return reference === null ? 0 : (reference as [string, number])[1];
}

/**
 * Throws at the first NaN or infinite value, naming its row and column.
 */
export function assertFinite(op: string, what: string, t: Tensor): void {
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    return;
  }
  const values = t.data();
  const rowSize = t.rank === 0 ? 1 : t.size / Math.max(1, t.shape[0]!);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      const row = Math.floor(i / rowSize);
      const column = i - row * rowSize;
      throw new ValueError(
        op,
        `${what} row ${row}, column ${column} is ${v}`,
        "Remove or fill in rows with missing values (or pass checkFinite: false to train on them anyway).",
      );
    }
  }
}

/** Input tensors whose scale warnIfUnscaled has already looked at. */
const scaleChecked = new WeakSet<Tensor>();

/**
 * Warns once when 2-D inputs look unscaled (some feature has max |x| > 100 or
 * a standard deviation above 10). The data is not changed.
 */
export function warnIfUnscaled(op: string, x: Tensor): void {
  if (x.rank !== 2 || x.size === 0 || (x.dtype !== "float32" && x.dtype !== "float64")) {
    return;
  }
  // fit may be called once per epoch on the same tensor; one look is enough.
  if (scaleChecked.has(x)) {
    return;
  }
  scaleChecked.add(x);
  const [rows, cols] = x.shape as [number, number];
  // A few thousand rows tell the scale; reading more only costs time.
  const used = Math.min(rows, 4096);
  const values = used === rows ? x.data() : tidy(() => slice(x, [0, 0], [used, cols]).data());
  const sums = new Float64Array(cols);
  const squares = new Float64Array(cols);
  const maxima = new Float64Array(cols);
  for (let i = 0; i < used; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = values[row + j]!;
      sums[j]! += v;
      squares[j]! += v * v;
      maxima[j] = Math.max(maxima[j]!, Math.abs(v));
    }
  }
  let worst = { feature: -1, maxAbs: 0, std: 0 };
  for (let j = 0; j < cols; j++) {
    const maxAbs = maxima[j]!;
    const mean = sums[j]! / used;
    const std = Math.sqrt(Math.max(0, squares[j]! / used - mean * mean));
    if ((maxAbs > 100 || std > 10) && maxAbs > worst.maxAbs) {
      worst = { feature: j, maxAbs, std };
    }
  }
  if (worst.feature >= 0) {
    warnOnce(
      `${op}:unscaled-inputs`,
      `${op}: the inputs look unscaled (feature ${worst.feature} has max |x| ${worst.maxAbs.toPrecision(4)} ` +
        `and standard deviation ${worst.std.toPrecision(4)}). Networks train best on features with mean 0 ` +
        "and standard deviation 1: standardize them first (for example with standardScaler from " +
        "@myelin/data). The data was not changed.",
    );
  }
}

/** The layer shape of a tensor as the model sees it (batch axis first). */
export function describeShape(t: Tensor): string {
  return formatShape(t.shape);
}
