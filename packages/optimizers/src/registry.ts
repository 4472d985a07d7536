import {
  defaultRegistry,
  type Registry,
  type RegistryEntry,
  type RegistryKind,
  type SerializedObject,
} from "@myelin/registry";
import { Optimizer } from "./optimizer.js";
import {
  Adagrad,
  adagrad,
  Adam,
  adam,
  Adamax,
  adamax,
  AdamW,
  adamw,
  RMSprop,
  rmsprop,
  SGD,
  sgd,
} from "./optimizers.js";

/** Classes whose instances serialize with this package's name. */
const BUILT_IN_CLASSES: ReadonlySet<unknown> = new Set([
  SGD,
  Adam,
  AdamW,
  RMSprop,
  Adagrad,
  Adamax,
]);
import {
  constant,
  cosineDecay,
  exponentialDecay,
  isSchedule,
  type LearningRateSchedule,
  piecewiseConstant,
  stepDecay,
} from "./schedules.js";

/** This package's name and version, as written into registry entries. */
export const OPTIMIZERS_PACKAGE = { name: "@myelin/optimizers", version: "0.1.0" } as const;

interface Builtin<T> {
  name: string;
  description: string;
  aliases?: readonly string[];
  create: (config: Record<string, unknown>, registry: Registry) => T;
}

type Factory<T> = (options: never) => T;
const call = <T>(factory: Factory<T>, config: Record<string, unknown>): T =>
  factory(config as never);

/** An optimizer config whose learningRate may still be a serialized schedule. */
function withSchedule(
  config: Record<string, unknown>,
  registry: Registry,
): Record<string, unknown> {
  const rate = config.learningRate;
  if (typeof rate === "object" && rate !== null) {
    return { ...config, learningRate: getSchedule(rate as SerializedObject, registry) };
  }
  return config;
}

function optimizer(
  name: string,
  factory: Factory<Optimizer>,
  description: string,
): Builtin<Optimizer> {
  return {
    name,
    description,
    create: (config, registry) => call(factory, withSchedule(config, registry)),
  };
}

const OPTIMIZERS: readonly Builtin<Optimizer>[] = [
  optimizer("sgd", sgd, "Gradient descent with optional (Nesterov) momentum."),
  optimizer("adam", adam, "Adam with bias-corrected moments."),
  optimizer("adamw", adamw, "Adam with decoupled weight decay."),
  optimizer("rmsprop", rmsprop, "RMSprop: a running mean of g^2 scales the step."),
  optimizer("adagrad", adagrad, "Adagrad: the sum of g^2 scales the step."),
  optimizer("adamax", adamax, "Adam with an infinity norm."),
];

function schedule(
  name: string,
  factory: Factory<LearningRateSchedule>,
  description: string,
  aliases?: readonly string[],
): Builtin<LearningRateSchedule> {
  return { name, description, aliases, create: (config) => call(factory, config) };
}

const SCHEDULES: readonly Builtin<LearningRateSchedule>[] = [
  schedule("constant", constant, "The same rate at every step."),
  schedule("exponentialDecay", exponentialDecay, "initial * rate^(step / decaySteps)."),
  schedule("stepDecay", stepDecay, "initial * rate^floor(step / decaySteps)."),
  schedule("cosineDecay", cosineDecay, "Cosine decay with optional linear warmup."),
  schedule("piecewiseConstant", piecewiseConstant, "Constant between boundaries.", [
    "piecewiseConstantDecay",
  ]),
];

/** Names of the built-in optimizers. */
export const OPTIMIZER_NAMES: readonly string[] = OPTIMIZERS.map((b) => b.name);

/** Names of the built-in learning-rate schedules. */
export const SCHEDULE_NAMES: readonly string[] = SCHEDULES.map((b) => b.name);

