import type { Registry } from "@myelin/registry";
import {
  assertTensor,
  assign,
  cast,
  checkOptionKeys,
  describeArgument,
  type DType,
  formatShape,
  type Generator,
  globalRandom,
  isTensor,
  keep,
  MyelinError,
  noGrad,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  type Variable,
  variable,
} from "@myelin/tensor-core";
import type { Constraint } from "./constraints.js";
import { getInitializer, type Initializer } from "./initializers.js";
import { getRegularizer, type Regularizer } from "./regularizers.js";
import type { Spec } from "./resolve.js";
import { assertLayerShape, formatLayerShape, type LayerShape, shapeMatches } from "./shape.js";
import { isSymbolic, type LayerNode, SymbolicTensor } from "./symbolic.js";

/** Options every layer accepts. */
export interface LayerArgs {
  /** Unique within a model; defaults to the type in snake case plus a counter (`dense_2`). */
  name?: string;
  /** When false, no weight of the layer is trained (default true). */
  trainable?: boolean;
  /** Shape of one sample, without the batch axis; only needed on a model's first layer. */
  inputShape?: LayerShape;
  /** Shape including the batch axis (`null` for any batch size). Wins over inputShape. */
  batchInputShape?: LayerShape;
  /**
   * A fixed batch size to go with inputShape (Keras's `batch_size`): the input
   * shape becomes [batchSize, ...inputShape]. Without it any batch size fits.
   */
  batchSize?: number;
  /** Weight and computation dtype (default float32; float64 for gradient checks). */
  dtype?: DType;
  /** A penalty on the layer's output, added to the loss in training. */
  activityRegularizer?: Spec<Regularizer> | null;
  /** Where names in this config (activations, initializers...) are looked up; not serialized. */
  registry?: Registry;
  /**
   * Starting values of the weights, in `getWeights()` order, set when the
   * layer is built (Keras's `weights`); not serialized.
   */
  weights?: readonly Tensor[];
}

/**
 * The options every layer takes, whatever its getConfig() returns: the
 * {@link LayerArgs} keys.
 */
export const LAYER_ARG_KEYS: readonly string[] = [
  "name",
  "trainable",
  "inputShape",
  "batchInputShape",
  "batchSize",
  "dtype",
  "activityRegularizer",
  "registry",
  "weights",
];

/** Set while a layer's getConfig() runs only to learn its keys (see serializeFunction). */
let collectingKeys = false;

/** Options of a layer call. */
export interface CallOptions {
  /** Training mode: dropout and noise are active, batch normalization uses batch statistics. */
  training?: boolean;
}

/** Options of {@link Layer.addWeight}. */
export interface WeightOptions {
  trainable?: boolean;
  regularizer?: Regularizer | null;
  constraint?: Constraint | null;
  dtype?: DType;
}

/** A weight with what the layer knows about it. */
export interface LayerWeight {
  readonly variable: Variable;
  /** The name inside the layer, e.g. "kernel". */
  readonly shortName: string;
  readonly trainable: boolean;
  readonly regularizer: Regularizer | null;
  readonly constraint: Constraint | null;
}

const nameCounts = new Map<string, number>();

/**
 * Keras's default layer names: MaxPooling2D -> max_pooling2d, SimpleRNN ->
 * simple_rnn, Conv2DTranspose -> conv2d_transpose (a digit never starts a word).
 */
export function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** `dense`, then `dense_1`, `dense_2`, ... for the life of the process. */
function uniqueName(base: string): string {
  const count = nameCounts.get(base) ?? 0;
  nameCounts.set(base, count + 1);
  return count === 0 ? base : `${base}_${count}`;
}

