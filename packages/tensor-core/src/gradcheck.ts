import { valueAndGrad } from "./autograd.js";
import { tensor } from "./create.js";
import { Generator } from "./random.js";
import { mul } from "./ops/elementwise.js";
import { sum } from "./ops/reduce.js";
import { cast } from "./ops/reshape.js";
import { noGrad } from "./tape.js";
import type { Tensor } from "./tensor.js";

/** Tolerances of {@link checkGradients}. */
export interface GradientCheckOptions {
  /** Central-difference step (default 1e-5). */
  epsilon?: number;
  /** Relative tolerance (default 1e-4). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Seed of the random projection used for non-scalar outputs. */
  seed?: number;
}

/** Result of {@link checkGradients}: the worst element and every mismatch found. */
export interface GradientCheckReport {
  ok: boolean;
  maxAbsError: number;
  mismatches: { input: number; index: number; autograd: number; numeric: number }[];
}

/**
 * Compares autograd with central finite differences, in float64. Non-scalar
 * outputs are reduced to sum(f(x) * r) with a fixed random r, which checks the
 * whole Jacobian in one pass per input element. An element passes when
 * |autograd - numeric| <= atol + rtol * |numeric|.
 *
 * @example
 * const report = checkGradients((x) => tanh(x), [tensor([0.3, -1.2])]);
 * report.ok // true
 */
export function checkGradients(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradientCheckOptions = {},
): GradientCheckReport {
  const epsilon = options.epsilon ?? 1e-5;
  const rtol = options.rtol ?? 1e-4;
  const atol = options.atol ?? 1e-6;
  const xs = inputs.map((x) => cast(x, "float64"));
  const probe = noGrad(() => fn(...xs));
  const generator = new Generator(options.seed ?? 7);
  const weights = tensor(Float64Array.from({ length: probe.size }, () => generator.uniform() + 0.5), probe.shape);
  const objective = (...args: Tensor[]): Tensor => {
    const y = fn(...args);
    return sum(mul(cast(y, "float64"), weights));
  };
  const [, grads] = valueAndGrad(objective)(...xs);
  const report: GradientCheckReport = { ok: true, maxAbsError: 0, mismatches: [] };
  xs.forEach((x, inputIndex) => {
    const base = x.data() as Float64Array;
    const analytic = grads[inputIndex]!.data();
    for (let j = 0; j < base.length; j++) {
      const evaluate = (delta: number): number => {
        const values = Float64Array.from(base);
        values[j]! += delta;
        const args = xs.map((other, k) => (k === inputIndex ? tensor(values, x.shape) : other));
        return noGrad(() => objective(...args)).item();
      };
      const numeric = (evaluate(epsilon) - evaluate(-epsilon)) / (2 * epsilon);
      const error = Math.abs(analytic[j]! - numeric);
      report.maxAbsError = Math.max(report.maxAbsError, error);
      if (!(error <= atol + rtol * Math.abs(numeric))) {
        report.ok = false;
        report.mismatches.push({ input: inputIndex, index: j, autograd: analytic[j]!, numeric });
      }
    }
  });
  return report;
}
