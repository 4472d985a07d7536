import { BINARY_CODES, LOGICAL_AND_FLOAT, LOGICAL_OR_FLOAT } from "../op-codes.js";
import type { BinaryOp, DType } from "@myelin/backend";
import { broadcastStrides, collapse } from "@myelin/backend";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";
import type { WasmRuntime } from "../runtime.js";

/** The Wasm code for an op on inputs of `dtype` (the logical ops have float32 forms). */
function codeOf(op: BinaryOp, dtype: DType): number {
  if (dtype === "float32" && op === "logicalAnd") {
    return LOGICAL_AND_FLOAT;
  }
  if (dtype === "float32" && op === "logicalOr") {
    return LOGICAL_OR_FLOAT;
  }
  return BINARY_CODES[op];
}

const SAME = 0;
const SCALAR_A = 1;
const SCALAR_B = 2;

/** Rows shorter than this are tiled: a Wasm call per row costs more than the row. */
const SHORT_ROW = 64;
/** Elements of the tiled copy of a broadcast row. */
const TILE_ELEMENTS = 2048;

/** True for [m, n] against one row of n, repeated, when n is short and m is not. */
function shortRows(shape: readonly number[], strides: readonly (readonly number[])[]): boolean {
  const width = shape[1]!;
  if (shape.length !== 2 || width >= SHORT_ROW || shape[0]! < 4) {
    return false;
  }
  const [a, b] = strides as [readonly number[], readonly number[]];
  const aFull = a[0] === width && a[1] === 1;
  const bFull = b[0] === width && b[1] === 1;
  const aRow = a[0] === 0 && a[1] === 1;
  const bRow = b[0] === 0 && b[1] === 1;
  return (aFull && bRow) || (aRow && bFull);
}

/**
 * y = a op b for [m, n] against one repeated row of n: the row is copied
 * into a tile of many rows once, so each Wasm call covers many rows in mode SAME.
 */
function tiledRows(
  runtime: WasmRuntime,
  binary: (code: number, a: number, b: number, y: number, n: number, mode: number) => void,
  code: number,
  [pa, pb, py]: readonly [number, number, number],
  [rows, width]: readonly number[],
  rowIsA: boolean,
  bytes: { input: number; output: number },
): void {
  const perTile = Math.min(rows!, Math.max(1, Math.floor(TILE_ELEMENTS / width!)));
  const rowBytes = width! * bytes.input;
  const tile = runtime.heap.alloc(perTile * rowBytes);
  try {
    const memory = runtime.u8();
    const source = rowIsA ? pa : pb;
    memory.copyWithin(tile, source, source + rowBytes);
    for (let filled = 1; filled < perTile; filled *= 2) {
      const count = Math.min(filled, perTile - filled);
      memory.copyWithin(tile + filled * rowBytes, tile, tile + count * rowBytes);
    }
    for (let r = 0; r < rows!; r += perTile) {
      const n = Math.min(perTile, rows! - r) * width!;
      const full = (rowIsA ? pb : pa) + r * rowBytes;
      const out = py + r * width! * bytes.output;
      binary(code, rowIsA ? tile : full, rowIsA ? full : tile, out, n, SAME);
    }
  } finally {
    runtime.heap.release(tile);
  }
}

/** Broadcasting binary ops: same-shape and scalar operands run as one flat loop. */
export const binaryKernel: WasmKernel<"Binary"> = {
  id: "Binary",
  writesAllOutputs: true,
  note:
    "float32 (SIMD except pow, mod, atan2); logicalAnd and logicalOr of bool too; " +
    "same-shape, scalar and row-broadcast fast paths",
  supports: ([a, b], { op }) => {
    const logical = op === "logicalAnd" || op === "logicalOr";
    const dtypeOk = a!.dtype === "float32" || (logical && a!.dtype === "bool");
    return dtypeOk && b!.dtype === a!.dtype;
  },
  setup: (runtime) => {
    const { binary, binaryBroadcast } = runtime.exports;
    return ({ inputs: [a, b], outputs: [y], attrs: { op } }) => {
      const n = y!.size;
      const code = codeOf(op, a!.dtype);
      if (n === 0) {
        return;
      }
      const pa = ptr(a!);
      const pb = ptr(b!);
      const py = ptr(y!);
      if (a!.size === n && b!.size === n) {
        binary(code, pa, pb, py, n, SAME);
        return;
      }
      if (a!.size === 1 && b!.size === n) {
        binary(code, pa, pb, py, n, SCALAR_A);
        return;
      }
      if (b!.size === 1 && a!.size === n) {
        binary(code, pa, pb, py, n, SCALAR_B);
        return;
      }

      // Merged axes turn a row broadcast ([m, n] with [n]) into m runs of mode SAME.
      const strides = [broadcastStrides(a!.shape, y!.shape), broadcastStrides(b!.shape, y!.shape)];
      const { shape, strides: merged } = collapse(y!.shape, strides);
      if (shortRows(shape, merged)) {
        const bytes = { input: a!.dtype === "bool" ? 1 : 4, output: y!.dtype === "bool" ? 1 : 4 };
        tiledRows(runtime, binary, code, [pa, pb, py], shape, merged[0]![0] === 0, bytes);
        return;
      }
      const params = [shape.length, ...shape, ...merged[0]!, ...merged[1]!];
      binaryBroadcast(code, pa, pb, py, runtime.params(params, shape.length));
    };
  },
};
