import type { DType } from "@myelin/tensor-core";
import type { Layer } from "./layer.js";
import type { LayerShape } from "./shape.js";

let nextSymbolicId = 0;

/**
 * A placeholder for a tensor in a model graph: it has a shape (with `null` for
 * the batch axis) and knows which layer call produced it. Calling a layer on
 * symbolic tensors records the call instead of computing anything.
 */
export class SymbolicTensor {
  readonly id = nextSymbolicId++;

  constructor(
    readonly shape: LayerShape,
    readonly dtype: DType,
    /** The layer whose call produced this tensor. */
    readonly sourceLayer: Layer,
    /** Which call of that layer (a layer called twice shares its weights). */
    readonly nodeIndex: number,
    readonly name: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    const dims = this.shape.map((d) => (d === null ? "null" : String(d))).join(", ");
    return `SymbolicTensor(${this.name}, [${dims}])`;
  }
}

/** One call of a layer inside a model graph. */
export interface LayerNode {
  readonly layer: Layer;
  readonly inputs: readonly SymbolicTensor[];
  /** The layer was called on a list (merge layers), not on one tensor. */
  readonly inputIsList: boolean;
  readonly output: SymbolicTensor;
}

/** True for a symbolic tensor or a non-empty list of them. */
export function isSymbolic(value: unknown): value is SymbolicTensor | SymbolicTensor[] {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every((v) => v instanceof SymbolicTensor);
  }
  return value instanceof SymbolicTensor;
}
