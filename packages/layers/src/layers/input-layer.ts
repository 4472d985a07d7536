import { MyelinError, type Tensor } from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import { SymbolicTensor } from "../symbolic.js";

/** Options of {@link inputLayer}. */
export interface InputLayerArgs extends LayerArgs {
  /** Shape of one sample (no batch axis). */
  inputShape?: readonly (number | null)[];
}

/**
 * The entry point of a model: it only declares the input shape. In a
 * sequential model it may come first instead of `inputShape` on the first layer.
 */
export class InputLayer extends Layer {
  static override className = "InputLayer";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  /** The symbolic tensor this layer feeds into a functional model. */
  readonly output: SymbolicTensor;

  constructor(args: InputLayerArgs) {
    super(args);
    if (this.batchInputShape === null) {
      throw new MyelinError(
        "missing_shape",
        `${this.label} needs an inputShape or a batchInputShape.`,
        {
          hint: "Pass inputShape, e.g. inputLayer({ inputShape: [4] }).",
        },
      );
    }
    this.builtInputShape = this.batchInputShape;
    this.built = true;
    this.output = new SymbolicTensor(this.batchInputShape, this.dtype, this, 0, this.name);
    this.inboundNodes.push({ layer: this, inputs: [], inputIsList: false, output: this.output });
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return x;
  }
}

/** Declares a model's input shape. */
export const inputLayer = (args: InputLayerArgs): InputLayer => new InputLayer(args).checkArgs();
