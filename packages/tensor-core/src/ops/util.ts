import type { DType } from "@myelin/backend";
import { assertTensor, full } from "../create.js";
import { DTypeError } from "../errors.js";
import type { Tensor } from "../tensor.js";

/** A tensor, or a plain number/boolean that becomes a scalar of the other operand's dtype. */
export type Operand = Tensor | number | boolean;

export const FLOAT_DTYPES: ReadonlySet<DType> = new Set<DType>(["float32", "float64"]);

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** Converts operands to tensors; plain numbers take the dtype of the tensor operand. */
export function asTensors(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  const aIsTensor = typeof a === "object";
  const bIsTensor = typeof b === "object";
  if (!aIsTensor && !bIsTensor) {
    return [full([], Number(a)), full([], Number(b))];
  }
  if (aIsTensor) {
    assertTensor(op, "a", a);
  }
  if (bIsTensor) {
    assertTensor(op, "b", b);
  }
  const dtype = aIsTensor ? (a as Tensor).dtype : (b as Tensor).dtype;
  const ta = aIsTensor ? (a as Tensor) : full([], Number(a), dtype);
  const tb = bIsTensor ? (b as Tensor) : full([], Number(b), dtype);
  return [ta, tb];
}

export function requireFloat(op: string, x: Tensor, name = "x"): void {
  if (!isFloat(x.dtype)) {
    throw new DTypeError(
      op,
      `${name} is ${x.dtype}, but ${op} needs a float tensor (float32 or float64)`,
      `Convert it first: cast(${name}, "float32").`,
    );
  }
}

export function requireSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      op,
      `a is ${a.dtype} and b is ${b.dtype}; both operands must have the same dtype`,
      `Cast one of them, e.g. cast(b, "${a.dtype}").`,
    );
  }
}
