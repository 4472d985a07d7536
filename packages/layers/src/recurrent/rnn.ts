import { type NamedActivation, serializeActivation } from "@myelin/activations";
import {
  add,
  cast,
  formatShape,
  Generator,
  matMul,
  mul,
  MyelinError,
  reshape,
  ShapeError,
  split,
  stack,
  type Tensor,
  tensor,
  transpose,
  type Variable,
  where,
  zeros,
} from "@myelin/tensor-core";
import type { Constraint } from "../constraints.js";
import type { Initializer } from "../initializers.js";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import { type ActivationSpec, resolveActivation } from "../layers/resolve-activation.js";
import type { Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";
import type { LayerShape } from "../shape.js";
import type { SymbolicTensor } from "../symbolic.js";
import { checkFraction, positiveInteger } from "../checks.js";
import { knownLastAxis, requireRank } from "../convolutional/conv-utils.js";
import {
  addSpecWeight,
  serializeWeightSpec,
  type WeightSpec,
  weightSpec,
} from "../convolutional/weight-spec.js";
import { getMask, readMask, withMask } from "./masking.js";

/** Options shared by simpleRNN, lstm and gru. */
export interface RecurrentArgs extends LayerArgs {
  /** Size of the hidden state (and of each output step). */
  units: number;
  /** Applied to the candidate state and the output (default tanh). */
  activation?: ActivationSpec | null;
  /** Return every step's output, [batch, steps, units], not just the last (default false). */
  returnSequences?: boolean;
  /**
   * Also return the final states. A layer returns one tensor per call, so
   * use `applyWithState`, which gives [output, ...states]; `apply` refuses.
   */
  returnState?: boolean;
  /** Read the sequence from its last step to its first (default false). */
  goBackwards?: boolean;
  /** Add biases (default true). */
  useBias?: boolean;
  /** Fraction of input features dropped in training, one mask per sequence (default 0). */
  dropout?: number;
  /** Fraction of the previous hidden state dropped in training, one mask per sequence (0). */
  recurrentDropout?: number;
  /** A fixed seed for this layer's dropout masks, instead of the model's generator. */
  seed?: number;
  /** Default glorotUniform. */
  kernelInitializer?: Spec<Initializer>;
  /** Default orthogonal. */
  recurrentInitializer?: Spec<Initializer>;
  /** Default zeros. */
  biasInitializer?: Spec<Initializer>;
  kernelRegularizer?: Spec<Regularizer> | null;
  recurrentRegularizer?: Spec<Regularizer> | null;
  biasRegularizer?: Spec<Regularizer> | null;
  kernelConstraint?: Spec<Constraint> | null;
  recurrentConstraint?: Spec<Constraint> | null;
  biasConstraint?: Spec<Constraint> | null;
  /** Keeping the state between batches is not supported; true raises. */
  stateful?: boolean;
  /** Accepted for Keras configs; the loop always runs step by step. */
  unroll?: boolean;
  /**
   * @internal Prefix of the weight names (bidirectional's copies use
   * "forward_" and "backward_", so both fit under the wrapper's name).
   */
  weightPrefix?: string;
}

/** Options of a recurrent layer call. */
export interface RecurrentCallOptions extends CallOptions {
  /**
   * [batch, steps], true (or non-zero) for real steps. Defaults to the mask
   * attached to the input by an embedding with maskZero or a masking layer.
   * A masked step leaves every state as it was, and its output repeats the previous one.
   */
  mask?: Tensor | null;
  /** Starting states, each [batch, units] (default zeros). LSTM takes [h, c]. */
  initialState?: readonly Tensor[];
}

/** What one step of a cell sees. */
export interface StepContext {
  /** This step's input projection x_t · kernel (+ input bias), [batch, gates * units]. */
  readonly projected: Tensor;
  /** The states before the step; states[0] is the hidden state h. */
  readonly states: readonly Tensor[];
  /** The hidden state as the recurrent kernel sees it (after recurrent dropout). */
  readonly recurrentInput: Tensor;
}

function checkRate(label: string, name: string, rate: unknown): number {
  return checkFraction(label, name, rate, "Pass the fraction to drop, e.g. 0.2.");
}

/**
 * The shared loop of the recurrent layers. The input projection of every
 * step is one matMul over [steps * batch, features]; each step then adds one
 * matMul with the recurrent kernel and the cell's gate math. Kernels follow
 * Keras: kernel [features, gates * units], recurrentKernel
 * [units, gates * units], gates side by side in the cell's gate order.
 */
export abstract class RNN extends Layer {
  /**
   * Keras config keys kept out of getConfig(), the internal weight prefix, and
   * seed, which getConfig() writes only when one was given.
   */
  static override extraArgs: readonly string[] = ["stateful", "unroll", "weightPrefix", "seed"];

  readonly units: number;
  readonly activation: NamedActivation;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | undefined;
  protected readonly kernelSpec: WeightSpec;
  protected readonly recurrentSpec: WeightSpec;
  protected readonly biasSpec: WeightSpec;
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;
  private stateRequested = false;
  private finalStates: Tensor[] = [];
  /** @internal */
  readonly weightPrefix: string;

  constructor(args: RecurrentArgs) {
    super(args);
    const label = this.label;
    this.weightPrefix = args?.weightPrefix ?? "";
    this.units = positiveInteger(
      label,
      "units",
      args?.units,
      "Pass the size of the hidden state, a positive integer.",
    );
    this.activation = resolveActivation(
      args.activation === undefined ? "tanh" : args.activation,
      this.registry,
    );
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.useBias = args.useBias ?? true;
    this.dropout = checkRate(label, "dropout", args.dropout ?? 0);
    this.recurrentDropout = checkRate(label, "recurrentDropout", args.recurrentDropout ?? 0);
    this.seed = args.seed;
    if (args.stateful === true) {
      throw new MyelinError(
        "not_supported",
        `${label}: stateful recurrent layers are not supported.`,
        {
          hint: "Pass one batch's last states as initialState of the next (see applyWithState).",
        },
      );
    }
    if (args.seed !== undefined) {
      this.generator = new Generator(args.seed);
    }
    this.kernelSpec = weightSpec(
      args.kernelInitializer,
      args.kernelRegularizer,
      args.kernelConstraint,
      "glorotUniform",
      this.registry,
    );
    this.recurrentSpec = weightSpec(
      args.recurrentInitializer,
      args.recurrentRegularizer,
      args.recurrentConstraint,
      "orthogonal",
      this.registry,
    );
    this.biasSpec = weightSpec(
      args.biasInitializer,
      args.biasRegularizer,
      args.biasConstraint,
      "zeros",
      this.registry,
    );
  }

  /** Gates side by side in the kernels (LSTM 4, GRU 3, simple RNN 1). */
  protected abstract get gates(): number;

  /** Number of states (LSTM 2: h and c; the others 1). */
  abstract get stateCount(): number;

  /** One time step: the new states, hidden state first. */
  protected abstract step(context: StepContext): Tensor[];

  /** The bias weight's shape (GRU with resetAfter keeps two rows). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** Creates the bias weight (LSTM overrides it for unitForgetBias). */
  protected addBias(): Variable {
    return addSpecWeight(this, `${this.weightPrefix}bias`, this.biasShape(), this.biasSpec);
  }

  /** The part of the bias added to the input projection (all of it, by default). */
  protected inputBias(): Tensor | null {
    return this.bias;
  }

  /** Called once per sequence before the loop, e.g. to slice weights. */
  protected beforeLoop(): void {}

  override build(inputShape: LayerShape): void {
    this.computeOutputShape(inputShape);
    const features = inputShape[2] as number;
    const width = this.gates * this.units;
    const prefix = this.weightPrefix;
    this.kernel = addSpecWeight(this, `${prefix}kernel`, [features, width], this.kernelSpec);
    this.recurrentKernel = addSpecWeight(
      this,
      `${prefix}recurrent_kernel`,
      [this.units, width],
      this.recurrentSpec,
    );
    if (this.useBias) {
      this.bias = this.addBias();
    }
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    requireRank(
      this.label,
      inputShape,
      3,
      "[batch, timesteps, features]",
      "Add a time axis: a single step per sample is [batch, 1, features]; " +
        "a sequence of scalars is [batch, steps, 1].",
    );
    knownLastAxis(this.label, inputShape, "features");
    return this.returnSequences
      ? [inputShape[0] ?? null, inputShape[1] ?? null, this.units]
      : [inputShape[0] ?? null, this.units];
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

  /** Shapes of [output, ...states], as applyWithState returns them. */
  computeOutputShapes(inputShape: LayerShape): LayerShape[] {
    const state: LayerShape = [inputShape[0] ?? null, this.units];
    return [
      this.computeOutputShape(inputShape),
      ...new Array<LayerShape>(this.stateCount).fill(state),
    ];
  }

  /**
   * Runs the layer and returns [output, ...final states] (LSTM: output, h, c),
   * Keras's result with returnState. Checks and builds like `apply`.
   *
   * @example
   * const [output, h, c] = lstm({ units: 8, returnState: true }).applyWithState(x);
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
        `${this.label} has returnState: true, so it returns [output, ...states], ` +
          "but apply returns one tensor.",
        { hint: "Call layer.applyWithState(x) to get [output, ...states], or drop returnState." },
      );
    }
    const { output, states } = this.run(x, options);
    if (this.stateRequested) {
      this.finalStates = states;
    }
    return output;
  }

  /** The recurrent loop over [batch, steps, features]. */
  protected run(x: Tensor, options: RecurrentCallOptions): { output: Tensor; states: Tensor[] } {
    const [batch, steps, features] = x.shape as [number, number, number];
    const training = options.training === true;
    const maskSource = options.mask === undefined ? getMask(x) : options.mask;
    const mask = maskSource === null ? null : readMask(this.label, maskSource, x);
    let states = this.initialStates(batch, x, options.initialState);

    if (steps === 0) {
      const empty = this.returnSequences ? zeros([batch, 0, this.units], x.dtype) : states[0]!;
      return { output: empty, states };
    }

    const input = training && this.dropout > 0 ? this.dropInputs(x) : x;
    const timeMajor = reshape(transpose(input, [1, 0, 2]), [steps * batch, features]);
    const product = matMul(timeMajor, this.kernel!);
    const bias = this.inputBias();
    const projected = split(bias === null ? product : add(product, bias), steps, 0);
    const recurrentMask =
      training && this.recurrentDropout > 0
        ? this.dropoutMask([batch, this.units], this.recurrentDropout, x.dtype)
        : null;
    const stepMasks = mask === null ? null : perStepMasks(mask);
    this.beforeLoop();

    const outputs: Tensor[] = [];
    for (let i = 0; i < steps; i++) {
      const t = this.goBackwards ? steps - 1 - i : i;
      const h = states[0]!;
      const recurrentInput = recurrentMask === null ? h : mul(h, recurrentMask);
      const next = this.step({ projected: projected[t]!, states, recurrentInput });
      const keep = stepMasks?.[t] ?? null;
      states = keep === null ? next : next.map((s, k) => where(keep, s, states[k]!));
      outputs.push(states[0]!);
    }

    if (!this.returnSequences) {
      return { output: outputs[outputs.length - 1]!, states };
    }
    const sequence = stack(outputs, 1);
    return { output: mask === null ? sequence : withMask(sequence, mask), states };
  }

  private initialStates(batch: number, x: Tensor, given: readonly Tensor[] | undefined): Tensor[] {
    if (given === undefined) {
      return Array.from({ length: this.stateCount }, () => zeros([batch, this.units], x.dtype));
    }
    const expected = `[${batch}, ${this.units}]`;
    const found = given.map((s) => formatShape(s.shape)).join(", ") || "nothing";
    const bad =
      given.length !== this.stateCount ||
      given.some((s) => s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== this.units);
    if (bad) {
      throw new ShapeError(
        this.label,
        {},
        `initialState holds ${found}, ` +
          `but the layer needs ${this.stateCount} state(s) of ${expected}`,
        this.stateCount === 2 ? "Pass [h, c], each [batch, units]." : "Pass [h], [batch, units].",
      );
    }
    return given.map((s) => cast(s, x.dtype));
  }

  /** Inverted dropout values: 0 with probability `rate`, else 1 / (1 - rate). */
  protected dropoutMask(shape: readonly number[], rate: number, dtype: Tensor["dtype"]): Tensor {
    const size = shape.reduce((n, d) => n * d, 1);
    const values = dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
    const scale = 1 / (1 - rate);
    const generator = this.generator;
    for (let i = 0; i < size; i++) {
      values[i] = generator.uniform() < rate ? 0 : scale;
    }
    return tensor(values, shape);
  }

  /** One input-dropout mask per sequence, shared by every step and gate. */
  private dropInputs(x: Tensor): Tensor {
    const [batch, , features] = x.shape as [number, number, number];
    const mask = this.dropoutMask([batch, 1, features], this.dropout, x.dtype);
    return mul(x, mask);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      useBias: this.useBias,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
      ...serializeWeightSpec("kernel", this.kernelSpec),
      ...serializeWeightSpec("recurrent", this.recurrentSpec),
      ...serializeWeightSpec("bias", this.biasSpec),
    };
  }
}

/** The mask split into one bool [batch, 1] tensor per step, from its values. */
function perStepMasks(mask: Tensor): (Tensor | null)[] {
  const [batch, steps] = mask.shape as [number, number];
  const values = mask.data();
  if (values.every((v) => Boolean(v))) {
    return new Array<Tensor | null>(steps).fill(null);
  }
  return Array.from({ length: steps }, (_, t) => {
    const column = Array.from({ length: batch }, (_, b) => Boolean(values[b * steps + t]));
    return column.every(Boolean) ? null : tensor(column, [batch, 1]);
  });
}
