import { defaultRegistry, type SerializedObject } from "@myelin/registry";
import {
  add,
  concat,
  type Generator,
  gather,
  MyelinError,
  mul,
  reshape,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  type Variable,
} from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs, type LayerWeight } from "../layer.js";
import type { LayerShape } from "../shape.js";
import type { SymbolicTensor } from "../symbolic.js";
import { batchOf, requireRank } from "../convolutional/conv-utils.js";
import { getMask, readMask, withMask } from "./masking.js";
import { type RecurrentCallOptions, RNN } from "./rnn.js";

/**
 * A layer that runs other layers. Their weights, penalties and constraints
 * count as the wrapper's, so models that list only their own layers train
 * and save them.
 */
abstract class Wrapper extends Layer {
  /** The wrapped layers, in weight order. */
  protected abstract get inner(): readonly Layer[];

  override get weightEntries(): readonly LayerWeight[] {
    return [...super.weightEntries, ...this.inner.flatMap((l) => l.weightEntries)];
  }

  override get weights(): Variable[] {
    return this.weightEntries.map((w) => w.variable);
  }

  override get trainableWeights(): Variable[] {
    return this.weights.filter((v) => v.trainable);
  }

  override get nonTrainableWeights(): Variable[] {
    return this.weights.filter((v) => !v.trainable);
  }

  override getWeights(): Tensor[] {
    return this.weights.map((v) => tensor(v.data(), v.shape));
  }

  override setWeights(values: readonly Tensor[]): void {
    const total = this.inner.reduce((n, l) => n + l.weights.length, 0);
    if (values.length !== total) {
      const names = this.weights.map((v) => v.name).join(", ") || "none";
      throw new ShapeError(
        `${this.label}.setWeights`,
        {},
        `the layer has ${total} weights (${names}) but ${values.length} values were given`,
        "Pass one tensor per weight, in the order getWeights() returns them.",
      );
    }
    let offset = 0;
    for (const layer of this.inner) {
      const count = layer.weights.length;
      layer.setWeights(values.slice(offset, offset + count));
      offset += count;
    }
  }

  override countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...this.inner.flatMap((l) => l.losses)];
  }

  override resetActivityLosses(): void {
    super.resetActivityLosses();
    this.inner.forEach((l) => l.resetActivityLosses());
  }

  override applyConstraints(): void {
    super.applyConstraints();
    this.inner.forEach((l) => l.applyConstraints());
  }

  override get trainable(): boolean {
    return super.trainable;
  }

  override set trainable(value: boolean) {
    super.trainable = value;
    this.inner.forEach((l) => (l.trainable = value));
  }

  /** Hands a frozen wrapper's flag to the wrapped layers (the base constructor cannot). */
  protected propagateTrainable(): void {
    if (!this.trainable) {
      this.inner.forEach((l) => (l.trainable = false));
    }
  }

  override seedGenerator(source: () => Generator): void {
    super.seedGenerator(source);
    // Each wrapped layer draws from its own split of the wrapper's generator.
    this.inner.forEach((l) => l.seedGenerator(() => this.generator.split()));
  }
}

/**
 * A layer instance, or its serialized form, built with the wrapper's registry.
 * Its options are checked here: the wrapper runs a copy rebuilt from its
 * config, so the given layer itself is never built.
 */
function resolveLayer(label: string, spec: unknown, args: LayerArgs): Layer {
  if (spec instanceof Layer) {
    return spec.checkArgs();
  }
  if (
    typeof spec === "object" &&
    spec !== null &&
    typeof (spec as SerializedObject).className === "string"
  ) {
    const registry = args.registry ?? defaultRegistry;
    return registry.create<Layer>("layer", spec as SerializedObject).checkArgs();
  }
  throw new ValueError(
    label,
    "layer is not a layer nor a { className, config } object",
    "Pass the layer to wrap, e.g. lstm({ units: 8 }).",
  );
}

/** A new layer of `source`'s class from a config. */
function rebuild(source: Layer, config: Record<string, unknown>): Layer {
  const cls = source.constructor as unknown as {
    fromConfig(config: Record<string, unknown>): Layer;
  };
  return cls.fromConfig(config);
}

function serializeLayer(layer: Layer): SerializedObject {
  return { className: layer.className, config: layer.getConfig() };
}

/** How a bidirectional layer joins its two directions. */
export type MergeMode = "concat" | "sum" | "mul" | "ave";

/** Options of {@link bidirectional}. */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run both ways (its config is copied for each direction). */
  layer: RNN | SerializedObject;
  /** How the two outputs are joined (default "concat" along the last axis). */
  mergeMode?: MergeMode;
  /** A layer for the backward direction, instead of a copy of `layer` with goBackwards flipped. */
  backwardLayer?: RNN | SerializedObject;
}

