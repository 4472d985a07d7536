export type { DType, TypedArray } from "@myelin/backend";
export {
  MyelinError,
  ShapeError,
  DTypeError,
  ValueError,
  NotImplementedError,
  formatShape,
  describeValue,
  describeArgument,
} from "./errors.js";
export { checkOptionKeys } from "./options.js";
export {
  setLogLevel,
  getLogLevel,
  setLogSink,
  recentLogs,
  warnOnce,
  log as logMessage,
  type LogLevel,
  type LogSink,
} from "./logger.js";
export { Tensor, Variable, isTensor, type NestedArray } from "./tensor.js";
export {
  registerBackend,
  setBackend,
  getBackend,
  initBackend,
  listBackends,
  setFallbackBackend,
  fallbackReport,
  hasKernel,
  memory,
  runKernel,
  runKernelInPlace,
  type OutputSpec,
} from "./engine.js";
export { tidy, asyncScope, memoryScope, keep, type MemoryScope } from "./scope.js";
export {
  tensor,
  scalar,
  full,
  zeros,
  ones,
  zerosLike,
  onesLike,
  eye,
  range,
  linspace,
  variable,
  assertTensor,
  type TensorLike,
} from "./create.js";
export {
  Generator,
  setSeed,
  globalRandom,
  randomUniform,
  randomNormal,
  truncatedNormal,
  DEFAULT_SEED,
  type RandomOptions,
} from "./random.js";
export { broadcastShapes, normalizeAxis, normalizeAxes, sizeOf, shapesEqual, type Shape } from "./shape.js";
export * from "./ops/elementwise.js";
export * from "./ops/reduce.js";
export * from "./ops/reshape.js";
export * from "./ops/mat-mul.js";
export * from "./ops/softmax.js";
export * from "./ops/conv.js";
export * from "./ops/assign.js";
export { type Operand } from "./ops/util.js";
export { grad, valueAndGrad, variableGrads, vjp } from "./autograd.js";
export { noGrad, defineGradient, differentiableOps, type GradFn, type GradContext } from "./tape.js";
export { checkGradients, type GradientCheckOptions, type GradientCheckReport } from "./gradcheck.js";
