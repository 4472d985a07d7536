import { registerActivations } from "@myelin/activations";
import { Registry } from "@myelin/registry";
import { sum, type Tensor, tensor } from "@myelin/tensor-core";
import { embedding, getMask, withMask } from "../recurrent/index.js";
import { describe, expect, it } from "vitest";
import type { Layer } from "../layer.js";
import { registerLayers } from "../register.js";
import {
  averagePooling1d,
  conv1d,
  conv2d,
  conv2dTranspose,
  cropping2d,
  depthwiseConv2d,
  globalAveragePooling1d,
  globalMaxPooling2d,
  maxPooling2d,
  randomTranslation,
  separableConv2d,
  upSampling2d,
  zeroPadding2d,
} from "./index.js";
import { randomTensor } from "./test-helpers.js";

const registry = new Registry();
registerActivations(registry);
registerLayers(registry);

const cases: [string, () => Layer, number[]][] = [
  [
    "conv1d",
    () => conv1d({ filters: 3, kernelSize: 2, padding: "causal", dilationRate: 2 }),
    [2, 6, 2],
  ],
  [
    "conv2d",
    () =>
      conv2d({ filters: 4, kernelSize: [3, 2], strides: 2, padding: "same", activation: "relu" }),
    [2, 5, 6, 2],
  ],
  ["depthwiseConv2d", () => depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2 }), [2, 4, 4, 3]],
  [
    "separableConv2d",
    () => separableConv2d({ filters: 2, kernelSize: 3, padding: "same" }),
    [2, 4, 4, 3],
  ],
  [
    "conv2dTranspose",
    () => conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: 1 }),
    [1, 3, 3, 2],
  ],
  ["maxPooling2d", () => maxPooling2d({ poolSize: 3, strides: 2, padding: "same" }), [2, 5, 5, 1]],
  ["averagePooling1d", () => averagePooling1d({ poolSize: 2 }), [2, 6, 2]],
  ["globalMaxPooling2d", () => globalMaxPooling2d({ keepDims: true }), [2, 3, 3, 2]],
  ["upSampling2d", () => upSampling2d({ size: [1, 2] }), [1, 2, 2, 1]],
  ["zeroPadding2d", () => zeroPadding2d({ padding: [1, 2] }), [1, 2, 2, 1]],
  [
    "cropping2d",
    () =>
      cropping2d({
        cropping: [
          [1, 0],
          [0, 1],
        ],
      }),
    [1, 3, 3, 1],
  ],
  [
    "randomTranslation",
    () => randomTranslation({ heightFactor: [-0.2, 0.1], widthFactor: 0.3 }),
    [1, 3, 3, 1],
  ],
];

describe("serialization of the convolutional layers", () => {
  for (const [name, make, shape] of cases) {
    it(`rebuilds ${name} from its JSON config through the registry, computing the same output`, () => {
      const layer = make();
      const x = randomTensor(shape, 3);
      const y = layer.apply(x);
      const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;
      const spec = {
        className: layer.className,
        config: { ...config, name: `${layer.name}_copy` },
      };
      const copy = registry.create<Layer>("layer", spec);
      copy.apply(x);
      copy.setWeights(layer.getWeights());
      expect(Array.from((copy.apply(x) as Tensor).data())).toEqual(Array.from(y.data()));
      expect(copy.getConfig()).toEqual({ ...layer.getConfig(), name: `${layer.name}_copy` });
    });
  }

  it("resolves Keras spellings", () => {
    for (const name of [
      "Conv2D",
      "Conv1D",
      "MaxPooling2D",
      "MaxPool2D",
      "GlobalAveragePooling2D",
      "Conv2DTranspose",
      "UpSampling2D",
    ]) {
      expect(registry.has("layer", name)).toBe(true);
    }
  });
});

describe("weight options of the convolution layers", () => {
  it("adds kernel and bias penalties to the layer's losses", () => {
    const layer = conv2d({
      filters: 2,
      kernelSize: 2,
      kernelRegularizer: { className: "l2", config: { l2: 0.5 } },
      biasInitializer: "ones",
      biasRegularizer: "l1",
    });
    layer.apply(randomTensor([1, 3, 3, 1], 1));
    const [kernelPenalty, biasPenalty] = layer.losses;
    const kernel = layer.getWeights()[0]!;
    expect(kernelPenalty!.item()).toBeCloseTo(
      0.5 * Array.from(kernel.data()).reduce((s, v) => s + v * v, 0),
      5,
    );
    expect(biasPenalty!.item()).toBeCloseTo(0.01 * 2, 6);
  });

  it("projects the kernel with its constraint", () => {
    const layer = depthwiseConv2d({
      kernelSize: 2,
      depthwiseConstraint: "nonNeg",
      depthwiseInitializer: {
        className: "randomUniform",
        config: { minval: -1, maxval: 1, seed: 1 },
      },
    });
    layer.apply(randomTensor([1, 3, 3, 2], 1));
    expect(Array.from(layer.getWeights()[0]!.data()).some((v) => v < 0)).toBe(true);
    layer.applyConstraints();
    expect(Array.from(layer.getWeights()[0]!.data()).every((v) => v >= 0)).toBe(true);
  });

  it("uses the named initializers", () => {
    const layer = conv1d({
      filters: 2,
      kernelSize: 2,
      kernelInitializer: "ones",
      biasInitializer: { className: "constant", config: { value: 3 } },
    });
    const y = layer.apply(randomTensor([1, 2, 1], 1));
    expect(sum(layer.getWeights()[1]!).item()).toBe(6);
    expect(y.shape).toEqual([1, 1, 2]);
  });
});

describe("globalAveragePooling1d with a mask", () => {
  it("averages the real steps only", () => {
    const x = embedding({
      inputDim: 4,
      outputDim: 1,
      maskZero: true,
      embeddingsInitializer: "ones",
    }).apply(tensor([[1, 2, 0, 0]]));
    const embedded = Array.from(x.data());
    expect(embedded).toEqual([1, 1, 1, 1]);
    const layer = globalAveragePooling1d();
    const masked = withMask(tensor([[[2], [4], [100], [100]]]), getMask(x));
    expect(Array.from(layer.apply(masked).data())).toEqual([3]);
  });
});
