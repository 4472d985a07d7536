import { registerActivations } from "@myelin/activations";
import { Registry, RegistryError } from "@myelin/registry";
import { mul, type Tensor, tensor, ValueError, type Variable, zeros } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import * as layers from "../src/index.js";
import {
  type CallOptions,
  Dense,
  dense,
  Layer,
  type LayerArgs,
  type LayerShape,
  lstm,
  registerLayers,
} from "../src/index.js";

type Factory = (args: Record<string, unknown>) => Layer;

function thrown(fn: () => unknown): Error & { code?: string; op?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

const weights = {
  kernelInitializer: "glorotUniform",
  biasInitializer: "zeros",
  kernelRegularizer: "l2",
  biasRegularizer: null,
  kernelConstraint: "maxNorm",
  biasConstraint: null,
};

const recurrent = {
  units: 2,
  activation: "tanh",
  returnSequences: true,
  returnState: false,
  goBackwards: false,
  useBias: true,
  dropout: 0.1,
  recurrentDropout: 0.1,
  seed: 4,
  kernelInitializer: "glorotUniform",
  recurrentInitializer: "orthogonal",
  biasInitializer: "zeros",
  kernelRegularizer: null,
  recurrentRegularizer: null,
  biasRegularizer: null,
  kernelConstraint: null,
  recurrentConstraint: null,
  biasConstraint: null,
  stateful: false,
  unroll: false,
};

const depthwise = {
  kernelSize: 3,
  strides: 1,
  padding: "same",
  depthMultiplier: 2,
  dilationRate: 1,
  activation: "relu",
  useBias: true,
  dataFormat: "channelsLast",
  depthwiseInitializer: "glorotUniform",
  biasInitializer: "zeros",
  depthwiseRegularizer: null,
  biasRegularizer: null,
  depthwiseConstraint: null,
  biasConstraint: null,
};

const pooling = (padding: string) => ({ poolSize: 2, strides: 2, padding, dataFormat: "channelsLast" });

/**
 * Every registered layer with every option its args interface declares (a
 * valid value for each), the smallest config it takes, and an input shape
 * (batch axis included) to build it with; null for an input layer.
 */
const LAYERS: Record<
  string,
  { full: () => Record<string, unknown>; least: () => Record<string, unknown>; input: LayerShape | LayerShape[] | null }
> = {
  activation: { full: () => ({ activation: "relu" }), least: () => ({ activation: "relu" }), input: [null, 3] },
  add: { full: () => ({}), least: () => ({}), input: [[null, 3], [null, 3]] },
  averagePooling1d: { full: () => pooling("valid"), least: () => ({}), input: [null, 8, 3] },
  averagePooling2d: { full: () => pooling("same"), least: () => ({}), input: [null, 4, 4, 3] },
  batchNormalization: {
    full: () => ({
      axis: -1,
      momentum: 0.9,
      epsilon: 1e-3,
      center: true,
      scale: true,
      betaInitializer: "zeros",
      gammaInitializer: "ones",
      movingMeanInitializer: "zeros",
      movingVarianceInitializer: "ones",
      betaRegularizer: null,
      gammaRegularizer: "l2",
      betaConstraint: null,
      gammaConstraint: "nonNeg",
    }),
    least: () => ({}),
    input: [null, 3],
  },
  bidirectional: {
    full: () => ({
      layer: lstm({ units: 2 }),
      mergeMode: "sum",
      backwardLayer: lstm({ units: 2, goBackwards: true }),
    }),
    least: () => ({ layer: lstm({ units: 2 }) }),
    input: [null, 5, 3],
  },
  concatenate: { full: () => ({ axis: -1 }), least: () => ({}), input: [[null, 2], [null, 3]] },
  conv1d: {
    full: () => ({
      filters: 4,
      kernelSize: 3,
      strides: 1,
      dilationRate: 1,
      activation: "relu",
      useBias: true,
      dataFormat: "channelsLast",
      padding: "causal",
      groups: 2,
      ...weights,
    }),
    least: () => ({ filters: 2, kernelSize: 3 }),
    input: [null, 8, 2],
  },
  conv2d: {
    full: () => ({
      filters: 4,
      kernelSize: [3, 3],
      strides: 1,
      dilationRate: 1,
      activation: "relu",
      useBias: true,
      dataFormat: "channelsLast",
      padding: "same",
      groups: 2,
      ...weights,
    }),
    least: () => ({ filters: 2, kernelSize: 3 }),
    input: [null, 6, 6, 2],
  },
  conv2dTranspose: {
    full: () => ({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      dilationRate: 1,
      activation: null,
      useBias: true,
      dataFormat: "channelsLast",
      padding: "same",
      outputPadding: 1,
      ...weights,
    }),
    least: () => ({ filters: 2, kernelSize: 3 }),
    input: [null, 3, 3, 2],
  },
  cropping2d: {
    full: () => ({ cropping: [[1, 1], [1, 1]], dataFormat: "channelsLast" }),
    least: () => ({}),
    input: [null, 5, 5, 1],
  },
  dense: {
    full: () => ({ units: 3, activation: "relu", useBias: true, ...weights }),
    least: () => ({ units: 2 }),
    input: [null, 4],
  },
  depthwiseConv2d: { full: () => depthwise, least: () => ({ kernelSize: 3 }), input: [null, 5, 5, 2] },
  dropout: { full: () => ({ rate: 0.5, seed: 1 }), least: () => ({ rate: 0.5 }), input: [null, 3] },
  embedding: {
    full: () => ({
      inputDim: 10,
      outputDim: 4,
      embeddingsInitializer: "randomUniform",
      embeddingsRegularizer: null,
      embeddingsConstraint: null,
      maskZero: true,
      inputLength: 5,
    }),
    least: () => ({ inputDim: 10, outputDim: 4 }),
    input: [null, 5],
  },
  flatten: { full: () => ({}), least: () => ({}), input: [null, 2, 3] },
  gaussianDropout: { full: () => ({ rate: 0.1, seed: 2 }), least: () => ({ rate: 0.1 }), input: [null, 3] },
  gaussianNoise: { full: () => ({ stddev: 0.1, seed: 3 }), least: () => ({ stddev: 0.1 }), input: [null, 3] },
  globalAveragePooling1d: {
    full: () => ({ keepDims: true, dataFormat: "channelsLast" }),
    least: () => ({}),
    input: [null, 4, 2],
  },
  globalAveragePooling2d: {
    full: () => ({ keepDims: true, dataFormat: "channelsLast" }),
    least: () => ({}),
    input: [null, 3, 3, 2],
  },
  globalMaxPooling1d: {
    full: () => ({ keepDims: false, dataFormat: "channelsLast" }),
    least: () => ({}),
    input: [null, 4, 2],
  },
  globalMaxPooling2d: {
    full: () => ({ keepDims: false, dataFormat: "channelsLast" }),
    least: () => ({}),
    input: [null, 3, 3, 2],
  },
  gru: {
    full: () => ({ ...recurrent, recurrentActivation: "sigmoid", resetAfter: true }),
    least: () => ({ units: 2 }),
    input: [null, 4, 3],
  },
  inputLayer: { full: () => ({ inputShape: [3] }), least: () => ({ inputShape: [3] }), input: null },
  layerNormalization: {
    full: () => ({
      axis: -1,
      epsilon: 1e-3,
      center: true,
      scale: true,
      betaInitializer: "zeros",
      gammaInitializer: "ones",
      betaRegularizer: null,
      gammaRegularizer: null,
      betaConstraint: null,
      gammaConstraint: null,
    }),
    least: () => ({}),
    input: [null, 3],
  },
  lstm: {
    full: () => ({ ...recurrent, recurrentActivation: "sigmoid", unitForgetBias: true }),
    least: () => ({ units: 2 }),
    input: [null, 4, 3],
  },
  masking: { full: () => ({ maskValue: 0 }), least: () => ({}), input: [null, 4, 2] },
  maxPooling1d: { full: () => pooling("same"), least: () => ({}), input: [null, 8, 3] },
  maxPooling2d: { full: () => pooling("valid"), least: () => ({}), input: [null, 4, 4, 3] },
  multiHeadAttention: {
    full: () => ({
      numHeads: 2,
      keyDim: 4,
      valueDim: 4,
      dropout: 0.1,
      useBias: true,
      outputShape: 8,
      useCausalMask: true,
      seed: 5,
      ...weights,
    }),
    least: () => ({ numHeads: 2, keyDim: 4 }),
    input: [[null, 3, 8], [null, 3, 8]],
  },
  randomTranslation: {
    full: () => ({
      heightFactor: 0.1,
      widthFactor: [-0.1, 0.1],
      fillMode: "constant",
      interpolation: "nearest",
      fillValue: 0,
      seed: 6,
      dataFormat: "channelsLast",
    }),
    least: () => ({ heightFactor: 0.1 }),
    input: [null, 4, 4, 1],
  },
  reshape: { full: () => ({ targetShape: [3, 2] }), least: () => ({ targetShape: [3, 2] }), input: [null, 6] },
  separableConv2d: {
    full: () => ({
      ...depthwise,
      filters: 3,
      pointwiseInitializer: "glorotUniform",
      pointwiseRegularizer: null,
      pointwiseConstraint: null,
    }),
    least: () => ({ filters: 3, kernelSize: 3 }),
    input: [null, 5, 5, 2],
  },
  simpleRNN: { full: () => recurrent, least: () => ({ units: 2 }), input: [null, 4, 3] },
  timeDistributed: {
    full: () => ({ layer: dense({ units: 2 }) }),
    least: () => ({ layer: dense({ units: 2 }) }),
    input: [null, 3, 4],
  },
  upSampling2d: {
    full: () => ({ size: 2, interpolation: "nearest", dataFormat: "channelsLast" }),
    least: () => ({}),
    input: [null, 2, 2, 1],
  },
  zeroPadding2d: {
    full: () => ({ padding: 1, dataFormat: "channelsLast" }),
    least: () => ({}),
    input: [null, 2, 2, 1],
  },
};

function freshRegistry(): Registry {
  const registry = new Registry();
  registerActivations(registry);
  registerLayers(registry);
  return registry;
}

const factoryOf = (name: string) => (layers as unknown as Record<string, Factory>)[name]!;

describe("layer options", () => {
  it("refuses a misspelt option, naming the layer, the key and the closest known key", () => {
    const error = thrown(() => dense({ units: 2, activaton: "relu", name: "d" } as never));
    expect(error).toBeInstanceOf(ValueError);
    expect(error.code).toBe("invalid_value");
    expect(error.message).toMatch(/^d \(Dense\): unknown option "activaton"; the options are: /);
    expect(error.message).toContain('Did you mean "activation"?');
  });

  it("accepts every option of every layer's args interface, and the options every layer takes", () => {
    const registry = freshRegistry();
    // The table covers every registered class, so a new layer cannot be left out.
    const registered = registry.list("layer").map((e) => e.name);
    expect(Object.keys(LAYERS).sort()).toEqual([...registered].sort());
    for (const [name, spec] of Object.entries(LAYERS)) {
      const base = { name: `${name}_full`, trainable: true, dtype: "float32", registry };
      const args = { ...base, activityRegularizer: "l2", ...spec.full() };
      const layer = factoryOf(name)(args);
      if (spec.input !== null) {
        expect(() => layer.ensureBuilt(spec.input!), name).not.toThrow();
      }
      // A layer rebuilt from its own config takes it back, as a model file does.
      const copy = registry.create<Layer>("layer", {
        className: name,
        config: { ...layer.getConfig(), registry },
      });
      expect(() => copy.checkArgs(), name).not.toThrow();
    }
  });

  it("refuses an unknown option in every layer's factory", () => {
    for (const [name, spec] of Object.entries(LAYERS)) {
      const error = thrown(() => factoryOf(name)({ ...spec.least(), extraOption: 1 }));
      expect(error.message, name).toContain('unknown option "extraOption"');
    }
  });

  it("refuses an unknown option of a layer made from a config when it is first built", () => {
    const registry = freshRegistry();
    for (const [name, spec] of Object.entries(LAYERS)) {
      if (spec.input === null) {
        continue;
      }
      const config = { ...spec.least(), extraOption: 1, registry };
      const layer = registry.create<Layer>("layer", { className: name, config });
      expect(() => layer.ensureBuilt(spec.input!), name).toThrow('unknown option "extraOption"');
      expect(layer.built, name).toBe(false);
    }
  });

  it("checks a layer made with new when it is first applied", () => {
    const layer = new Dense({ units: 2, useBais: false } as never);
    expect(() => layer.apply(zeros([1, 3]))).toThrow('Did you mean "useBias"?');
  });

  it("checks each layer once", () => {
    const layer = dense({ units: 2 });
    expect(layer.checkArgs()).toBe(layer);
    expect(() => layer.apply(zeros([1, 3]))).not.toThrow();
  });

  it("refuses a misspelt option only when it is set: undefined counts as absent", () => {
    expect(() => dense({ units: 2, activaton: undefined } as never)).not.toThrow();
    expect(() => layers.dropout({ rate: 0.5, seed: undefined })).not.toThrow();
    expect(() => layers.dropout({ rate: 0.5, sede: 1 } as never)).toThrow('Did you mean "seed"?');
  });

  it("refuses a misspelt option of a wrapper and of the layer it wraps", () => {
    expect(thrown(() => layers.bidirectional({ layer: lstm({ units: 2 }), mergMode: "sum" } as never)).message)
      .toContain('Did you mean "mergeMode"?');
    const registry = freshRegistry();
    const serialized = { className: "dense", config: { units: 2, untis: 3 } };
    expect(() => layers.timeDistributed({ layer: serialized, registry })).toThrow(
      'Did you mean "units"?',
    );
    const inner = new Dense({ units: 2, untis: 3 } as never);
    expect(() => layers.timeDistributed({ layer: inner })).toThrow('Did you mean "units"?');
  });

  it("keeps checking when an initializer is a plain function that cannot be saved", () => {
    const init = Object.assign((shape: readonly number[]) => zeros(shape), {});
    expect(() => dense({ units: 2, kernelInitializer: init as never })).not.toThrow();
    expect(() => dense({ units: 2, kernelInitializer: init as never, unit: 3 } as never)).toThrow(
      'unknown option "unit"',
    );
  });
});

class Scale extends Layer {
  static override className = "Scale";
  readonly initial: number;
  factor: Variable | null = null;

  constructor(args: LayerArgs & { initial?: number } = {}) {
    super(args);
    this.initial = args.initial ?? 1;
  }

  override build(_shape: LayerShape): void {
    this.factor = this.addWeight("factor", [], { className: "constant", config: { value: this.initial } });
  }

  override call(x: Tensor, _options: CallOptions): Tensor {
    return mul(x, this.factor!);
  }
}

class SavedScale extends Scale {
  static override className = "SavedScale";

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initial: this.initial };
  }
}

