import type { OptimizerStepAttrs } from "@myelin/backend";
import { ptr } from "./kernel.js";
import type { WasmKernel } from "./kernel.js";

/** Rule codes of assembly/optimizer.ts. */
const RULE_CODES: Readonly<Record<OptimizerStepAttrs["rule"], number>> = {
  sgd: 0,
  momentum: 1,
  nesterov: 2,
  adam: 3,
  adamw: 4,
  rmsprop: 5,
  adagrad: 6,
  adamax: 7,
};

/** Slot tensors each rule reads and writes, after the variable and gradient. */
const SLOTS: Readonly<Record<OptimizerStepAttrs["rule"], number>> = {
  sgd: 0,
  momentum: 1,
  nesterov: 1,
  adam: 2,
  adamw: 2,
  rmsprop: 1,
  adagrad: 1,
  adamax: 2,
};

/** Hyper-parameters a rule may leave out, as the JS backend defaults them. */
const DEFAULTS: Readonly<Record<string, number>> = {
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  momentum: 0.9,
  rho: 0.9,
  weightDecay: 0,
  step: 1,
};

/** The hyper-parameter list h0..h5 of assembly/optimizer.ts. */
function hyperParameters({ rule, params }: OptimizerStepAttrs): number[] {
  const get = (name: string) => params[name] ?? DEFAULTS[name]!;
  switch (rule) {
    case "sgd":
      return [0, 0, 0, 0, 0, 0];
    case "momentum":
    case "nesterov":
      return [get("momentum"), 0, 0, 0, 0, 0];
    case "adam":
    case "adamw": {
      const beta1 = get("beta1");
      const beta2 = get("beta2");
      const t = get("step");
      const decay = rule === "adamw" ? get("weightDecay") : 0;
      const corr1 = 1 / (1 - beta1 ** t);
      const corr2 = 1 / (1 - beta2 ** t);
      return [beta1, beta2, get("epsilon"), corr1, corr2, decay];
    }
    case "rmsprop":
      return [get("rho"), 0, get("epsilon"), 0, 0, 0];
    case "adagrad":
      return [0, 0, get("epsilon"), 0, 0, 0];
    case "adamax": {
      const beta1 = get("beta1");
      const corr1 = 1 / (1 - beta1 ** get("step"));
      return [beta1, get("beta2"), get("epsilon"), corr1, 0, 0];
    }
  }
}

/**
 * Every optimizer rule as one fused SIMD pass over float32 variables and
 * slots, updated in place in the outputs. Missing hyper-parameters take the
 * usual defaults (beta1 0.9, beta2 0.999, epsilon 1e-7, momentum 0.9, rho 0.9,
 * weightDecay 0, step 1).
 */
export const optimizerStepKernel: WasmKernel<"OptimizerStep"> = {
  id: "OptimizerStep",
  note: "float32, all rules (sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad, adamax)",
  supports: (inputs) => inputs.every((t) => t.dtype === "float32"),
  setup: (runtime) => {
    const { optimizerStep } = runtime.exports;
    return ({ inputs, outputs, attrs }) => {
      // The outputs hold the variable and slots (normally the inputs' own storage).
      const g = inputs[1];
      const [w, s1, s2] = outputs;
      const slots = SLOTS[attrs.rule];
      const first = slots >= 1 ? ptr(s1!) : 0;
      const second = slots >= 2 ? ptr(s2!) : 0;
      const h = hyperParameters(attrs) as [number, number, number, number, number, number];
      const code = RULE_CODES[attrs.rule];
      optimizerStep(code, ptr(w!), ptr(g!), first, second, w!.size, attrs.learningRate, ...h);
    };
  },
};
