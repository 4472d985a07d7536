import type { KernelArgs, OptimizerStepAttrs, TypedArray } from "@myelin/backend";

import type { JsKernel } from "../kernel.js";
import { jsValues } from "../storage.js";

/**
 * One fused optimizer update, in place and without allocating. The variable
 * and slots are read from the outputs (which hold their current values) and
 * written back there; the gradient is inputs[1]. Missing hyper-parameters
 * take the usual defaults: beta1 0.9, beta2 0.999, epsilon 1e-7, momentum
 * 0.9, rho 0.9, weightDecay 0, step 1.
 */
export const optimizerStepKernel: JsKernel<"OptimizerStep"> = {
  id: "OptimizerStep",
  backendName: "js",
  run: ({ inputs, outputs, attrs }: KernelArgs<"OptimizerStep">) => {
    const w = jsValues(outputs[0]!);
    const grad = jsValues(inputs[1]!);
    const slot1 = outputs[1] === undefined ? w : jsValues(outputs[1]);
    const slot2 = outputs[2] === undefined ? w : jsValues(outputs[2]);
    applyRule(attrs, outputs[0]!.size, w, grad, slot1, slot2);
  },
};

/**
 * Slot values that decay toward zero (moments of weights whose gradient is
 * zero, behind a dead ReLU) would reach float32's subnormal range after
 * about 800 Adam steps, where arithmetic is tens of times slower; values
 * this small change an update by less than lr * 1e-23, so they are stored as
 * zero. The Wasm backend does the same.
 */
const TINY = 1e-30;

function flush(x: number): number {
  return Math.abs(x) < TINY ? 0 : x;
}

function applyRule(
  attrs: OptimizerStepAttrs,
  n: number,
  w: TypedArray,
  g: TypedArray,
  s1: TypedArray,
  s2: TypedArray,
): void {
  const lr = attrs.learningRate;
  const p = attrs.params;
  const beta1 = p.beta1 ?? 0.9;
  const beta2 = p.beta2 ?? 0.999;
  const epsilon = p.epsilon ?? 1e-7;
  const momentum = p.momentum ?? 0.9;
  const rho = p.rho ?? 0.9;
  const weightDecay = p.weightDecay ?? 0;
  const t = p.step ?? 1;

  switch (attrs.rule) {
    case "sgd":
      for (let i = 0; i < n; i++) {
        w[i] = w[i]! - lr * g[i]!;
      }
      return;
    case "momentum":
      for (let i = 0; i < n; i++) {
        const v = flush(momentum * s1[i]! - lr * g[i]!);
        s1[i] = v;
        w[i] = w[i]! + v;
      }
      return;
    case "nesterov":
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const v = flush(momentum * s1[i]! - lr * gi);
        s1[i] = v;
        w[i] = w[i]! + momentum * v - lr * gi;
      }
      return;
    case "adam":
    case "adamw": {
      const decay = attrs.rule === "adamw" ? lr * weightDecay : 0;
      const c1 = 1 - Math.pow(beta1, t);
      const c2 = 1 - Math.pow(beta2, t);
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const m = flush(beta1 * s1[i]! + (1 - beta1) * gi);
        const v = flush(beta2 * s2[i]! + (1 - beta2) * gi * gi);
        s1[i] = m;
        s2[i] = v;
        const wi = w[i]! - decay * w[i]!;
        w[i] = wi - (lr * (m / c1)) / (Math.sqrt(v / c2) + epsilon);
      }
      return;
    }
    case "rmsprop":
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const s = flush(rho * s1[i]! + (1 - rho) * gi * gi);
        s1[i] = s;
        w[i] = w[i]! - (lr * gi) / (Math.sqrt(s) + epsilon);
      }
      return;
    case "adagrad":
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const a = s1[i]! + gi * gi;
        s1[i] = a;
        w[i] = w[i]! - (lr * gi) / (Math.sqrt(a) + epsilon);
      }
      return;
    case "adamax": {
      const c1 = 1 - Math.pow(beta1, t);
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const m = flush(beta1 * s1[i]! + (1 - beta1) * gi);
        const u = flush(Math.max(beta2 * s2[i]!, Math.abs(gi)));
        s1[i] = m;
        s2[i] = u;
        w[i] = w[i]! - ((lr / c1) * m) / (u + epsilon);
      }
      return;
    }
  }
}