class TracedScale extends SavedScale {
  static override className = "TracedScale";
  static override extraArgs: readonly string[] = ["trace"];

  constructor(args: LayerArgs & { initial?: number; trace?: boolean } = {}) {
    super(args);
  }
}

class WideDense extends Dense {
  static override className = "WideDense";
  readonly widen: number;

  constructor(args: layers.DenseArgs & { widen?: number }) {
    super({ ...args, units: args.units * (args.widen ?? 1) });
    this.widen = args.widen ?? 1;
  }
}

class LateConfig extends Layer {
  static override className = "LateConfig";
  private size: number | null = null;

  override build(shape: LayerShape): void {
    this.size = shape[1] ?? null;
  }

  override call(x: Tensor): Tensor {
    return x;
  }

  override getConfig(): Record<string, unknown> {
    if (this.size === null) {
      throw new Error("not built yet");
    }
    return { ...super.getConfig(), size: this.size };
  }
}

describe("user-defined layers", () => {
  it("are not checked when their class neither defines getConfig nor declares extraArgs", () => {
    const layer = new Scale({ initial: 2 });
    expect(() => layer.checkArgs()).not.toThrow();
    expect(layer.apply(tensor([1, 2])).array()).toEqual([2, 4]);
    expect(() => new WideDense({ units: 2, widen: 3 }).apply(zeros([1, 2]))).not.toThrow();
  });

  it("are checked against their getConfig() when their class defines it and it runs unbuilt", () => {
    // A getConfig() that needs the built layer cannot list keys before build: no check then.
    expect(() => new LateConfig({ name: "late" }).apply(zeros([1, 2]))).not.toThrow();
    expect(() => new SavedScale({ initial: 2 }).checkArgs()).not.toThrow();
    expect(() => new SavedScale({ intial: 2 } as never).checkArgs()).toThrow(
      /SavedScale\): unknown option "intial"; .* Did you mean "initial"\? A layer class that takes options its getConfig\(\) does not return lists them in static extraArgs\./,
    );
  });

  it("may declare options their getConfig() does not return", () => {
    expect(() => new TracedScale({ initial: 2, trace: true }).checkArgs()).not.toThrow();
    expect(() => new TracedScale({ trace: true, trac: 1 } as never).checkArgs()).toThrow(
      'Did you mean "trace"?',
    );
  });

  it("are checked when made through the registry, at their first build", () => {
    const registry = freshRegistry();
    registry.register({
      kind: "layer",
      name: "savedScale",
      package: "my-plugin",
      version: "1.0.0",
      create: (config: Record<string, unknown>) => new SavedScale(config as LayerArgs),
    });
    const layer = registry.create<Layer>("layer", { className: "savedScale", config: { initail: 2 } });
    expect(() => layer.apply(tensor([1]))).toThrow('Did you mean "initial"?');
  });
});

