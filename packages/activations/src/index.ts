export {
  type Activation,
  type NamedActivation,
  nameActivation,
  isNamedActivation,
} from "./activation.js";
export {
  linear,
  sigmoid,
  hardSigmoid,
  tanh,
  relu,
  relu6,
  leakyRelu,
  elu,
  selu,
  gelu,
  geluTanh,
  softplus,
  softsign,
  swish,
  silu,
  mish,
  softmax,
  logSoftmax,
} from "./functions.js";
export {
  ACTIVATIONS_PACKAGE,
  ACTIVATION_NAMES,
  registerActivations,
  getActivation,
  serializeActivation,
  type ActivationSpec,
} from "./registry.js";