/**
 * The base of every layer. A subclass creates its weights in `build` (with
 * `addWeight`), computes its output in `call`, reports its output shape in
 * `computeOutputShape` and its options in `getConfig`. `apply` does the rest:
 * it builds the layer on first use, checks input shapes against the built one,
 * and records calls on symbolic tensors for the functional API.
 *
 * A subclass must set `static className` (for messages and serialization) and
 * be registered (kind "layer") to be saved and loaded.
 *
 * Options are checked once, as Keras refuses a keyword argument it does not
 * understand: a class that defines getConfig() itself (or declares
 * {@link Layer.extraArgs}) takes the keys of getConfig(), those of
 * {@link LayerArgs} and its declared extra ones, and any other key is a
 * ValueError naming it and the closest known key. A class that does neither
 * is not checked, so a subclass that reads options of its own without
 * listing them in getConfig() keeps working.
 *
 * @example
 * class Scale extends Layer {
 *   static override className = "Scale";
 *   private factor!: Variable;
 *   override build(): void {
 *     this.factor = this.addWeight("factor", [], "ones");
 *   }
 *   override call(x: Tensor): Tensor {
 *     return mul(x, this.factor);
 *   }
 * }
 */
export abstract class Layer {
  /** The type name shown in messages and summaries, and looked up in the registry. */
  static className = "Layer";

  /**
   * Options the class takes that its getConfig() does not always return
   * (internal, not serialized, or written only when set), added to those of
   * its parent classes. Declaring the list on a class, even empty, also says
   * that getConfig() plus these lists are every option it takes, so its
   * options are checked even when it inherits getConfig().
   *
   * @example
   * class Traced extends Dense {
   *   static override extraArgs = ["trace"];
   * }
   */
  static extraArgs?: readonly string[];

  readonly name: string;
  readonly dtype: DType;
  /** Declared shape with the batch axis, from inputShape or batchInputShape. */
  readonly batchInputShape: LayerShape | null;
  built = false;
  /** The input shape the layer was built for (batch axis null). */
  builtInputShape: LayerShape | LayerShape[] | null = null;
  /** Calls recorded on symbolic tensors (functional API). */
  readonly inboundNodes: LayerNode[] = [];
  protected readonly registry: Registry | undefined;
  protected readonly activityRegularizer: Regularizer | null;

  private trainableFlag: boolean;
  private readonly weightList: LayerWeight[] = [];
  private generatorValue: Generator | null = null;
  private ownGenerator = false;
  private generatorSource: (() => Generator) | null = null;
  private activityLosses: Tensor[] = [];
  /** The constructor's option keys, until {@link Layer.checkArgs} has looked at them. */
  private argKeys: string[] | null;
  private initialWeights: readonly Tensor[] | null;
  /** @internal Index inside the model that owns the layer, for messages. */
  position: number | null = null;

  constructor(args: LayerArgs = {}) {
    const type = this.className;
    this.argKeys = definedKeys(args);
    this.name = args.name ?? uniqueName(snakeCase(type));
    this.trainableFlag = args.trainable ?? true;
    this.dtype = args.dtype ?? "float32";
    this.registry = args.registry;
    this.initialWeights = args.weights ?? null;
    this.batchInputShape = declaredShape(this.label, args);
    this.activityRegularizer = args.activityRegularizer
      ? getRegularizer(args.activityRegularizer, this.registry)
      : null;
  }

  /**
   * Throws when the constructor was given an option this layer does not take
   * (see the class comment for which classes are checked). Runs once:
   * factory functions such as `dense()` call it right after construction,
   * and a layer made with `new` or `fromConfig` is checked when first built
   * or added to a model.
   *
   * @throws ValueError `dense_1 (Dense): unknown option "activaton"; the options are: ...
   *   Did you mean "activation"?`
   * @example
   * dense({ units: 2, activaton: "relu" }); // throws: Did you mean "activation"?
   */
  checkArgs(): this {
    const keys = this.argKeys;
    this.argKeys = null;
    if (keys === null || keys.length === 0 || !checksOwnArgs(this.constructor as typeof Layer)) {
      return this;
    }
    const known = this.knownArgs();
    if (known === null) {
      return this;
    }
    const given = Object.fromEntries(keys.map((key) => [key, true]));
    checkOptionKeys(
      this.label,
      given,
      known,
      "A layer class that takes options its getConfig() does not return lists them in " +
        "static extraArgs.",
    );
    return this;
  }