describe("batchSize and weights", () => {
  it("fix the batch axis with batchSize, as Keras does", () => {
    const layer = dense({ units: 1, inputShape: [2], batchSize: 4 });
    expect(layer.batchInputShape).toEqual([4, 2]);
    expect(layer.getConfig().batchInputShape).toEqual([4, 2]);
  });

  it("refuse a batchSize that is not a positive integer, or without inputShape", () => {
    expect(thrown(() => dense({ units: 1, inputShape: [2], batchSize: "4" as never })).message).toMatch(
      /batchSize is the string "4"; expected a positive integer/,
    );
    expect(thrown(() => dense({ units: 1, batchSize: 4 })).message).toContain(
      "batchSize needs inputShape",
    );
  });

  it("set the starting weights when the layer is built", () => {
    const kernel = tensor([[1], [2]]);
    const bias = tensor([0.5]);
    const layer = dense({ units: 1, weights: [kernel, bias] });
    const y = layer.apply(tensor([[1, 1]]));
    expect(y.array()).toEqual([[3.5]]);
  });
});

describe("numeric options", () => {
  it("report a value of the wrong type by its type and JSON value", () => {
    expect(thrown(() => dense({ units: "16" as never })).message).toMatch(
      /^dense: units is the string "16"; expected a positive integer\./,
    );
    expect(thrown(() => dense({ units: 0 })).message).toMatch(/^dense: units is 0\. Pass/);
    expect(thrown(() => lstm({ units: "4" as never })).message).toContain(
      'units is the string "4"; expected a positive integer',
    );
    expect(thrown(() => layers.conv2d({ filters: 8, kernelSize: "3" as never })).message).toContain(
      'kernelSize is the string "3"; expected a positive integer or 2 of them',
    );
    expect(thrown(() => layers.dropout({ rate: "0.5" as never })).message).toContain(
      'rate is the string "0.5"; expected a number in [0, 1)',
    );
    expect(thrown(() => layers.embedding({ inputDim: true as never, outputDim: 2 })).message).toContain(
      "inputDim is the boolean true; expected a positive integer",
    );
  });

  it("refuse a string where a number is expected even when it would compare as one", () => {
    expect(thrown(() => layers.batchNormalization({ momentum: "0.9" as never })).message).toContain(
      'momentum is the string "0.9"; expected a number in [0, 1]',
    );
    expect(thrown(() => layers.layerNormalization({ epsilon: "1e-3" as never })).message).toContain(
      'epsilon is the string "1e-3"; expected a finite number > 0',
    );
  });
});

