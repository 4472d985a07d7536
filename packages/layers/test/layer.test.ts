import { registerActivations } from "@myelin/activations";
import { Registry } from "@myelin/registry";
import { mul, type Tensor, tensor, type Variable, zeros } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  type CallOptions,
  Dense,
  dense,
  dropout,
  Layer,
  type LayerArgs,
  type LayerShape,
  registerLayers,
  SymbolicTensor,
} from "../src/index.js";
import { expectClose } from "@myelin/test-utils";

class Scale extends Layer {
  static override className = "Scale";
  factor: Variable | null = null;

  constructor(args: LayerArgs & { initial?: number } = {}) {
    super(args);
  }

  override build(_shape: LayerShape): void {
    this.factor = this.addWeight("factor", [], { className: "constant", config: { value: 3 } });
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return mul(x, this.factor!);
  }
}

describe("Layer", () => {
  it("names layers by type with a counter and weights as layer/weight", () => {
    const first = dense({ units: 2 });
    const second = dense({ units: 2 });
    expect(second.name).not.toBe(first.name);
    expect(second.name).toMatch(/^dense_\d+$/);
    second.apply(zeros([1, 3]));
    expect(second.weights.map((w) => w.name)).toEqual([
      `${second.name}/kernel`,
      `${second.name}/bias`,
    ]);
    expect(new Scale().name).toBe("scale");
  });

  it("builds on first use, then checks every input against the built shape", () => {
    const layer = dense({ units: 4, name: "probe" });
    expect(layer.built).toBe(false);
    layer.apply(zeros([5, 3]));
    expect(layer.built).toBe(true);
    expect(layer.builtInputShape).toEqual([null, 3]);
    expect(layer.apply(zeros([2, 3])).shape).toEqual([2, 4]);
    expect(() => layer.apply(zeros([2, 5]))).toThrow(
      "probe (Dense): expected input shape [*, 3], found [2, 5].",
    );
  });

  it("names the layer's position in a model, the expected and the found shape", () => {
    const layer = dense({ units: 1, inputShape: [1], name: "dense" });
    layer.position = 0;
    let message = "";
    try {
      layer.apply(zeros([10, 2]));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      "dense (layer 0, Dense): expected input shape [*, 1], found [10, 2].",
    );
    expect(message).toContain("pass inputShape [2], or data with 1 column(s)");
    expect((error(() => layer.apply(zeros([10, 2]))) as { code: string }).code).toBe(
      "input_shape_mismatch",
    );
  });

  it("lets subclasses add weights with initializers, and counts parameters", () => {
    const layer = new Scale();
    const y = layer.apply(tensor([[1, 2]]));
    expectClose(y.data(), [3, 6]);
    expect(layer.countParams()).toBe(1);
    expect(layer.trainableWeights).toHaveLength(1);
  });

  it("freezing moves every weight to nonTrainableWeights and back", () => {
    const layer = dense({ units: 2 });
    layer.apply(zeros([1, 2]));
    layer.trainable = false;
    expect(layer.trainableWeights).toEqual([]);
    expect(layer.nonTrainableWeights).toHaveLength(2);
    expect(layer.weights.every((w) => !w.trainable)).toBe(true);
    layer.trainable = true;
    expect(layer.trainableWeights).toHaveLength(2);
  });

  it("gets copies of the weights and sets them back in order", () => {
    const layer = dense({ units: 2, useBias: true });
    layer.apply(zeros([1, 3]));
    const [kernel, bias] = layer.getWeights();
    layer.setWeights([
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tensor([0.5, -0.5]),
    ]);
    expect(kernel!.shape).toEqual([3, 2]);
    expect(bias!.shape).toEqual([2]);
    expectClose(layer.apply(tensor([[1, 1, 1]])).data(), [9.5, 11.5]);
    const copy = layer.getWeights()[0]!;
    layer.setWeights([zeros([3, 2]), zeros([2])]);
    expectClose(copy.data(), [1, 2, 3, 4, 5, 6]);
  });

  it("setWeights names the layer and the weight when a shape or count is wrong", () => {
    const layer = dense({ units: 2, name: "head" });
    layer.apply(zeros([1, 3]));
    expect(() => layer.setWeights([zeros([2, 3]), zeros([2])])).toThrow(
      "head (Dense).setWeights: weight head/kernel is [3, 2] but its value is [2, 3].",
    );
    expect(() => layer.setWeights([zeros([3, 2])])).toThrow(
      /has 2 weights \(kernel, bias\) but 1 values were given/,
    );
  });

  it("adds activity penalties in training only, and weight penalties always", () => {
    const layer = dense({
      units: 1,
      kernelInitializer: "ones",
      kernelRegularizer: { className: "l2", config: { l2: 0.5 } },
      activityRegularizer: { className: "l1", config: { l1: 0.1 } },
    });
    layer.apply(tensor([[1, 2]]));
    expect(layer.losses).toHaveLength(1);
    expectClose(layer.losses[0]!.data(), [1]);
    layer.apply(tensor([[1, 2]]), { training: true });
    const penalties = layer.losses.map((t) => t.item());
    expectClose(penalties, [1, 0.3], 1e-6);
    layer.resetActivityLosses();
    expect(layer.losses).toHaveLength(1);
  });

  it("applies constraints in place", () => {
    const layer = dense({
      units: 1,
      kernelInitializer: { className: "constant", config: { value: -2 } },
      kernelConstraint: "nonNeg",
    });
    layer.apply(zeros([1, 2]));
    layer.applyConstraints();
    expectClose(layer.kernel!.data(), [0, 0]);
  });

  it("records calls on symbolic tensors and returns symbolic outputs", () => {
    const layer = dense({ units: 5 });
    const source = new Scale();
    const x = new SymbolicTensor([null, 3], "float32", source, 0, "x");
    const y = layer.apply(x);
    expect(y).toBeInstanceOf(SymbolicTensor);
    expect(y.shape).toEqual([null, 5]);
    expect(layer.inboundNodes).toHaveLength(1);
    expect(layer.inboundNodes[0]!.inputs[0]).toBe(x);
    expect(layer.built).toBe(true);
  });

  it("rejects inputs that are not tensors with a clear message", () => {
    const layer = dense({ units: 1, name: "d" });
    expect(() => layer.apply([[1, 2]] as unknown as Tensor)).toThrow(
      /d \(Dense\): input 0 is object, not a tensor/,
    );
  });

  it("round-trips its config through the registry", () => {
    const registry = new Registry();
    registerActivations(registry);
    registerLayers(registry);
    const original = dense({
      units: 3,
      activation: "tanh",
      useBias: false,
      kernelRegularizer: { className: "l1l2", config: { l1: 0.1, l2: 0.2 } },
    });
    const config = JSON.parse(JSON.stringify(original.getConfig())) as Record<string, unknown>;
    const copy = registry.create<Dense>(
      "layer",
      { className: "dense", config: { ...config, name: "copy" } },
      { registry },
    );
    expect(copy).toBeInstanceOf(Dense);
    expect({ ...copy.getConfig(), name: original.name }).toEqual(original.getConfig());
  });

  it("casts float inputs to the layer's dtype", () => {
    const layer = dense({ units: 1, dtype: "float64", kernelInitializer: "ones" });
    const y = layer.apply(tensor([[1, 2]]));
    expect(y.dtype).toBe("float64");
    expect(dropout({ rate: 0.5, dtype: "float64" }).apply(tensor([1])).dtype).toBe("float64");
  });
});

function error(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}