  /** The keys this layer takes, or null when its getConfig() cannot run yet. */
  private knownArgs(): string[] | null {
    let config: Record<string, unknown>;
    collectingKeys = true;
    try {
      config = this.getConfig();
    } catch {
      // A custom getConfig() that needs state made later (in build) cannot
      // say its keys now; the layer is then not checked rather than wrongly refused.
      return null;
    } finally {
      collectingKeys = false;
    }
    const extra: string[] = [];
    for (let cls = this.constructor as typeof Layer; cls !== Layer; ) {
      if (Object.prototype.hasOwnProperty.call(cls, "extraArgs")) {
        extra.push(...(cls.extraArgs ?? []));
      }
      cls = Object.getPrototypeOf(cls) as typeof Layer;
    }
    return [...new Set([...Object.keys(config), ...extra, ...LAYER_ARG_KEYS])];
  }

  /** The layer's type name (`static className` of its class). */
  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** How messages name the layer: `dense_1 (layer 2, Dense)`. */
  get label(): string {
    const where = this.position === null ? "" : `layer ${this.position}, `;
    return `${this.name} (${where}${this.className})`;
  }

  get trainable(): boolean {
    return this.trainableFlag;
  }

  /** Freezing a layer freezes all its weights; unfreezing restores each weight's own flag. */
  set trainable(value: boolean) {
    this.trainableFlag = value;
    for (const weight of this.weightList) {
      weight.variable.trainable = value && weight.trainable;
    }
  }

  /**
   * The generator noise layers and initializers draw from. A model hands each
   * layer a source that is only asked when the layer first needs random
   * numbers, so a layer that never draws (dropout with rate 0) changes nothing.
   */
  get generator(): Generator {
    if (this.generatorValue === null && this.generatorSource !== null) {
      this.generatorValue = this.generatorSource();
    }
    return this.generatorValue ?? globalRandom();
  }

  /** Fixes the generator: the model will not replace it (a layer with its own seed). */
  set generator(generator: Generator) {
    this.generatorValue = generator;
    this.ownGenerator = true;
  }

  /** @internal Gives the layer a generator source (a model's), unless it has its own seed. */
  seedGenerator(source: () => Generator): void {
    if (!this.ownGenerator) {
      this.generatorValue = null;
      this.generatorSource = source;
    }
  }

  /** Creates the layer's weights for an input shape (batch axis null). Called once, by apply. */
  build(_inputShape: LayerShape | LayerShape[]): void {}

  /** The computation. `inputs` already has the layer's dtype. */
  abstract call(inputs: Tensor | Tensor[], options: CallOptions): Tensor;

