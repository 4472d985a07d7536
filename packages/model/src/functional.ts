import {
  InputLayer,
  type Layer,
  type LayerNode,
  type LayerShape,
  SymbolicTensor,
} from "@myelin/layers";
import { checkOptionKeys, type DType, MyelinError, type Tensor } from "@myelin/tensor-core";
import { Model, MODEL_KEYS, type ModelArgs, type ModelInput } from "./model.js";
import { serializeLayer } from "./serialization.js";
import type { SummaryRow } from "./summary.js";

/** Options of {@link input}. */
export interface InputArgs {
  /** Shape of one sample (no batch axis); `null` for an axis of any size. */
  shape: readonly (number | null)[];
  name?: string;
  dtype?: DType;
}

/**
 * A symbolic model input. Call layers on it to describe a graph, then wrap
 * the graph with {@link model}.
 *
 * @example
 * const x = input({ shape: [4] });
 * const y = dense({ units: 1 }).apply(dense({ units: 8, activation: "relu" }).apply(x));
 * const m = model({ inputs: x, outputs: y });
 */
export function input(args: InputArgs): SymbolicTensor {
  checkOptionKeys("input", args, ["shape", "name", "dtype"]);
  return new InputLayer({ inputShape: args.shape, name: args.name, dtype: args.dtype }).output;
}

/** Options of {@link model}. */
export interface FunctionalArgs<
  O extends SymbolicTensor | readonly SymbolicTensor[],
> extends ModelArgs {
  inputs: SymbolicTensor | readonly SymbolicTensor[];
  outputs: O;
}

let functionalCount = 0;

/**
 * A model over a graph of layer calls, with any number of inputs and outputs.
 * A layer called several times shares its weights.
 */
export class Functional<O extends Tensor | Tensor[] = Tensor | Tensor[]> extends Model<O> {
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Layer calls in execution order, input layers excluded. */
  private readonly nodes: readonly LayerNode[];
  private readonly inputLayers: readonly InputLayer[];
  private readonly computeLayers: readonly Layer[];
  private readonly outputsAsList: boolean;

  constructor(
    inputs: readonly SymbolicTensor[],
    outputs: readonly SymbolicTensor[],
    outputsAsList: boolean,
    args: ModelArgs = {},
  ) {
    // model() hands over its whole argument, inputs and outputs included.
    checkOptionKeys("model", args, ["inputs", "outputs", ...MODEL_KEYS]);
    super({
      ...args,
      name: args.name ?? (functionalCount++ === 0 ? "model" : `model_${functionalCount - 1}`),
    });
    if (inputs.length === 0 || outputs.length === 0) {
      throw new MyelinError("invalid_graph", "model: inputs and outputs must not be empty.", {
        hint: "Pass the tensors made by input() and the layer calls.",
      });
    }
    inputs.forEach((s, i) => {
      if (!(s instanceof SymbolicTensor) || !(s.sourceLayer instanceof InputLayer)) {
        throw new MyelinError("invalid_graph", `model: inputs[${i}] is not made by input().`, {
          hint: "Create model inputs with input({ shape }).",
        });
      }
    });
    this.inputs = inputs;
    this.outputs = outputs;
    this.outputsAsList = outputsAsList;
    this.nodes = orderNodes(inputs, outputs);
    this.inputLayers = inputs.map((s) => s.sourceLayer as InputLayer);
    const seen = new Set<Layer>();
    for (const node of this.nodes) {
      seen.add(node.layer);
    }
    this.computeLayers = [...seen];
    const names = new Map<string, Layer>();
    [...this.inputLayers, ...this.computeLayers].forEach((layer, i) => {
      const other = names.get(layer.name);
      if (other !== undefined && other !== layer) {
        throw new MyelinError("duplicate_name", `model: two layers are named "${layer.name}".`, {
          hint: "Give each layer of a model its own name.",
        });
      }
      names.set(layer.name, layer);
      layer.position = i;
      if (!(layer instanceof InputLayer)) {
        layer.seedGenerator(() => this.generator.split());
      }
    });
  }

  override get layers(): readonly Layer[] {
    return this.computeLayers;
  }

  override get modelInputs(): readonly ModelInput[] {
    return this.inputLayers.map((layer) => ({
      name: layer.name,
      shape: layer.batchInputShape,
      layer,
    }));
  }

  override get outputShapes(): readonly LayerShape[] {
    return this.outputs.map((s) => s.shape);
  }

  override get outputNames(): readonly string[] {
    return this.outputs.map((s) => s.sourceLayer.name);
  }

  protected override get returnsList(): boolean {
    return this.outputsAsList;
  }

  protected override prepare(inputs: readonly Tensor[]): void {
    inputs.forEach((x, i) => this.inputLayers[i]!.assertInputShape(x.shape));
  }

