// The README's examples as one runnable script:
// node --conditions=source --import tsx examples/usage.ts
import { createJsBackend } from "@myelin/backend-js";
import { Registry } from "@myelin/registry";
import { registerBackend, sum, tensor, valueAndGrad } from "@myelin/tensor-core";
import {
  binaryCrossentropy,
  getLoss,
  meanSquaredErrorLoss,
  registerLosses,
  serializeLoss,
  sparseCategoricalCrossentropyLoss,
} from "@myelin/losses";

registerBackend("js", createJsBackend, { priority: 1 });

// [N] targets against a Dense(1) head's [N, 1] predictions are aligned, never broadcast.
const mse = meanSquaredErrorLoss();
console.log("mse", mse(tensor([1, 2, 3]), tensor([[1.5], [2.5], [2]])).item()); // 0.5

// From logits, stable at any magnitude, with weights and a reduction.
const ce = sparseCategoricalCrossentropyLoss({ fromLogits: true, reduction: "none" });
const logits = tensor([
  [1e8, 1e8],
  [3, -1],
]);
console.log("ce", Array.from(ce(tensor([1, 0]), logits, tensor([1, 0.5])).data()));

// The gradient of binary cross-entropy from logits is sigmoid(x) - z, even at x = 100.
const [value, [dx]] = valueAndGrad((x) =>
  sum(binaryCrossentropy(tensor([0.9]), x, { fromLogits: true })),
)(tensor([100]));
console.log("bce", value.item(), Array.from(dx!.data()));

// Bad labels are refused with the value, its position and the valid range.
try {
  ce(tensor([1, 2]), logits);
} catch (error) {
  console.log((error as Error).message);
}

const registry = new Registry();
registerLosses(registry);
const loss = getLoss(
  { className: "categorical_crossentropy", config: { labelSmoothing: 0.1 } },
  registry,
);
console.log(serializeLoss(loss));