  /** The output shape for an input shape (default: unchanged). */
  computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    if (isShapeList(inputShape)) {
      throw new MyelinError(
        "not_implemented",
        `${this.label} takes several inputs but does not say its output shape.`,
        { hint: "Override computeOutputShape." },
      );
    }
    return inputShape as LayerShape;
  }

  /** The options that rebuild this layer with `fromConfig` (JSON-safe). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      name: this.name,
      trainable: this.trainable,
      dtype: this.dtype,
    };
    if (this.batchInputShape !== null) {
      config.batchInputShape = [...this.batchInputShape];
    }
    if (this.activityRegularizer !== null) {
      config.activityRegularizer = serializeFunction(this.activityRegularizer, "regularizer");
    }
    return config;
  }

  /** Builds a layer from `getConfig()` output. */
  static fromConfig<T extends Layer>(
    this: new (args: never) => T,
    config: Record<string, unknown>,
  ): T {
    return new this(config as never);
  }

  /**
   * Creates a weight named `layerName/name` and initializes it with the layer's
   * generator.
   */
  addWeight(
    name: string,
    shape: readonly number[],
    initializer: Spec<Initializer> = "glorotUniform",
    options: WeightOptions = {},
  ): Variable {
    const fullName = `${this.name}/${name}`;
    if (this.weightList.some((w) => w.shortName === name)) {
      throw new MyelinError(
        "duplicate_weight",
        `${this.label} already has a weight named ${name}.`,
        {
          hint: "Give each weight of a layer its own name.",
        },
      );
    }
    const dtype = options.dtype ?? this.dtype;
    const init = getInitializer(initializer, this.registry);
    const initial = noGrad(() => init(shape, dtype, this.generator));
    const trainable = options.trainable ?? true;
    // Weights outlive any scope they happen to be created in (a first call inside tidy).
    const v = keep(variable(initial, { name: fullName, trainable: trainable && this.trainable }));
    initial.dispose();
    this.weightList.push({
      variable: v,
      shortName: name,
      trainable,
      regularizer: options.regularizer ?? null,
      constraint: options.constraint ?? null,
    });
    return v;
  }

  /** Every weight with its options, in creation order. */
  get weightEntries(): readonly LayerWeight[] {
    return this.weightList;
  }

  /** Every weight, in creation order. */
  get weights(): Variable[] {
    return this.weightList.map((w) => w.variable);
  }

  /** The weights the optimizer updates. */
  get trainableWeights(): Variable[] {
    return this.weightList.filter((w) => w.variable.trainable).map((w) => w.variable);
  }

  /** Weights kept out of training (frozen layers, batch-normalization statistics). */
  get nonTrainableWeights(): Variable[] {
    return this.weightList.filter((w) => !w.variable.trainable).map((w) => w.variable);
  }

  /** Copies of the weight values, in creation order. */
  getWeights(): Tensor[] {
    return this.weightList.map((w) => tensor(w.variable.data(), w.variable.shape));
  }

  /**
   * Overwrites the weights in creation order (as getWeights returns them).
   *
   * @throws ShapeError naming the layer and the weight when a count or shape differs.
   */
  setWeights(values: readonly Tensor[]): void {
    if (values.length !== this.weightList.length) {
      const names = this.weightList.map((w) => w.shortName).join(", ") || "none";
      throw new ShapeError(
        `${this.label}.setWeights`,
        {},
        `the layer has ${this.weightList.length} weights (${names}) but ${values.length} values were given`,
        "Pass one tensor per weight, in the order getWeights() returns them.",
      );
    }
    const problems: string[] = [];
    values.forEach((value, i) => {
      const target = this.weightList[i]!.variable;
      if (!isTensor(value)) {
        problems.push(`the value for ${target.name} is not a tensor`);
      } else if (!shapeEqual(value.shape, target.shape)) {
        problems.push(
          `weight ${target.name} is ${formatShape(target.shape)} but its value is ${formatShape(value.shape)}`,
        );
      }
    });
    if (problems.length > 0) {
      throw new ShapeError(
        `${this.label}.setWeights`,
        {},
        problems,
        "Check the weight order and shapes.",
      );
    }
    values.forEach((value, i) => {
      const target = this.weightList[i]!.variable;
      assign(target, value.dtype === target.dtype ? value : cast(value, target.dtype));
    });
  }

  /** Number of scalars in all weights. */
  countParams(): number {
    return this.weightList.reduce((n, w) => n + w.variable.size, 0);
  }

  /**
   * The regularization penalties: one per regularized weight (computed from
   * the current values, so they carry gradients when taken under a tape),
   * plus the activity penalties of the calls since the last reset.
   */
  get losses(): Tensor[] {
    const penalties: Tensor[] = [];
    for (const weight of this.weightList) {
      if (weight.regularizer !== null && weight.variable.trainable) {
        penalties.push(weight.regularizer(weight.variable));
      }
    }
    return [...penalties, ...this.activityLosses];
  }

  /** @internal Forgets the activity penalties of earlier calls (a model does this per step). */
  resetActivityLosses(): void {
    this.activityLosses = [];
  }

  /** Applies each weight's constraint in place (the model calls this after each update). */
  applyConstraints(): void {
    for (const weight of this.weightList) {
      if (weight.constraint !== null && weight.variable.trainable) {
        const constraint = weight.constraint;
        noGrad(() => assign(weight.variable, constraint(weight.variable)));
      }
    }
  }

  /**
   * Checks that an input shape fits the layer: the declared input shape before
   * the layer is built, the built one after.
   *
   * @throws ShapeError `dense (layer 0, Dense): expected input shape [*, 1], found [10, 2]`.
   */
  assertInputShape(found: LayerShape | LayerShape[]): void {
    const expected = this.built ? this.builtInputShape : this.batchInputShape;
    if (expected === null) {
      return;
    }
    if (!isShapeList(expected) && !isShapeList(found) && shapeMatches(expected, found)) {
      return;
    }
    const expectedList = (isShapeList(expected) ? expected : [expected]) as LayerShape[];
    const foundList = (isShapeList(found) ? found : [found]) as LayerShape[];
    if (expectedList.length !== foundList.length) {
      throw new ShapeError(
        this.label,
        {},
        `expected ${expectedList.length} input(s), found ${foundList.length}`,
        "Pass one tensor per input of the layer.",
      );
    }
    expectedList.forEach((shape, i) => {
      const actual = foundList[i]!;
      if (!shapeMatches(shape, actual)) {
        throw new ShapeError(
          this.label,
          {},
          `expected input shape ${formatLayerShape(shape)}, found ${formatShape(actual)}` +
            (expectedList.length > 1 ? ` (input ${i})` : ""),
          shapeHint(shape, actual),
          "input_shape_mismatch",
        );
      }
    });
  }

  /** Builds the layer for an input shape unless it is built already. */
  ensureBuilt(inputShape: LayerShape | LayerShape[]): void {
    if (this.built) {
      return;
    }
    this.checkArgs();
    const unbatched = isShapeList(inputShape)
      ? inputShape.map((s) => unknownBatch(s))
      : unknownBatch(inputShape);
    this.build(unbatched);
    this.builtInputShape = unbatched;
    this.built = true;
    if (this.initialWeights !== null) {
      const values = this.initialWeights;
      this.initialWeights = null;
      this.setWeights(values);
    }
  }

  /**
   * Runs the layer. On tensors it builds the layer on first use, checks the
   * input shape, casts float inputs to the layer's dtype and calls `call`. On
   * symbolic tensors it records the call and returns a symbolic output.
   *
   * @throws ShapeError naming the layer when the input shape does not fit.
   */
  apply(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): SymbolicTensor;
  apply(inputs: Tensor | Tensor[], options?: CallOptions): Tensor;
  apply(
    inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[],
    options: CallOptions = {},
  ): Tensor | SymbolicTensor {
    if (isTensor(inputs)) {
      return this.applyOne(inputs, options);
    }
    if (isSymbolic(inputs)) {
      return this.applySymbolic(inputs);
    }
    const list = Array.isArray(inputs) ? inputs : [inputs];
    list.forEach((x, i) => {
      if (!isTensor(x)) {
        throw new MyelinError(
          "not_a_tensor",
          `${this.label}: input ${i} is ${x === null ? "null" : typeof x}, not a tensor.`,
          { hint: "Wrap arrays with tensor(...) first." },
        );
      }
    });
    list.forEach((x, i) => assertTensor(this.label, `input ${i}`, x));
    const shapes = list.map((x) => x.shape);
    const shape = Array.isArray(inputs) ? shapes : shapes[0]!;
    this.assertInputShape(shape);
    this.ensureBuilt(shape);
    const typed = list.map((x) =>
      isFloatType(x.dtype) && x.dtype !== this.dtype ? cast(x, this.dtype) : x,
    );
    const output = this.call(Array.isArray(inputs) ? typed : typed[0]!, options);
    if (this.activityRegularizer !== null && options.training === true) {
      this.activityLosses.push(this.activityRegularizer(output));
    }
    return output;
  }

  /** {@link apply} on one tensor, the common case, without the list bookkeeping. */
  private applyOne(x: Tensor, options: CallOptions): Tensor {
    assertTensor(this.label, "input", x);
    this.assertInputShape(x.shape);
    this.ensureBuilt(x.shape);
    const typed = isFloatType(x.dtype) && x.dtype !== this.dtype ? cast(x, this.dtype) : x;
    const output = this.call(typed, options);
    if (this.activityRegularizer !== null && options.training === true) {
      this.activityLosses.push(this.activityRegularizer(output));
    }
    return output;
  }

  private applySymbolic(inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const shape = Array.isArray(inputs) ? list.map((s) => s.shape) : list[0]!.shape;
    this.assertInputShape(shape);
    this.ensureBuilt(shape);
    const outputShape = this.computeOutputShape(this.builtInputShape!);
    const nodeIndex = this.inboundNodes.length;
    const name = nodeIndex === 0 ? this.name : `${this.name}/${nodeIndex}`;
    const output = new SymbolicTensor(outputShape, this.dtype, this, nodeIndex, name);
    this.inboundNodes.push({
      layer: this,
      inputs: list,
      inputIsList: Array.isArray(inputs),
      output,
    });
    return output;
  }

  toString(): string {
    return `${this.className}(${this.name})`;
  }
}

