import type { OptimizerStepAttrs } from "@myelin/backend";
import { assertTensor } from "../create.js";
import { hasKernel, runKernelInPlace } from "../engine.js";
import { DTypeError, formatShape, ShapeError } from "../errors.js";
import { shapesEqual } from "../shape.js";
import { noGrad } from "../tape.js";
import type { Tensor, Variable } from "../tensor.js";
import { abs, add, div, maximum, mul, sqrt, square, sub } from "./elementwise.js";
import { broadcastTo } from "./reshape.js";

/**
 * Overwrites a variable's values in place with `value` (broadcast to its shape).
 *
 * @throws ShapeError when value does not broadcast to the variable's shape.
 */
export function assign(target: Variable, value: Tensor): void {
  assertTensor("assign", "target", target);
  assertTensor("assign", "value", value);
  if (value.dtype !== target.dtype) {
    throw new DTypeError("assign", `the variable ${target.name} is ${target.dtype} but the value is ${value.dtype}`, `Cast the value: cast(value, "${target.dtype}").`);
  }
  const source = shapesEqual(value.shape, target.shape) ? value : noGrad(() => broadcastTo(value, target.shape));
  runKernelInPlace("Copy", [source], [target], {});
}

/**
 * Applies one optimizer update to a variable and its slot variables in place.
 * The rules are documented on `OptimizerStepAttrs` in @myelin/backend. Backends
 * with a fused kernel run it in one pass; others get this composition of ops.
 */
export function applyOptimizerStep(variable: Variable, gradient: Tensor, slots: readonly Variable[], attrs: OptimizerStepAttrs): void {
  assertTensor("applyOptimizerStep", "variable", variable);
  assertTensor("applyOptimizerStep", "gradient", gradient);
  if (!shapesEqual(variable.shape, gradient.shape)) {
    throw new ShapeError("applyOptimizerStep", { variable: variable.shape, gradient: gradient.shape }, `the gradient of ${variable.name} is ${formatShape(gradient.shape)} but the variable is ${formatShape(variable.shape)}`, "Gradients must have their variable's shape.");
  }
  if (hasKernel("OptimizerStep")) {
    runKernelInPlace("OptimizerStep", [variable, gradient, ...slots], [variable, ...slots], attrs);
    return;
  }
  noGrad(() => composeStep(variable, gradient, slots, attrs));
}

function composeStep(w: Variable, g: Tensor, slots: readonly Variable[], attrs: OptimizerStepAttrs): void {
  const lr = attrs.learningRate;
  const p = attrs.params;
  const t = p.step ?? 1;
  const epsilon = p.epsilon ?? 1e-7;
  switch (attrs.rule) {
    case "sgd":
      assign(w, sub(w, mul(g, lr)));
      return;
    case "momentum":
    case "nesterov": {
      const v = slots[0]!;
      const momentum = p.momentum ?? 0;
      assign(v, sub(mul(v, momentum), mul(g, lr)));
      const stepValue = attrs.rule === "momentum" ? v : sub(mul(v, momentum), mul(g, lr));
      assign(w, add(w, stepValue));
      return;
    }
    case "adam":
    case "adamw": {
      const [m, v] = slots as [Variable, Variable];
      const beta1 = p.beta1 ?? 0.9;
      const beta2 = p.beta2 ?? 0.999;
      if (attrs.rule === "adamw") {
        assign(w, sub(w, mul(w, lr * (p.weightDecay ?? 0))));
      }
      assign(m, add(mul(m, beta1), mul(g, 1 - beta1)));
      assign(v, add(mul(v, beta2), mul(square(g), 1 - beta2)));
      const mHat = div(m, 1 - beta1 ** t);
      const vHat = div(v, 1 - beta2 ** t);
      assign(w, sub(w, mul(div(mHat, add(sqrt(vHat), epsilon)), lr)));
      return;
    }
    case "rmsprop": {
      const s = slots[0]!;
      const rho = p.rho ?? 0.9;
      assign(s, add(mul(s, rho), mul(square(g), 1 - rho)));
      assign(w, sub(w, mul(div(g, add(sqrt(s), epsilon)), lr)));
      return;
    }
    case "adagrad": {
      const a = slots[0]!;
      assign(a, add(a, square(g)));
      assign(w, sub(w, mul(div(g, add(sqrt(a), epsilon)), lr)));
      return;
    }
    case "adamax": {
      const [m, u] = slots as [Variable, Variable];
      const beta1 = p.beta1 ?? 0.9;
      const beta2 = p.beta2 ?? 0.999;
      assign(m, add(mul(m, beta1), mul(g, 1 - beta1)));
      assign(u, maximum(mul(u, beta2), abs(g)));
      assign(w, sub(w, mul(div(m, add(u, epsilon)), lr / (1 - beta1 ** t))));
      return;
    }
  }
}