/**
 * Runs a recurrent layer forwards and a copy backwards over the sequence and
 * merges the two. With returnSequences the backward outputs are put back in
 * time order first, so step t of the output sees the past (forward half) and
 * the future (backward half). Both directions are rebuilt from the given
 * layer's config (as Keras does) and own their weights, which are the
 * wrapper's: bidirectional/forward_kernel, ..., bidirectional/backward_bias.
 */
export class Bidirectional extends Wrapper {
  static override className = "Bidirectional";
  /** getConfig() writes backwardLayer only when one was given. */
  static override extraArgs: readonly string[] = ["backwardLayer"];

  readonly forwardLayer: RNN;
  readonly backwardLayer: RNN;
  readonly mergeMode: MergeMode;
  private readonly layerSpec: SerializedObject;
  private readonly backwardSpec: SerializedObject | null;
  private stateRequested = false;
  private finalStates: Tensor[] = [];

  constructor(args: BidirectionalArgs) {
    super(args);
    const source = resolveLayer(this.label, args?.layer, args);
    if (!(source instanceof RNN)) {
      throw new ValueError(
        this.label,
        `layer is ${source.label}, not a recurrent layer`,
        "Wrap a simpleRNN, lstm or gru layer.",
      );
    }
    const mergeMode = args.mergeMode ?? "concat";
    if (!["concat", "sum", "mul", "ave"].includes(mergeMode)) {
      throw new ValueError(
        this.label,
        `mergeMode is ${JSON.stringify(mergeMode)}`,
        'Use "concat", "sum", "mul" or "ave".',
      );
    }
    this.mergeMode = mergeMode;
    this.layerSpec = serializeLayer(source);
    this.forwardLayer = this.copy(source, "forward_", source.goBackwards);
    if (args.backwardLayer === undefined) {
      this.backwardLayer = this.copy(source, "backward_", !source.goBackwards);
      this.backwardSpec = null;
    } else {
      const backward = resolveLayer(this.label, args.backwardLayer, args);
      if (
        !(backward instanceof RNN) ||
        backward.returnSequences !== source.returnSequences ||
        backward.returnState !== source.returnState
      ) {
        throw new ValueError(
          this.label,
          "backwardLayer must be a recurrent layer with layer's returnSequences and returnState",
          "Configure both directions alike.",
        );
      }
      this.backwardLayer = this.copy(backward, "backward_", backward.goBackwards);
      this.backwardSpec = serializeLayer(backward);
    }
    this.propagateTrainable();
  }

  /** A copy of `source` under this layer's name, its weights named with `prefix`. */
  private copy(source: RNN, prefix: string, goBackwards: boolean): RNN {
    const config = {
      ...source.getConfig(),
      name: this.name,
      goBackwards,
      weightPrefix: prefix,
      registry: this.registry,
    };
    return rebuild(source, config) as RNN;
  }

  protected override get inner(): readonly Layer[] {
    return [this.forwardLayer, this.backwardLayer];
  }

  get returnSequences(): boolean {
    return this.forwardLayer.returnSequences;
  }

  get returnState(): boolean {
    return this.forwardLayer.returnState;
  }

  override build(inputShape: LayerShape): void {
    this.forwardLayer.ensureBuilt(inputShape);
    this.backwardLayer.ensureBuilt(inputShape);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const shape = this.forwardLayer.computeOutputShape(inputShape);
    if (this.mergeMode !== "concat") {
      return shape;
    }
    const last = shape[shape.length - 1]!;
    return [...shape.slice(0, -1), last * 2];
  }

