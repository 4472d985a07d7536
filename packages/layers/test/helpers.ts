import {
  assign,
  checkGradients,
  Generator,
  mul,
  sum,
  type Tensor,
  tensor,
  variableGrads,
} from "@myelin/tensor-core";
import { randomValues } from "@myelin/test-utils";
import type { Layer } from "../src/index.js";

/**
 * Gradient check of a float64 layer with respect to its input (checkGradients)
 * and to each trainable weight (variableGrads against central differences of
 * sum(y * r) for a fixed r). With a seed, the layer's generator restarts
 * before every evaluation, so noise masks stay the same within the check.
 */
export function checkLayerGradients(
  layer: Layer,
  x: Tensor,
  options: { training: boolean; seed?: number },
): void {
  const restart = (): void => {
    if (options.seed !== undefined) {
      layer.generator = new Generator(options.seed);
    }
  };
  const run = (input: Tensor): Tensor => {
    restart();
    return layer.apply(input, { training: options.training });
  };
  const inputReport = checkGradients(run, [x]);
  if (!inputReport.ok) {
    throw new Error(
      `${layer.label}: input gradient mismatch ${JSON.stringify(inputReport.mismatches.slice(0, 3))}`,
    );
  }
  const probe = run(x);
  const r = randomValues(probe.shape, 99, 0.5, 1.5);
  const objective = (): Tensor => sum(mul(run(x), r));
  const { grads } = variableGrads(objective, layer.trainableWeights);
  const epsilon = 1e-6;
  for (const v of layer.trainableWeights) {
    const analytic = grads.get(v)!.data();
    const base = Float64Array.from(v.data());
    for (let j = 0; j < base.length; j++) {
      const at = (delta: number): number => {
        const moved = Float64Array.from(base);
        moved[j]! += delta;
        assign(v, tensor(moved, v.shape));
        return objective().item();
      };
      const numeric = (at(epsilon) - at(-epsilon)) / (2 * epsilon);
      assign(v, tensor(base, v.shape));
      if (!(Math.abs(analytic[j]! - numeric) <= 1e-6 + 1e-4 * Math.abs(numeric))) {
        throw new Error(
          `${layer.label}: gradient of ${v.name}[${j}] is ${analytic[j]} but the finite difference is ${numeric}`,
        );
      }
    }
  }
}
