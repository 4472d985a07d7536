// The README's examples as one runnable script:
// node --conditions=source --import tsx examples/usage.ts
import { createJsBackend } from "@myelin/backend-js";
import { Registry } from "@myelin/registry";
import {
  registerBackend,
  square,
  sub,
  sum,
  tensor,
  variable,
  variableGrads,
} from "@myelin/tensor-core";
import {
  adam,
  cosineDecay,
  getOptimizer,
  registerOptimizers,
  serializeOptimizer,
} from "@myelin/optimizers";

registerBackend("js", createJsBackend, { priority: 1 });

const w = variable(tensor([3, -2]), { name: "w" });
const target = tensor([1, 1]);
const optimizer = adam({
  learningRate: cosineDecay({
    initialLearningRate: 0,
    decaySteps: 200,
    warmupSteps: 10,
    warmupTarget: 0.1,
  }),
  globalClipNorm: 1,
});

for (let step = 0; step < 200; step++) {
  const { grads } = variableGrads(() => sum(square(sub(w, target))));
  optimizer.applyGradients(grads);
}
console.log("w", Array.from(w.data()), "next rate", optimizer.currentLearningRate());

// Save and resume: the config rebuilds the optimizer, the state restores its moments.
const registry = new Registry();
registerOptimizers(registry);
const config = JSON.stringify(serializeOptimizer(optimizer));
const state = optimizer.getState();
const resumed = getOptimizer(JSON.parse(config), registry);
resumed.setState(state);
console.log("resumed at step", resumed.iterations, Object.keys(resumed.getState().slots));
