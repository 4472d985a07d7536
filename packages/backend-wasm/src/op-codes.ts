import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "@myelin/backend";
import type { BinaryOp, DType, ReduceOp, UnaryOp } from "@myelin/backend";

// The Wasm module numbers operations by their position in the interface's
// lists (see assembly/op-codes.ts), so adding an op there needs no renumbering.

function codes<T extends string>(names: readonly T[]): Readonly<Record<T, number>> {
  return Object.fromEntries(names.map((name, i) => [name, i])) as Record<T, number>;
}

/** Wasm code of each unary op. */
export const UNARY_CODES: Readonly<Record<UnaryOp, number>> = codes(UNARY_OPS);

/** Wasm code of each binary op. */
export const BINARY_CODES: Readonly<Record<BinaryOp, number>> = codes(BINARY_OPS);

/** Wasm code of each reduction. */
export const REDUCE_CODES: Readonly<Record<ReduceOp, number>> = codes(REDUCE_OPS);

/** Codes past the interface's lists: the float32 forms of the logical ops and any/all. */
export const LOGICAL_NOT_FLOAT = UNARY_OPS.length;
export const LOGICAL_AND_FLOAT = BINARY_OPS.length;
export const LOGICAL_OR_FLOAT = BINARY_OPS.length + 1;
export const ANY_FLOAT = REDUCE_OPS.length;
export const ALL_FLOAT = REDUCE_OPS.length + 1;

/** Wasm code of each dtype (assembly/movement.ts). */
export const DTYPE_CODES: Readonly<Record<DType, number>> = {
  float32: 0,
  float64: 1,
  int32: 2,
  bool: 3,
};
