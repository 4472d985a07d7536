import {
  gather,
  notEqual,
  type Tensor,
  tensor,
  ValueError,
  type Variable,
} from "@myelin/tensor-core";
import type { Constraint } from "../constraints.js";
import type { Initializer } from "../initializers.js";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import type { Regularizer } from "../regularizers.js";
import type { Spec } from "../resolve.js";
import { formatLayerShape, type LayerShape } from "../shape.js";
import { positiveInteger } from "../checks.js";
import {
  addSpecWeight,
  serializeWeightSpec,
  type WeightSpec,
  weightSpec,
} from "../convolutional/weight-spec.js";
import { withMask } from "./masking.js";

/** Options of {@link embedding}. */
export interface EmbeddingArgs extends LayerArgs {
  /** Number of distinct indices (the vocabulary size; include index 0 when maskZero is set). */
  inputDim: number;
  /** Length of each embedding vector. */
  outputDim: number;
  /** Default randomUniform in [-0.05, 0.05], as Keras. */
  embeddingsInitializer?: Spec<Initializer>;
  embeddingsRegularizer?: Spec<Regularizer> | null;
  embeddingsConstraint?: Spec<Constraint> | null;
  /** Treat index 0 as padding: its steps are masked for the layers after (default false). */
  maskZero?: boolean;
  /** Length of the sequences, when fixed (sets the input shape to [inputLength]). */
  inputLength?: number | null;
}

/** "[1, 3]" for flat position 7 of shape [2, 4]. */
function coordinates(position: number, shape: readonly number[]): string {
  const coords: number[] = [];
  let rest = position;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    coords.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return `[${coords.join(", ")}]`;
}

/**
 * A lookup table: integer indices [batch, ...] become vectors
 * [batch, ..., outputDim], rows of `embeddings` [inputDim, outputDim]. Every
 * index is checked: negative, fractional or >= inputDim raises naming the
 * value and its position.
 */
export class Embedding extends Layer {
  static override className = "Embedding";

  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly inputLength: number | null;
  private readonly embeddingsSpec: WeightSpec;
  embeddings: Variable | null = null;

  constructor(args: EmbeddingArgs) {
    const inputLength = args?.inputLength ?? null;
    const withShape =
      inputLength !== null && args.inputShape === undefined && args.batchInputShape === undefined;
    super(withShape ? { ...args, inputShape: [inputLength] } : args);
    const label = this.label;
    this.inputDim = positiveInteger(
      label,
      "inputDim",
      args?.inputDim,
      "Pass the vocabulary size, a positive integer.",
    );
    this.outputDim = positiveInteger(
      label,
      "outputDim",
      args.outputDim,
      "Pass the embedding length, a positive integer.",
    );
    this.maskZero = args.maskZero ?? false;
    this.inputLength = inputLength;
    const initializer = args.embeddingsInitializer ?? {
      className: "randomUniform",
      config: { minval: -0.05, maxval: 0.05 },
    };
    this.embeddingsSpec = weightSpec(
      initializer,
      args.embeddingsRegularizer,
      args.embeddingsConstraint,
      "randomUniform",
      this.registry,
    );
  }

  override build(_inputShape: LayerShape): void {
    this.embeddings = addSpecWeight(
      this,
      "embeddings",
      [this.inputDim, this.outputDim],
      this.embeddingsSpec,
    );
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return [...inputShape, this.outputDim];
  }

  /** Checks every index and returns them as int32. */
  private indices(x: Tensor): Tensor {
    const values = x.data();
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (!Number.isInteger(v) || v < 0 || v >= this.inputDim) {
        const why = Number.isNaN(v)
          ? "is not a number"
          : !Number.isInteger(v)
            ? "is not an integer"
            : v < 0
              ? "is negative"
              : `is not below inputDim (${this.inputDim})`;
        throw new ValueError(
          this.label,
          `index ${v} at position ${coordinates(i, x.shape)} of the input ` +
            `${formatLayerShape(x.shape)} ${why}; ` +
            `indices must be integers in [0, ${this.inputDim})`,
          v >= this.inputDim
            ? `Raise inputDim to at least ${v + 1}, or map rare tokens to a reserved index.`
            : "Encode tokens as whole numbers counted from 0.",
        );
      }
    }
    return x.dtype === "int32" ? x : tensor(Int32Array.from(values, Number), x.shape);
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    const index = this.indices(x);
    const y = gather(this.embeddings!, index, 0);
    return this.maskZero ? withMask(y, notEqual(index, 0)) : y;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      maskZero: this.maskZero,
      inputLength: this.inputLength,
      ...serializeWeightSpec("embeddings", this.embeddingsSpec),
    };
  }
}

/**
 * An embedding layer.
 *
 * @example
 * embedding({ inputDim: 1000, outputDim: 16, maskZero: true })   // [n, steps] -> [n, steps, 16]
 */
export const embedding = (args: EmbeddingArgs): Embedding => new Embedding(args).checkArgs();