/** The keys of an options object whose values are set: `{ seed: undefined }` is no option. */
function definedKeys(args: unknown): string[] {
  if (typeof args !== "object" || args === null) {
    return [];
  }
  const record = args as Record<string, unknown>;
  return Object.keys(record).filter((key) => record[key] !== undefined);
}

/**
 * Whether a class's options are checked: it defines getConfig() itself, or
 * declares extraArgs, so its getConfig() is known to list what it reads.
 */
function checksOwnArgs(cls: typeof Layer): boolean {
  const own = (key: string, target: object) => Object.prototype.hasOwnProperty.call(target, key);
  return cls !== Layer && (own("getConfig", cls.prototype) || own("extraArgs", cls));
}

/** The input shape with its batch axis, from batchInputShape, or inputShape and batchSize. */
function declaredShape(label: string, args: LayerArgs): LayerShape | null {
  const batchSize = args.batchSize;
  if (batchSize !== undefined) {
    if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1) {
      throw new ValueError(
        label,
        describeArgument("batchSize", batchSize, "a positive integer"),
        "Pass the fixed number of samples per batch, or leave it out for any batch size.",
      );
    }
    if (args.inputShape === undefined || args.inputShape === null || args.batchInputShape) {
      throw new ValueError(
        label,
        "batchSize needs inputShape and cannot go with batchInputShape",
        `Pass inputShape with it, or batchInputShape [${batchSize}, ...] alone.`,
      );
    }
  }
  if (args.batchInputShape !== undefined && args.batchInputShape !== null) {
    return assertLayerShape(label, "batchInputShape", args.batchInputShape);
  }
  if (args.inputShape === undefined || args.inputShape === null) {
    return null;
  }
  const sample = assertLayerShape(label, "inputShape", args.inputShape);
  return [batchSize ?? null, ...sample];
}