describe("initializer, regularizer and constraint names and options", () => {
  it("suggest the closest name for an unknown one, as other lookups do", () => {
    const error = thrown(() => dense({ units: 2, kernelInitializer: "glorotUniformm" }));
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.code).toBe("unknown_name");
    expect(error.message).toMatch(/^Unknown initializer "glorotUniformm"\. Did you mean "glorotUniform"/);
    expect(thrown(() => dense({ units: 2, kernelRegularizer: "l22" })).message).toContain(
      'Unknown regularizer "l22". Did you mean "l2"',
    );
    expect(thrown(() => dense({ units: 2, kernelConstraint: "nonNegative" })).message).toContain(
      'Did you mean "nonNeg"',
    );
  });

  it("list the registry's own names too", () => {
    const registry = freshRegistry();
    registry.register({
      kind: "initializer",
      name: "halves",
      package: "my-plugin",
      version: "1.0.0",
      create: () => layers.initializers.constant({ value: 0.5 }),
    });
    expect(thrown(() => layers.getInitializer("halvse", registry)).message).toContain(
      'Did you mean "halves"',
    );
  });

  it("refuse options they do not take", () => {
    expect(thrown(() => layers.initializers.glorotUniform({ sed: 1 } as never)).message).toContain(
      'glorotUniform: unknown option "sed"; the options are: seed. Did you mean "seed"?',
    );
    expect(thrown(() => layers.getInitializer({ className: "zeros", config: { value: 1 } })).message)
      .toContain('zeros: unknown option "value"; it takes no options');
    expect(thrown(() => layers.l2({ l1: 0.1 } as never)).message).toContain('l2: unknown option "l1"');
    expect(thrown(() => layers.maxNorm({ max: 2 } as never)).message).toContain(
      'Did you mean "maxValue"?',
    );
  });

  it("refuse a variance-scaling mode or distribution they do not know", () => {
    expect(thrown(() => layers.initializers.varianceScaling({ mode: "fan_in" as never })).message).toContain(
      'varianceScaling: mode is the string "fan_in". Pass one of "fanIn", "fanOut", "fanAvg"',
    );
  });
});
