// The README's examples as one runnable script:
// node --conditions=source --import tsx examples/usage.ts
import { createJsBackend } from "@myelin/backend-js";
import { Registry } from "@myelin/registry";
import { registerBackend, tensor } from "@myelin/tensor-core";
import {
  gelu,
  getActivation,
  leakyRelu,
  registerActivations,
  serializeActivation,
  softmax,
} from "@myelin/activations";

registerBackend("js", createJsBackend, { priority: 1 });

const x = tensor([[-2, -0.5, 0, 1.5]]);
console.log("gelu", Array.from(gelu(x).data()));
console.log("leakyRelu(0.1)", Array.from(leakyRelu(x, 0.1).data()));
console.log("softmax", Array.from(softmax(tensor([[1e30, 1e30]])).data()));

const registry = new Registry();
registerActivations(registry);
const fromKeras = getActivation({ className: "LeakyReLU", config: { alpha: 0.2 } }, registry);
console.log(fromKeras.activationName, fromKeras.config);

const saved = JSON.stringify(serializeActivation(fromKeras));
const loaded = getActivation(JSON.parse(saved), registry);
console.log("round trip", saved, Array.from(loaded(x).data()));