function toEntry<T>(kind: RegistryKind, builtin: Builtin<T>, registry: Registry): RegistryEntry<T> {
  return {
    kind,
    name: builtin.name,
    package: OPTIMIZERS_PACKAGE.name,
    version: OPTIMIZERS_PACKAGE.version,
    description: builtin.description,
    aliases: builtin.aliases,
    create: (config: Record<string, unknown>) => builtin.create(config ?? {}, registry),
  };
}

/**
 * Registers every built-in optimizer as kind "optimizer" and every built-in
 * learning-rate schedule as kind "schedule". Keras spellings ("SGD",
 * "RMSprop", "ExponentialDecay", "PiecewiseConstantDecay") resolve through
 * the registry's name matching.
 *
 * @throws RegistryError when one of the names is already registered.
 * @example
 * const registry = new Registry();
 * registerOptimizers(registry);
 * registry.create("optimizer", { className: "Adam", config: { learningRate: 0.01 } });
 */
export function registerOptimizers(registry: Registry = defaultRegistry): void {
  for (const builtin of OPTIMIZERS) {
    registry.register(toEntry("optimizer", builtin, registry));
  }
  for (const builtin of SCHEDULES) {
    registry.register(toEntry("schedule", builtin, registry));
  }
}

/** `registry` with the built-ins of `kind` visible too; registered names win. */
function withBuiltins<T>(
  registry: Registry,
  kind: RegistryKind,
  builtins: readonly Builtin<T>[],
): Registry {
  const view = registry.child();
  for (const builtin of builtins) {
    const names = [builtin.name, ...(builtin.aliases ?? [])];
    if (!names.some((name) => registry.has(kind, name))) {
      view.register(toEntry(kind, builtin, registry));
    }
  }
  return view;
}

/** What {@link getOptimizer} accepts. */
export type OptimizerSpec = string | Optimizer | SerializedObject;

/**
 * Resolves an optimizer from a name ("adam", Keras's "RMSprop"), a
 * serialized `{ className, config }` (a learningRate inside may itself be a
 * serialized schedule), or an instance (returned as it is). Names are looked
 * up in `registry` first and fall back to the built-ins.
 *
 * @throws RegistryError for an unknown name, listing the closest known ones.
 * @throws ValueError for invalid hyper-parameters.
 * @example
 * getOptimizer({ className: "sgd", config: { learningRate: 0.1, momentum: 0.9 } });
 */
export function getOptimizer(spec: OptimizerSpec, registry: Registry = defaultRegistry): Optimizer {
  if (spec instanceof Optimizer) {
    return spec;
  }
  return withBuiltins(registry, "optimizer", OPTIMIZERS).create<Optimizer>("optimizer", spec);
}

/** What {@link getSchedule} accepts. */
export type ScheduleSpec = SerializedObject | LearningRateSchedule;

/**
 * Resolves a learning-rate schedule from its serialized form, or returns a schedule as it is.
 *
 * @throws RegistryError for an unknown name.
 * @throws ValueError for invalid options.
 * @example
 * const config = { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 };
 * getSchedule({ className: "ExponentialDecay", config })(10); // 0.05
 */
export function getSchedule(
  spec: ScheduleSpec,
  registry: Registry = defaultRegistry,
): LearningRateSchedule {
  if (isSchedule(spec)) {
    return spec;
  }
  return withBuiltins(registry, "schedule", SCHEDULES).create<LearningRateSchedule>(
    "schedule",
    spec,
  );
}

/**
 * The serialized form of an optimizer, `{ className, package, version, config }`.
 *
 * @example
 * serializeOptimizer(adam()).config;
 * // { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
 */
export function serializeOptimizer(optimizer: Optimizer): SerializedObject {
  const builtIn = BUILT_IN_CLASSES.has(optimizer.constructor);
  const config = optimizer.getConfig();
  return builtIn
    ? {
        className: optimizer.name,
        package: OPTIMIZERS_PACKAGE.name,
        version: OPTIMIZERS_PACKAGE.version,
        config,
      }
    : { className: optimizer.name, config };
}