  protected override forward(
    inputs: readonly Tensor[],
    training: boolean,
    record?: Map<Layer, Tensor>,
  ): Tensor[] {
    const values = new Map<number, Tensor>();
    this.inputs.forEach((s, i) => values.set(s.id, inputs[i]!));
    const options = { training };
    for (const node of this.nodes) {
      const args = node.inputs.map((s) => values.get(s.id)!);
      const out = node.layer.apply(node.inputIsList ? args : args[0]!, options);
      values.set(node.output.id, out);
      record?.set(node.layer, out);
    }
    return this.outputs.map((s) => values.get(s.id)!);
  }

  override topologyJSON(): { modelClass: string; topology: Record<string, unknown> } {
    // Each layer's calls are numbered within this model, in execution order.
    const callIndex = new Map<number, [string, number]>();
    const counts = new Map<Layer, number>();
    const ref = (s: SymbolicTensor): [string, number] => callIndex.get(s.id)!;
    this.inputs.forEach((s) => callIndex.set(s.id, [s.sourceLayer.name, 0]));
    const nodes = this.nodes.map((node) => {
      const k = counts.get(node.layer) ?? 0;
      counts.set(node.layer, k + 1);
      callIndex.set(node.output.id, [node.layer.name, k]);
      return {
        layer: node.layer.name,
        inputs: node.inputs.map(ref),
        inputIsList: node.inputIsList,
      };
    });
    return {
      modelClass: "Functional",
      topology: {
        layers: [...this.inputLayers, ...this.computeLayers].map((l) =>
          serializeLayer(l, this.registry),
        ),
        nodes,
        inputs: this.inputs.map(ref),
        outputs: this.outputs.map(ref),
        outputsAsList: this.outputsAsList,
      },
    };
  }

  /** @internal */
  summaryRows(): SummaryRow[] {
    const rows: SummaryRow[] = this.inputLayers.map((layer) => ({
      layer,
      outputShape: layer.batchInputShape,
      inputs: [],
    }));
    for (const node of this.nodes) {
      rows.push({
        layer: node.layer,
        outputShape: node.output.shape,
        inputs: node.inputs.map((s) => s.name),
      });
    }
    return rows;
  }
}

/** Layer calls between inputs and outputs, each after the calls it depends on. */
function orderNodes(
  inputs: readonly SymbolicTensor[],
  outputs: readonly SymbolicTensor[],
): LayerNode[] {
  const inputIds = new Set(inputs.map((s) => s.id));
  const ordered: LayerNode[] = [];
  const done = new Set<number>();
  const visiting = new Set<number>();
  const visit = (s: SymbolicTensor): void => {
    if (inputIds.has(s.id) || done.has(s.id)) {
      return;
    }
    if (s.sourceLayer instanceof InputLayer) {
      throw new MyelinError(
        "disconnected_graph",
        `model: the outputs depend on input "${s.sourceLayer.name}", which is not among the model's inputs.`,
        { hint: "Add it to inputs, or build the outputs from the listed inputs only." },
      );
    }
    if (visiting.has(s.id)) {
      throw new MyelinError("cyclic_graph", `model: the graph has a cycle through ${s.name}.`);
    }
    visiting.add(s.id);
    const node = s.sourceLayer.inboundNodes[s.nodeIndex]!;
    node.inputs.forEach(visit);
    visiting.delete(s.id);
    done.add(s.id);
    ordered.push(node);
  };
  outputs.forEach((s, i) => {
    if (!(s instanceof SymbolicTensor)) {
      throw new MyelinError("invalid_graph", `model: outputs[${i}] is not a symbolic tensor.`, {
        hint: "Pass the results of calling layers on input() tensors.",
      });
    }
    visit(s);
  });
  return ordered;
}

type OutputsOf<O> = O extends readonly SymbolicTensor[] ? Tensor[] : Tensor;

/**
 * A model from symbolic inputs and outputs (the functional API). A list of
 * outputs makes predict return a list.
 *
 * @throws MyelinError when an output depends on an input that is not listed.
 * @example
 * const a = input({ shape: [4] });
 * const b = input({ shape: [2] });
 * const joined = concatenate().apply([dense({ units: 8 }).apply(a), b]);
 * const m = model({ inputs: [a, b], outputs: dense({ units: 1 }).apply(joined) });
 */
export function model<O extends SymbolicTensor | readonly SymbolicTensor[]>(
  args: FunctionalArgs<O>,
): Functional<OutputsOf<O>> {
  const inputs = Array.isArray(args.inputs)
    ? [...(args.inputs as SymbolicTensor[])]
    : [args.inputs as SymbolicTensor];
  const outputs = Array.isArray(args.outputs)
    ? [...(args.outputs as SymbolicTensor[])]
    : [args.outputs as SymbolicTensor];
  return new Functional<OutputsOf<O>>(inputs, outputs, Array.isArray(args.outputs), args);
}
