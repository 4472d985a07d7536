import {
  add,
  formatShape,
  Generator,
  logicalAnd,
  matMul,
  mul,
  notEqual,
  reshape,
  scalar,
  ShapeError,
  softmax,
  type Tensor,
  tensor,
  transpose,
  type Variable,
  where,
} from "@myelin/tensor-core";
import type { Constraint } from "../constraints.js";
import type { Initializer } from "../initializers.js";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import type { Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";
import { formatLayerShape, type LayerShape } from "../shape.js";
import type { SymbolicTensor } from "../symbolic.js";
import { checkFraction, positiveInteger } from "../checks.js";
import {
  addSpecWeight,
  serializeWeightSpec,
  type WeightSpec,
  weightSpec,
} from "../convolutional/weight-spec.js";
import { getMask, withMask } from "../recurrent/masking.js";

/** Options of {@link multiHeadAttention}. */
export interface MultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head's query and key vectors. */
  keyDim: number;
  /** Size of each head's value vectors (default keyDim). */
  valueDim?: number | null;
  /** Fraction of attention weights dropped in training (default 0). */
  dropout?: number;
  /** Add biases to the four projections (default true). */
  useBias?: boolean;
  /** Features of the output (default the query's last axis). */
  outputShape?: number | null;
  /** Let query i see only keys j <= i (default false; a call option can set it too). */
  useCausalMask?: boolean;
  /** A fixed seed for the attention dropout, instead of the model's generator. */
  seed?: number;
  /** Default glorotUniform. */
  kernelInitializer?: Spec<Initializer>;
  /** Default zeros. */
  biasInitializer?: Spec<Initializer>;
  kernelRegularizer?: Spec<Regularizer> | null;
  biasRegularizer?: Spec<Regularizer> | null;
  kernelConstraint?: Spec<Constraint> | null;
  biasConstraint?: Spec<Constraint> | null;
}

/** Options of a multi-head attention call. */
export interface AttentionCallOptions extends CallOptions {
  /**
   * [batch, querySteps, keySteps] (or [querySteps, keySteps]), true (or
   * non-zero) where query i may attend to key j. Combined with the causal
   * mask and with the masks attached to query and value.
   */
  attentionMask?: Tensor | null;
  /** Overrides the layer's useCausalMask for this call. */
  useCausalMask?: boolean;
}

// What Keras adds to masked scores before the softmax. In float32 a fully
// masked row becomes uniform, as there.
const MASKED_SCORE = -1e9;

interface Projection {
  kernel: Variable;
  bias: Variable | null;
}

/**
 * Multi-head scaled dot-product attention (Vaswani et al.), in Keras's form.
 * Called on [query, value] or [query, value, key] (key defaults to value),
 * each [batch, steps, features]; a single tensor means self-attention. Per
 * head h: Q = query Wq_h, K = key Wk_h, V = value Wv_h,
 * A = softmax(Q K^T / sqrt(keyDim) + mask), out_h = A V; the heads are joined
 * by an output projection. Kernels as Keras: query/key [features, numHeads,
 * keyDim], value [features, numHeads, valueDim], output
 * [numHeads, valueDim, outputShape].
 */
