/**
 * Gradient checks of every convolutional layer against central finite
 * differences in float64, over small random shapes and options.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mul, type Tensor, tensor, type Variable } from "@myelin/tensor-core";
import { Layer } from "../layer.js";
import {
  averagePooling1d,
  averagePooling2d,
  conv1d,
  conv2d,
  conv2dTranspose,
  cropping2d,
  depthwiseConv2d,
  globalAveragePooling1d,
  globalAveragePooling2d,
  globalMaxPooling1d,
  globalMaxPooling2d,
  maxPooling1d,
  maxPooling2d,
  separableConv2d,
  upSampling2d,
  zeroPadding2d,
} from "./index.js";
import { checkLayerGradients, describeReport, randomTensor } from "./test-helpers.js";

const RUNS = { numRuns: 6 };
const dtype = "float64" as const;
const padding = fc.constantFrom("valid" as const, "same" as const);

/** Checks the layer on a random input of `shape`; the seed is part of the property. */
function expectGradients(layer: Layer, shape: number[], seed: number): void {
  const x = randomTensor(shape, seed, dtype);
  const report = checkLayerGradients(layer, [x]);
  expect(report.ok, describeReport(report)).toBe(true);
}

describe("convolution gradients", () => {
  it("conv2d, with respect to the input, kernel and bias", () => {
    fc.assert(
      fc.property(
        fc.record({
          h: fc.integer({ min: 3, max: 5 }),
          w: fc.integer({ min: 3, max: 5 }),
          c: fc.integer({ min: 1, max: 2 }),
        }),
        fc.record({
          filters: fc.integer({ min: 1, max: 2 }),
          k: fc.integer({ min: 1, max: 3 }),
          stride: fc.integer({ min: 1, max: 2 }),
          padding,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (s, o, seed) => {
          const layer = conv2d({
            filters: o.filters,
            kernelSize: o.k,
            strides: o.stride,
            padding: o.padding,
            activation: "tanh",
            biasInitializer: "ones",
            dtype,
          });
          expectGradients(layer, [2, s.h, s.w, s.c], seed);
        },
      ),
      RUNS,
    );
  });

  it("conv2d with dilation and groups", () => {
    const layer = conv2d({
      filters: 4,
      kernelSize: 2,
      dilationRate: 2,
      groups: 2,
      padding: "same",
      dtype,
    });
    expectGradients(layer, [1, 4, 5, 2], 3);
  });

  it("conv1d with valid, same and causal padding", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }),
        fc.constantFrom("valid" as const, "same" as const, "causal" as const),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 0, max: 1000 }),
        (steps, pad, dilation, seed) => {
          const layer = conv1d({
            filters: 2,
            kernelSize: 2,
            padding: pad,
            dilationRate: dilation,
            dtype,
          });
          expectGradients(layer, [2, steps, 2], seed);
        },
      ),
      RUNS,
    );
  });

  it("depthwiseConv2d and separableConv2d", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 2 }),
        padding,
        fc.integer({ min: 0, max: 1000 }),
        (multiplier, stride, pad, seed) => {
          const depthwise = depthwiseConv2d({
            kernelSize: 2,
            depthMultiplier: multiplier,
            strides: stride,
            padding: pad,
            biasInitializer: "ones",
            dtype,
          });
          expectGradients(depthwise, [1, 4, 4, 2], seed);
          const separable = separableConv2d({
            filters: 2,
            kernelSize: 2,
            depthMultiplier: multiplier,
            strides: stride,
            padding: pad,
            dtype,
          });
          expectGradients(separable, [1, 4, 4, 2], seed + 1);
        },
      ),
      { numRuns: 4 },
    );
  });

  it("conv2dTranspose", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        padding,
        fc.integer({ min: 0, max: 1000 }),
        (stride, k, pad, seed) => {
          const layer = conv2dTranspose({
            filters: 2,
            kernelSize: k,
            strides: stride,
            padding: pad,
            biasInitializer: "ones",
            dtype,
          });
          expectGradients(layer, [1, 3, 2, 2], seed);
        },
      ),
      RUNS,
    );
  });
});

describe("pooling and image layer gradients", () => {
  it("max and average pooling, 1-D and 2-D", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
        padding,
        fc.integer({ min: 0, max: 1000 }),
        (pool, stride, pad, seed) => {
          const options = { poolSize: pool, strides: stride, padding: pad, dtype };
          expectGradients(maxPooling2d(options), [2, 5, 4, 2], seed);
          expectGradients(averagePooling2d(options), [2, 5, 4, 2], seed + 1);
          expectGradients(maxPooling1d(options), [2, 5, 2], seed + 2);
          expectGradients(averagePooling1d(options), [2, 5, 2], seed + 3);
        },
      ),
      RUNS,
    );
  });

  it("global pooling", () => {
    expectGradients(globalMaxPooling2d({ dtype }), [2, 3, 4, 2], 1);
    expectGradients(globalAveragePooling2d({ dtype }), [2, 3, 4, 2], 2);
    expectGradients(globalMaxPooling1d({ dtype }), [2, 5, 2], 3);
    expectGradients(globalAveragePooling1d({ dtype, keepDims: true }), [2, 5, 2], 4);
  });

  it("upSampling2d, zeroPadding2d and cropping2d", () => {
    expectGradients(upSampling2d({ size: [2, 3], dtype }), [2, 2, 3, 2], 5);
    expectGradients(
      zeroPadding2d({
        padding: [
          [1, 0],
          [2, 1],
        ],
        dtype,
      }),
      [2, 2, 3, 2],
      6,
    );
    expectGradients(
      cropping2d({
        cropping: [
          [1, 0],
          [0, 2],
        ],
        dtype,
      }),
      [2, 4, 4, 2],
      7,
    );
  });
});

describe("checkLayerGradients", () => {
  it("fails when autograd misses a weight's gradient", () => {
    class Cut extends Layer {
      static override className = "Cut";
      w: Variable | null = null;
      override build(): void {
        this.w = this.addWeight("w", [2], "ones");
      }
      override call(x: Tensor): Tensor {
        // The weight's value enters the output, but not through the tape.
        return mul(x, tensor(this.w!.data(), [2], "float64"));
      }
    }
    const report = checkLayerGradients(new Cut({ dtype }), [randomTensor([3, 2], 1, dtype)]);
    expect(report.ok).toBe(false);
    expect(report.mismatches.every((m) => m.input === 1)).toBe(true);
  });
});