function isFloatType(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

function isShapeList(
  shape: LayerShape | LayerShape[] | readonly LayerShape[],
): shape is LayerShape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

function unknownBatch(shape: LayerShape): LayerShape {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}

function shapeEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function shapeHint(expected: LayerShape, found: LayerShape): string {
  if (expected.length !== found.length) {
    return `The layer takes rank-${expected.length} inputs (batch axis first); reshape the data or change inputShape.`;
  }
  const last = expected.length - 1;
  if (
    last >= 1 &&
    expected[last] !== null &&
    expected.slice(0, last).every((d, i) => d === null || d === found[i])
  ) {
    return (
      `It was built for ${expected[last]} feature(s) per sample but the data has ${found[last]}: ` +
      `pass inputShape [${[...expected.slice(1, last), found[last]].join(", ")}], or data with ${expected[last]} column(s).`
    );
  }
  return "Make the data match the model's inputShape, or change inputShape.";
}

/**
 * The serialized form of a named function (activation, initializer,
 * regularizer, constraint): `{ className, config }`, or the name alone when
 * there is no config.
 *
 * @throws MyelinError when the function carries no registry name.
 */
export function serializeFunction(
  fn: object,
  kind: "activation" | "initializer" | "regularizer" | "constraint",
): string | { className: string; config: Record<string, unknown> } {
  const named = fn as Record<string, unknown>;
  const name = named[`${kind}Name`];
  if (typeof name !== "string" && collectingKeys) {
    // Only the keys of the config are wanted: an unsaveable function still fills its key.
    return "custom";
  }
  if (typeof name !== "string") {
    throw new ValueError(
      "getConfig",
      `a ${kind} is a plain function without a registry name, so it cannot be saved`,
      `Register it (kind "${kind}") and pass its name instead of the function.`,
    );
  }
  const config = named.config as Record<string, unknown> | undefined;
  return config && Object.keys(config).length > 0
    ? { className: name, config: { ...config } }
    : name;
}

/** Resolves an optional spec with a getter. */
export function optional<T>(
  spec: Spec<T> | null | undefined,
  get: (spec: Spec<T>, registry?: Registry) => T,
  registry?: Registry,
): T | null {
  return spec === null || spec === undefined ? null : get(spec, registry);
}
