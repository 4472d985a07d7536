import { registerActivations } from "@myelin/activations";
import { registerLayers } from "@myelin/layers";
import { registerLosses } from "@myelin/losses";
import { registerOptimizers } from "@myelin/optimizers";
import { Registry } from "@myelin/registry";
import { Generator, type Tensor, tensor } from "@myelin/tensor-core";
import { registerModelPlugins } from "../src/index.js";

/** A fresh registry holding every built-in. */
export function builtins(): Registry {
  const registry = new Registry();
  registerActivations(registry);
  registerLosses(registry);
  registerOptimizers(registry);
  registerLayers(registry);
  registerModelPlugins(registry);
  return registry;
}

/** Throws naming the first element that differs by more than atol + rtol * |expected|. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-6,
  rtol = 0,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} differs from ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: ${a} differs from ${e} (atol ${atol}, rtol ${rtol})`);
    }
  }
}

/** Uniform random values in [low, high) from a seed. */
export function random(shape: readonly number[], seed: number, low = 0, high = 1): Tensor {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float32Array.from({ length: n }, () => low + (high - low) * g.uniform()),
    shape,
  );
}

/** The message of what fn throws (fails when it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

/** The error an async fn rejects with. */
export async function rejected(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
