import { InputLayer, Layer, type LayerShape } from "@myelin/layers";
import { checkOptionKeys, MyelinError, type Tensor } from "@myelin/tensor-core";
import { Model, MODEL_KEYS, type ModelArgs, type ModelInput } from "./model.js";
import { serializeLayer } from "./serialization.js";
import type { SummaryRow } from "./summary.js";

let sequentialCount = 0;

/**
 * A plain stack of layers, each feeding the next. The first layer (or a
 * leading inputLayer) declares the input shape; without one the model is
 * built when it first sees data.
 */
export class Sequential extends Model<Tensor> {
  private readonly stack: Layer[] = [];
  private batchInputShape: LayerShape | null = null;
  private shapes: LayerShape[] = [];
  private inputName: string | null = null;

  constructor(layers: readonly Layer[] = [], args: ModelArgs = {}) {
    checkOptionKeys("sequential", args, MODEL_KEYS);
    super({
      ...args,
      name:
        args.name ?? (sequentialCount++ === 0 ? "sequential" : `sequential_${sequentialCount - 1}`),
    });
    for (const layer of layers) {
      this.add(layer);
    }
  }

  override get layers(): readonly Layer[] {
    return this.stack;
  }

  /** True once every layer knows its input shape. */
  get built(): boolean {
    return this.stack.length > 0 && this.shapes.length === this.stack.length;
  }

  override get modelInputs(): readonly ModelInput[] {
    const first = this.stack[0];
    if (first === undefined) {
      return [];
    }
    return [{ name: this.inputName ?? first.name, shape: this.batchInputShape, layer: first }];
  }

  override get outputShapes(): readonly LayerShape[] {
    return this.built ? [this.shapes[this.shapes.length - 1]!] : [];
  }

  override get outputNames(): readonly string[] {
    const last = this.stack[this.stack.length - 1];
    return last === undefined ? [] : [last.name];
  }

  /**
   * Appends a layer. A leading inputLayer only sets the input shape. When the
   * input shape is known the layer is built at once, so a shape mismatch is
   * reported here, naming the layer.
   *
   * @throws ShapeError when the layer cannot take the previous layer's output.
   */
  add(layer: Layer): this {
    if (!(layer instanceof Layer)) {
      throw new MyelinError(
        "not_a_layer",
        `${this.name}.add: expected a layer, found ${layer === null ? "null" : typeof layer}.`,
        {
          hint: "Pass a layer such as dense({ units: 8 }).",
        },
      );
    }
    layer.checkArgs();
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.batchInputShape !== null) {
        throw new MyelinError(
          "misplaced_input",
          `${this.name}.add: an input layer can only come first.`,
          {
            hint: "Declare the input shape once, on the first layer.",
          },
        );
      }
      this.batchInputShape = layer.batchInputShape;
      this.inputName = layer.name;
      return this;
    }
    if (this.stack.includes(layer)) {
      throw new MyelinError(
        "duplicate_layer",
        `${this.name}.add: ${layer.label} is already in the model.`,
        {
          hint: "Create a new layer; a sequential model uses each layer once.",
        },
      );
    }
    const clash = this.stack.find((l) => l.name === layer.name);
    if (clash !== undefined) {
      throw new MyelinError(
        "duplicate_name",
        `${this.name}.add: two layers are named "${layer.name}".`,
        {
          hint: "Give each layer of a model its own name.",
        },
      );
    }
    layer.position = this.stack.length;
    if (this.stack.length === 0 && this.batchInputShape === null) {
      this.batchInputShape = layer.batchInputShape;
    }
    layer.seedGenerator(() => this.generator.split());
    this.stack.push(layer);
    if (this.batchInputShape !== null) {
      this.buildFrom(this.shapes.length);
    }
    return this;
  }

  /**
   * Builds every layer for an input shape (batch axis first, may be null).
   *
   * @throws ShapeError naming the first layer that cannot take its input.
   */
  build(batchInputShape: LayerShape): void {
    if (this.batchInputShape === null) {
      this.batchInputShape = [null, ...batchInputShape.slice(1)];
    }
    this.buildFrom(this.shapes.length);
  }

  private buildFrom(start: number): void {
    let shape = start === 0 ? this.batchInputShape! : this.shapes[start - 1]!;
    for (let i = start; i < this.stack.length; i++) {
      const layer = this.stack[i]!;
      layer.assertInputShape(shape);
      layer.ensureBuilt(shape);
      shape = layer.computeOutputShape(layer.builtInputShape!);
      this.shapes[i] = shape;
    }
  }

  protected override prepare(inputs: readonly Tensor[]): void {
    if (this.stack.length === 0) {
      throw new MyelinError("empty_model", `${this.name} has no layers.`, {
        hint: "Add layers with model.add(...).",
      });
    }
    const x = inputs[0]!;
    if (!this.built) {
      this.build([null, ...x.shape.slice(1)]);
    }
    this.stack[0]!.assertInputShape(x.shape);
  }

  protected override forward(
    inputs: readonly Tensor[],
    training: boolean,
    record?: Map<Layer, Tensor>,
  ): Tensor[] {
    let x = inputs[0]!;
    const options = { training };
    for (const layer of this.stack) {
      x = layer.apply(x, options);
      record?.set(layer, x);
    }
    return [x];
  }

  override topologyJSON(): { modelClass: string; topology: Record<string, unknown> } {
    return {
      modelClass: "Sequential",
      topology: {
        batchInputShape: this.batchInputShape === null ? null : [...this.batchInputShape],
        layers: this.stack.map((l) => serializeLayer(l, this.registry)),
      },
    };
  }

  /** @internal */
  summaryRows(): SummaryRow[] {
    return this.stack.map((layer, i) => ({ layer, outputShape: this.shapes[i] ?? null }));
  }
}

/**
 * A stack of layers.
 *
 * @example
 * const model = sequential([
 *   dense({ units: 16, activation: "relu", inputShape: [4] }),
 *   dense({ units: 3, activation: "softmax" }),
 * ]);
 */
export function sequential(layers: readonly Layer[] = [], args: ModelArgs = {}): Sequential {
  return new Sequential(layers, args);
}