  /** As {@link Layer.apply}, with this layer's call options. */
  override apply(
    inputs: SymbolicTensor | SymbolicTensor[],
    options?: RecurrentCallOptions,
  ): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], options?: RecurrentCallOptions): Tensor;
  override apply(
    inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[],
    options: RecurrentCallOptions = {},
  ): Tensor | SymbolicTensor {
    return super.apply(inputs as Tensor, options);
  }

  /**
   * Runs the layer and returns [output, ...forward states, ...backward states].
   *
   * @example
   * const layer = bidirectional({ layer: lstm({ units: 4, returnState: true }) });
   * const [y, hForward, cForward, hBackward, cBackward] = layer.applyWithState(x);
   */
  applyWithState(x: Tensor, options: RecurrentCallOptions = {}): Tensor[] {
    this.stateRequested = true;
    try {
      const output = this.apply(x, options);
      return [output, ...this.finalStates];
    } finally {
      this.stateRequested = false;
      this.finalStates = [];
    }
  }

  override call(x: Tensor, options: RecurrentCallOptions): Tensor {
    if (this.returnState && !this.stateRequested) {
      throw new MyelinError(
        "multiple_outputs",
        `${this.label} wraps a layer with returnState: true, so it returns ` +
          "[output, ...states], but apply returns one tensor.",
        { hint: "Call layer.applyWithState(x) to get [output, ...states], or drop returnState." },
      );
    }
    const source = options.mask === undefined ? getMask(x) : options.mask;
    const mask = source === null ? null : readMask(this.label, source, x);
    const half = this.forwardLayer.stateCount;
    const initial = options.initialState;
    const forwardOptions = {
      training: options.training,
      mask,
      initialState: initial?.slice(0, half),
    };
    const backwardOptions = {
      training: options.training,
      mask,
      initialState: initial?.slice(half),
    };
    const [forward, ...forwardStates] = this.forwardLayer.applyWithState(x, forwardOptions);
    const [backward, ...backwardStates] = this.backwardLayer.applyWithState(x, backwardOptions);
    this.finalStates = [...forwardStates, ...backwardStates];
    const aligned = this.returnSequences ? reverseTime(backward!) : backward!;
    const merged = this.merge(forward!, aligned);
    return this.returnSequences && mask !== null ? withMask(merged, mask) : merged;
  }

  private merge(a: Tensor, b: Tensor): Tensor {
    switch (this.mergeMode) {
      case "concat":
        return concat([a, b], -1);
      case "sum":
        return add(a, b);
      case "mul":
        return mul(a, b);
      case "ave":
        return mul(add(a, b), 0.5);
    }
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      layer: this.layerSpec,
      mergeMode: this.mergeMode,
      ...(this.backwardSpec === null ? {} : { backwardLayer: this.backwardSpec }),
    };
  }
}

/** Reverses axis 1 (time) of [batch, steps, ...]. */
function reverseTime(x: Tensor): Tensor {
  const steps = x.shape[1]!;
  const order = Array.from({ length: steps }, (_, i) => steps - 1 - i);
  return gather(x, order, 1);
}

/** Options of {@link timeDistributed}. */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied to every time step, with the same weights. */
  layer: Layer | SerializedObject;
}

/**
 * Applies a layer to every step of [batch, steps, ...] with shared weights,
 * as one call on [batch * steps, ...]. The input's time-step mask passes
 * through. The wrapped layer is rebuilt from its config under the wrapper's
 * name, so its weights are the wrapper's (time_distributed/kernel); a layer
 * that is already built hands over its weight values.
 */
export class TimeDistributed extends Wrapper {
  static override className = "TimeDistributed";

  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    super(args);
    const source = resolveLayer(this.label, args?.layer, args);
    this.layer = rebuild(source, {
      ...source.getConfig(),
      name: this.name,
      registry: this.registry,
    });
    if (source.built && source.builtInputShape !== null) {
      this.layer.ensureBuilt(source.builtInputShape);
      this.layer.setWeights(source.getWeights());
    }
    this.propagateTrainable();
  }

  protected override get inner(): readonly Layer[] {
    return [this.layer];
  }

  private stepShape(inputShape: LayerShape): LayerShape {
    if (inputShape.length < 3) {
      requireRank(this.label, inputShape, 3, "[batch, timesteps, ...features]");
    }
    return [null, ...inputShape.slice(2)];
  }

  override build(inputShape: LayerShape): void {
    this.layer.ensureBuilt(this.stepShape(inputShape));
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    const step = this.layer.computeOutputShape(this.stepShape(inputShape));
    return [inputShape[0] ?? null, inputShape[1] ?? null, ...step.slice(1)];
  }

  override call(x: Tensor, options: CallOptions): Tensor {
    const [batch, steps] = [batchOf(x.shape), x.shape[1]!];
    const flat = reshape(x, [batch * steps, ...x.shape.slice(2)]);
    const y = this.layer.apply(flat, options);
    return withMask(reshape(y, [batch, steps, ...y.shape.slice(1)]), getMask(x));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: serializeLayer(this.layer) };
  }
}

/**
 * A bidirectional recurrent layer.
 *
 * @example
 * bidirectional({ layer: lstm({ units: 16, returnSequences: true }), inputShape: [20, 8] })
 */
export const bidirectional = (args: BidirectionalArgs): Bidirectional =>
  new Bidirectional(args).checkArgs();

/**
 * Applies a layer to every time step.
 *
 * @example
 * timeDistributed({ layer: dense({ units: 1 }) })   // [n, steps, 8] -> [n, steps, 1]
 */
export const timeDistributed = (args: TimeDistributedArgs): TimeDistributed =>
  new TimeDistributed(args).checkArgs();