export class MultiHeadAttention extends Layer {
  static override className = "MultiHeadAttention";
  /** getConfig() writes seed only when one was given; it is an option all the same. */
  static override extraArgs: readonly string[] = ["seed"];

  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputShape: number | null;
  readonly useCausalMask: boolean;
  readonly seed: number | undefined;
  private readonly kernelSpec: WeightSpec;
  private readonly biasSpec: WeightSpec;
  private query: Projection | null = null;
  private key: Projection | null = null;
  private value: Projection | null = null;
  private output: Projection | null = null;
  private scoresRequested = false;
  private lastScores: Tensor | null = null;

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    const label = this.label;
    this.numHeads = positiveInteger(
      label,
      "numHeads",
      args?.numHeads,
      "Pass the number of heads, a positive integer.",
    );
    this.keyDim = positiveInteger(
      label,
      "keyDim",
      args.keyDim,
      "Pass the size of each head, a positive integer.",
    );
    this.valueDim = positiveInteger(
      label,
      "valueDim",
      args.valueDim ?? this.keyDim,
      "Pass a positive integer, or leave it out to use keyDim.",
    );
    this.dropout = checkFraction(
      label,
      "dropout",
      args.dropout ?? 0,
      "Pass the fraction of attention weights to drop.",
    );
    this.useBias = args.useBias ?? true;
    this.outputShape = args.outputShape ?? null;
    if (this.outputShape !== null) {
      positiveInteger(
        label,
        "outputShape",
        this.outputShape,
        "Pass the output features as a positive integer.",
      );
    }
    this.useCausalMask = args.useCausalMask ?? false;
    this.seed = args.seed;
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
    this.biasSpec = weightSpec(
      args.biasInitializer,
      args.biasRegularizer,
      args.biasConstraint,
      "zeros",
      this.registry,
    );
  }

  /** [query, value, key] shapes from what build and computeOutputShape receive. */
  private shapes(inputShape: LayerShape | LayerShape[]): [LayerShape, LayerShape, LayerShape] {
    const list =
      inputShape.length > 0 && Array.isArray(inputShape[0])
        ? (inputShape as LayerShape[])
        : [inputShape as LayerShape];
    if (list.length > 3) {
      throw new ShapeError(
        this.label,
        {},
        `expected [query, value] or [query, value, key], found ${list.length} inputs`,
        "Pass two or three tensors.",
      );
    }
    const [query, value = query, key = value] = list as [LayerShape, LayerShape?, LayerShape?];
    const named = [
      ["query", query],
      ["value", value],
      ["key", key],
    ] as const;
    for (const [name, shape] of named) {
      if (shape.length !== 3 || shape[2] === null) {
        throw new ShapeError(
          this.label,
          {},
          `the ${name} is ${formatLayerShape(shape)}, but it must be [batch, steps, features] ` +
            "with known features (rank 3)",
          "Attention runs over sequences; add a steps axis.",
          "input_rank_mismatch",
        );
      }
    }
    if (key[1] !== null && value[1] !== null && key[1] !== value[1]) {
      throw new ShapeError(
        this.label,
        {},
        `the key has ${key[1]} steps but the value has ${value[1]}; they must match`,
        "Pass a key and value of one length.",
      );
    }
    return [query, value, key];
  }

  private projection(name: string, kernelShape: number[], biasShape: number[]): Projection {
    // Flat names (query_kernel): model files group weights by layer/name.
    const kernel = addSpecWeight(this, `${name}_kernel`, kernelShape, this.kernelSpec);
    const bias = this.useBias
      ? addSpecWeight(this, `${name}_bias`, biasShape, this.biasSpec)
      : null;
    return { kernel, bias };
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const [query, value, key] = this.shapes(inputShape);
    const [heads, keyDim, valueDim] = [this.numHeads, this.keyDim, this.valueDim];
    const features = query[2] as number;
    this.query = this.projection("query", [features, heads, keyDim], [heads, keyDim]);
    this.key = this.projection("key", [key[2] as number, heads, keyDim], [heads, keyDim]);
    this.value = this.projection("value", [value[2] as number, heads, valueDim], [heads, valueDim]);
    const outFeatures = this.outputShape ?? features;
    this.output = this.projection(
      "attention_output",
      [heads, valueDim, outFeatures],
      [outFeatures],
    );
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const [query] = this.shapes(inputShape);
    return [query[0] ?? null, query[1] ?? null, this.outputShape ?? query[2]!];
  }

  /** [batch, steps, features] to [batch, heads, steps, size] through one projection. */
  private project(x: Tensor, p: Projection, size: number): Tensor {
    const [batch, steps, features] = x.shape as [number, number, number];
    const kernel = reshape(p.kernel, [features, this.numHeads * size]);
    const flat = matMul(reshape(x, [batch * steps, features]), kernel);
    const biased = p.bias === null ? flat : add(flat, reshape(p.bias, [this.numHeads * size]));
    return transpose(reshape(biased, [batch, steps, this.numHeads, size]), [0, 2, 1, 3]);
  }

  /** As {@link Layer.apply}, with this layer's call options. */
  override apply(
    inputs: SymbolicTensor | SymbolicTensor[],
    options?: AttentionCallOptions,
  ): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], options?: AttentionCallOptions): Tensor;
  override apply(
    inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[],
    options: AttentionCallOptions = {},
  ): Tensor | SymbolicTensor {
    return super.apply(inputs as Tensor, options);
  }

  /**
   * Runs the layer and also returns the attention weights
   * [batch, numHeads, querySteps, keySteps] (Keras's returnAttentionScores).
   */
  applyWithScores(inputs: Tensor | Tensor[], options: AttentionCallOptions = {}): [Tensor, Tensor] {
    this.scoresRequested = true;
    try {
      const output = this.apply(inputs, options);
      return [output, this.lastScores!];
    } finally {
      this.scoresRequested = false;
      this.lastScores = null;
    }
  }

  override call(inputs: Tensor | Tensor[], options: AttentionCallOptions): Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const [query, value = query, key = value] = list as [Tensor, Tensor?, Tensor?];
    const [batch, querySteps] = query.shape as [number, number];

    const q = mul(this.project(query, this.query!, this.keyDim), 1 / Math.sqrt(this.keyDim));
    const k = this.project(key, this.key!, this.keyDim);
    const v = this.project(value, this.value!, this.valueDim);

    const scores = matMul(q, k, { transposeB: true });
    const mask = this.combinedMask(query, value, key, options);
    const masked =
      mask === null
        ? scores
        : add(scores, where(mask, scalar(0, scores.dtype), scalar(MASKED_SCORE, scores.dtype)));
    let weights = softmax(masked, -1);
    if (this.scoresRequested) {
      this.lastScores = weights;
    }
    if (options.training === true && this.dropout > 0) {
      weights = mul(weights, this.dropoutMask(weights.shape, weights.dtype));
    }

    const attended = transpose(matMul(weights, v), [0, 2, 1, 3]);
    const flat = reshape(attended, [batch * querySteps, this.numHeads * this.valueDim]);
    const outFeatures = this.output!.kernel.shape[2]!;
    const projected = matMul(
      flat,
      reshape(this.output!.kernel, [this.numHeads * this.valueDim, outFeatures]),
    );
    const biased = this.output!.bias === null ? projected : add(projected, this.output!.bias);
    return withMask(reshape(biased, [batch, querySteps, outFeatures]), getMask(query));
  }

  /**
   * The mask [batch, 1, querySteps, keySteps] (bool), or null: the explicit
   * attention mask, the causal mask, the query's mask (rows) and the
   * value's or key's mask (columns), all combined with "and".
   */
  private combinedMask(
    query: Tensor,
    value: Tensor,
    key: Tensor,
    options: AttentionCallOptions,
  ): Tensor | null {
    const [batch, querySteps] = query.shape as [number, number];
    const keySteps = key.shape[1]!;
    const parts: Tensor[] = [];
    const explicit = options.attentionMask ?? null;
    if (explicit !== null) {
      const fits = (explicit.rank === 3 && explicit.shape[0] === batch) || explicit.rank === 2;
      const [rows, cols] = explicit.shape.slice(-2);
      if (!fits || rows !== querySteps || cols !== keySteps) {
        throw new ShapeError(
          this.label,
          { attentionMask: explicit.shape },
          `attentionMask is ${formatShape(explicit.shape)}, but the query has ${querySteps} ` +
            `steps and the key ${keySteps}; it must be [${batch}, ${querySteps}, ${keySteps}]`,
          "Pass one row per query step and one column per key step.",
        );
      }
      parts.push(toBool(explicit));
    }
    if (options.useCausalMask ?? this.useCausalMask) {
      parts.push(causalMask(querySteps, keySteps));
    }
    const queryMask = getMask(query);
    if (queryMask !== null) {
      parts.push(reshape(toBool(queryMask), [batch, querySteps, 1]));
    }
    const columnMask = getMask(key) ?? getMask(value);
    if (columnMask !== null) {
      parts.push(reshape(toBool(columnMask), [batch, 1, keySteps]));
    }
    if (parts.length === 0) {
      return null;
    }
    const combined = parts.slice(1).reduce((a, b) => logicalAnd(a, b), parts[0]!);
    const full = combined.rank === 2 ? reshape(combined, [1, querySteps, keySteps]) : combined;
    return reshape(full, [full.shape[0]!, 1, querySteps, keySteps]);
  }

  private dropoutMask(shape: readonly number[], dtype: Tensor["dtype"]): Tensor {
    const size = shape.reduce((n, d) => n * d, 1);
    const values = dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
    const scale = 1 / (1 - this.dropout);
    const generator = this.generator;
    for (let i = 0; i < size; i++) {
      values[i] = generator.uniform() < this.dropout ? 0 : scale;
    }
    return tensor(values, shape);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputShape,
      useCausalMask: this.useCausalMask,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
      ...serializeWeightSpec("kernel", this.kernelSpec),
      ...serializeWeightSpec("bias", this.biasSpec),
    };
  }
}

function toBool(mask: Tensor): Tensor {
  return mask.dtype === "bool" ? mask : notEqual(mask, 0);
}

/** Lower-triangular [querySteps, keySteps]: query i sees keys 0..i. */
function causalMask(querySteps: number, keySteps: number): Tensor {
  const values = Array.from(
    { length: querySteps * keySteps },
    (_, n) => n % keySteps <= Math.floor(n / keySteps),
  );
  return tensor(values, [querySteps, keySteps]);
}

/**
 * A multi-head attention layer.
 *
 * @example
 * const attention = multiHeadAttention({ numHeads: 2, keyDim: 8 });
 * const y = attention.apply([query, value]);   // [n, steps, features]
 */
export const multiHeadAttention = (args: MultiHeadAttentionArgs): MultiHeadAttention =>
  new MultiHeadAttention(args).checkArgs();
