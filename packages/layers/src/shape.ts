import { describeValue, formatShape, ShapeError } from "@myelin/tensor-core";

/** A layer-level shape: `null` marks an axis of unknown size (the batch axis, usually). */
export type LayerShape = readonly (number | null)[];

/**
 * Prints a layer shape with `*` for unknown axes, so an expectation reads like a
 * pattern: `[*, 1]` matches `[10, 1]` and `[3, 1]`.
 */
export function formatLayerShape(shape: LayerShape): string {
  return `[${shape.map((d) => (d === null ? "*" : String(d))).join(", ")}]`;
}

/** True when `found` fits `expected`: same rank, and every known axis equal. */
export function shapeMatches(expected: LayerShape, found: LayerShape): boolean {
  if (expected.length !== found.length) {
    return false;
  }
  return expected.every((d, i) => d === null || found[i] === null || d === found[i]);
}

/** The same shape with its first (batch) axis unknown. */
export function withUnknownBatch(shape: LayerShape): (number | null)[] {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}

/** Product of the known axes after the batch axis; throws when one is unknown. */
export function featureSize(op: string, shape: LayerShape): number {
  let size = 1;
  for (let i = 1; i < shape.length; i++) {
    const d = shape[i];
    if (d === null || d === undefined) {
      throw new ShapeError(
        op,
        {},
        `axis ${i} of ${formatShape(shape)} has an unknown size, but ${op} needs every axis ` +
          "after the batch axis to be known",
        "Give the model a full inputShape.",
      );
    }
    size *= d;
  }
  return size;
}

/** Checks that a shape is a list of non-negative integers or nulls. */
export function assertLayerShape(op: string, name: string, shape: unknown): LayerShape {
  const ok =
    Array.isArray(shape) &&
    shape.every((d) => d === null || (typeof d === "number" && Number.isInteger(d) && d >= 0));
  if (!ok) {
    throw new ShapeError(
      op,
      {},
      `${name} is ${Array.isArray(shape) ? JSON.stringify(shape) : describeValue(shape)}, ` +
        "but it must be a list of non-negative integers",
      `Pass ${name} like [28, 28, 1] (without the batch axis for inputShape).`,
      "invalid_shape",
    );
  }
  return shape as LayerShape;
}
