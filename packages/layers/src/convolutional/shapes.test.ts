import { ShapeError, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import {
  averagePooling1d,
  averagePooling2d,
  conv1d,
  conv2d,
  conv2dTranspose,
  cropping2d,
  depthwiseConv2d,
  globalAveragePooling1d,
  globalMaxPooling2d,
  maxPooling1d,
  maxPooling2d,
  separableConv2d,
  upSampling2d,
  zeroPadding2d,
} from "./index.js";
import { flat } from "./test-helpers.js";

interface C11Case {
  output_hw: [number, number];
  output: number[][];
}

// Real case C11 (tensorflow/tensorflow#17654): expected sizes and values, computed in float64.
const C11: Record<string, C11Case> = {
  a_2x2_ones: { output_hw: [1, 1], output: [[8.0]] },
  b_1x1_ones: { output_hw: [1, 1], output: [[4.0]] },
  c_4x4_arange: {
    output_hw: [2, 2],
    output: [
      [258.0, 186.0],
      [187.0, 113.0],
    ],
  },
  d_5x5_ones: {
    output_hw: [3, 3],
    output: [
      [24.0, 33.0, 20.0],
      [27.0, 36.0, 21.0],
      [12.0, 15.0, 8.0],
    ],
  },
  e_5x5_ones_stride1: {
    output_hw: [5, 5],
    output: [
      [4.0, 6.0, 6.0, 6.0, 4.0],
      [6.0, 9.0, 9.0, 9.0, 6.0],
      [6.0, 9.0, 9.0, 9.0, 6.0],
      [6.0, 9.0, 9.0, 9.0, 6.0],
      [4.0, 6.0, 6.0, 6.0, 4.0],
    ],
  },
};

/** What symmetric padding would give in case a (the reported surprise). */
const C11_SYMMETRIC_A = 24.0;

/** The case's kernel: w[i][j] = 3i + j, or all ones for case e. */
function kernel(ones: boolean) {
  return tensor(
    Array.from({ length: 9 }, (_, k) => (ones ? 1 : k)),
    [3, 3, 1, 1],
  );
}

function image(size: number, arange: boolean) {
  return tensor(
    Array.from({ length: size * size }, (_, k) => (arange ? k : 1)),
    [1, size, size, 1],
  );
}

const C11_INPUTS: Record<string, { size: number; arange: boolean; stride: number; ones: boolean }> =
  {
    a_2x2_ones: { size: 2, arange: false, stride: 2, ones: false },
    b_1x1_ones: { size: 1, arange: false, stride: 2, ones: false },
    c_4x4_arange: { size: 4, arange: true, stride: 2, ones: false },
    d_5x5_ones: { size: 5, arange: false, stride: 2, ones: false },
    e_5x5_ones_stride1: { size: 5, arange: false, stride: 1, ones: true },
  };

describe("conv2d padding same (real case C11)", () => {
  for (const [name, input] of Object.entries(C11_INPUTS)) {
    it(`matches case ${name}: output ceil(in / stride), extra padding at the bottom and right`, () => {
      const expected = C11[name]!;
      const layer = conv2d({
        filters: 1,
        kernelSize: 3,
        strides: input.stride,
        padding: "same",
        useBias: false,
      });
      const x = image(input.size, input.arange);
      layer.apply(x);
      layer.setWeights([kernel(input.ones)]);
      const y = layer.apply(x);
      expect(y.shape).toEqual([1, ...expected.output_hw, 1]);
      expect(layer.computeOutputShape([null, input.size, input.size, 1])).toEqual([
        null,
        ...expected.output_hw,
        1,
      ]);
      const values = Array.from(y.data());
      flat(expected.output).forEach((v, i) => expect(values[i]).toBeCloseTo(v, 5));
    });
  }

  it("does not give the symmetric-padding answer of case a", () => {
    const layer = conv2d({
      filters: 1,
      kernelSize: 3,
      strides: 2,
      padding: "same",
      useBias: false,
    });
    const x = image(2, false);
    layer.apply(x);
    layer.setWeights([kernel(false)]);
    expect(layer.apply(x).item()).not.toBeCloseTo(C11_SYMMETRIC_A);
  });

  it("raises naming the layer, the input shape and the rule when a valid kernel is larger than the input", () => {
    const layer = conv2d({ filters: 1, kernelSize: 3, name: "small" });
    let error: unknown;
    try {
      layer.apply(image(2, false));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as ShapeError).code).toBe("window_too_large");
    expect((error as Error).message).toMatchInlineSnapshot(
      `"small (Conv2D): input [*, 2, 2, 1] has height 2, smaller than the window (3); with padding "valid" the output height is floor((2 - 3) / 1) + 1 = 0. Use padding "same", a smaller kernel or pool size, or a larger input."`,
    );
  });
});

describe("output-size rules of the convolution and pooling variants", () => {
  it("conv2d valid: floor((in - span) / stride) + 1, with dilation widening the span", () => {
    expect(conv2d({ filters: 4, kernelSize: 3 }).computeOutputShape([null, 28, 28, 1])).toEqual([
      null,
      26,
      26,
      4,
    ]);
    expect(
      conv2d({ filters: 4, kernelSize: 3, strides: 2 }).computeOutputShape([null, 28, 27, 1]),
    ).toEqual([null, 13, 13, 4]);
    expect(
      conv2d({ filters: 2, kernelSize: [3, 2], dilationRate: 2 }).computeOutputShape([
        null,
        9,
        9,
        3,
      ]),
    ).toEqual([null, 5, 7, 2]);
    expect(
      conv2d({ filters: 2, kernelSize: 3, strides: 3, padding: "same" }).computeOutputShape([
        null,
        7,
        9,
        3,
      ]),
    ).toEqual([null, 3, 3, 2]);
  });

  it("conv1d: valid, same and causal lengths", () => {
    const shape = [null, 10, 2] as const;
    expect(conv1d({ filters: 3, kernelSize: 4 }).computeOutputShape(shape)).toEqual([null, 7, 3]);
    expect(
      conv1d({ filters: 3, kernelSize: 4, padding: "same", strides: 3 }).computeOutputShape(shape),
    ).toEqual([null, 4, 3]);
    expect(
      conv1d({ filters: 3, kernelSize: 3, padding: "causal", dilationRate: 2 }).computeOutputShape(
        shape,
      ),
    ).toEqual([null, 10, 3]);
    expect(
      conv1d({ filters: 3, kernelSize: 3, padding: "causal", strides: 2 }).computeOutputShape(
        shape,
      ),
    ).toEqual([null, 5, 3]);
    expect(conv1d({ filters: 1, kernelSize: 3 }).computeOutputShape([null, null, 2])).toEqual([
      null,
      null,
      1,
    ]);
  });

  it("conv1d causal: output t sees only inputs up to t (left padding of (k - 1) * dilation)", () => {
    const layer = conv1d({
      filters: 1,
      kernelSize: 3,
      padding: "causal",
      dilationRate: 2,
      useBias: false,
      kernelInitializer: "ones",
    });
    const x = tensor([[[1], [10], [100], [1000], [10000], [100000]]]);
    // Output t sums inputs t, t - 2 and t - 4 where they exist.
    expect(Array.from(layer.apply(x).data())).toEqual([1, 10, 101, 1010, 10101, 101010]);
  });

  it("conv2dTranspose: valid gives in * s + max(k - s, 0), same gives in * s", () => {
    expect(
      conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2 }).computeOutputShape([
        null,
        4,
        5,
        1,
      ]),
    ).toEqual([null, 9, 11, 2]);
    expect(
      conv2dTranspose({ filters: 2, kernelSize: 2, strides: 3 }).computeOutputShape([
        null,
        4,
        5,
        1,
      ]),
    ).toEqual([null, 12, 15, 2]);
    expect(
      conv2dTranspose({
        filters: 2,
        kernelSize: 3,
        strides: 2,
        padding: "same",
      }).computeOutputShape([null, 4, 5, 1]),
    ).toEqual([null, 8, 10, 2]);
    expect(
      conv2dTranspose({ filters: 2, kernelSize: 3, strides: 1 }).computeOutputShape([
        null,
        4,
        5,
        1,
      ]),
    ).toEqual([null, 6, 7, 2]);
    expect(
      conv2dTranspose({
        filters: 1,
        kernelSize: 3,
        strides: 2,
        outputPadding: 1,
      }).computeOutputShape([null, 4, 4, 1]),
    ).toEqual([null, 10, 10, 1]);
    expect(
      conv2dTranspose({
        filters: 1,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        outputPadding: 0,
      }).computeOutputShape([null, 4, 4, 1]),
    ).toEqual([null, 7, 7, 1]);
  });

  it("conv2dTranspose computes what its shape rule says, and inverts the shape of a strided conv2d", () => {
    for (const padding of ["valid", "same"] as const) {
      const up = conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding });
      const y = up.apply(tensor(new Float32Array(2 * 4 * 5 * 2), [2, 4, 5, 2]));
      expect(y.shape).toEqual(up.computeOutputShape([2, 4, 5, 2]));
      const down = conv2d({ filters: 2, kernelSize: 3, strides: 2, padding });
      expect(down.apply(y).shape).toEqual([2, 4, 5, 2]);
    }
  });

  it("depthwise and separable convolutions: channels * depthMultiplier and filters", () => {
    expect(
      depthwiseConv2d({ kernelSize: 3, depthMultiplier: 3 }).computeOutputShape([null, 8, 8, 2]),
    ).toEqual([null, 6, 6, 6]);
    expect(
      depthwiseConv2d({ kernelSize: 3, strides: 2, padding: "same" }).computeOutputShape([
        null,
        7,
        8,
        2,
      ]),
    ).toEqual([null, 4, 4, 2]);
    expect(
      separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2 }).computeOutputShape([
        null,
        8,
        8,
        2,
      ]),
    ).toEqual([null, 6, 6, 5]);
  });

  it("pooling: strides default to poolSize; same with stride 2 gives ceil(in / 2)", () => {
    expect(maxPooling2d().computeOutputShape([null, 28, 27, 3])).toEqual([null, 14, 13, 3]);
    expect(maxPooling2d({ padding: "same" }).computeOutputShape([null, 7, 5, 3])).toEqual([
      null,
      4,
      3,
      3,
    ]);
    expect(
      averagePooling2d({ poolSize: 3, strides: 2, padding: "same" }).computeOutputShape([
        null,
        7,
        6,
        1,
      ]),
    ).toEqual([null, 4, 3, 1]);
    expect(
      averagePooling2d({ poolSize: 3, strides: 1 }).computeOutputShape([null, 7, 6, 1]),
    ).toEqual([null, 5, 4, 1]);
    expect(maxPooling1d({ poolSize: 3 }).computeOutputShape([null, 10, 4])).toEqual([null, 3, 4]);
    expect(
      averagePooling1d({ poolSize: 2, strides: 2, padding: "same" }).computeOutputShape([
        null,
        9,
        4,
      ]),
    ).toEqual([null, 5, 4]);
  });

  it("pooling same with stride 2 pads at the end and leaves padded cells out of the mean", () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const avg = averagePooling2d({ padding: "same" }).apply(x);
    expect(avg.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(avg.data())).toEqual([3, 4.5, 7.5, 9]);
    const maxed = maxPooling2d({ padding: "same" }).apply(
      tensor([-1, -2, -3, -4, -5, -6, -7, -8, -9], [1, 3, 3, 1]),
    );
    expect(Array.from(maxed.data())).toEqual([-1, -3, -7, -9]);
  });

  it("global pooling, upsampling, padding and cropping", () => {
    expect(globalMaxPooling2d().computeOutputShape([null, 5, 6, 3])).toEqual([null, 3]);
    expect(globalMaxPooling2d({ keepDims: true }).computeOutputShape([null, 5, 6, 3])).toEqual([
      null,
      1,
      1,
      3,
    ]);
    expect(globalAveragePooling1d().computeOutputShape([null, 7, 3])).toEqual([null, 3]);
    expect(upSampling2d({ size: [2, 3] }).computeOutputShape([null, 4, 5, 3])).toEqual([
      null,
      8,
      15,
      3,
    ]);
    expect(
      zeroPadding2d({
        padding: [
          [1, 2],
          [3, 4],
        ],
      }).computeOutputShape([null, 4, 5, 3]),
    ).toEqual([null, 7, 12, 3]);
    expect(cropping2d({ cropping: [1, 2] }).computeOutputShape([null, 4, 5, 3])).toEqual([
      null,
      2,
      1,
      3,
    ]);
  });

  it("a shape error names the layer, the input shape and the expected rank", () => {
    expect(() =>
      conv2d({ filters: 1, kernelSize: 3, name: "c" }).apply(tensor([[1, 2, 3]])),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: c (Conv2D): expected a 4-D input [batch, height, width, channels], found [*, 3] (rank 2). Reshape the data to [batch, height, width, channels], batch axis first.]`,
    );
    expect(() =>
      cropping2d({ cropping: 2, name: "crop" }).computeOutputShape([null, 4, 9, 1]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: crop (Cropping2D): input [*, 4, 9, 1] has height 4, but cropping removes 2 + 2 = 4 of it; the rule is out = in - before - after, which must be at least 1. Crop less, or feed larger images.]`,
    );
    expect(() => maxPooling1d({ poolSize: 4, name: "p" }).computeOutputShape([null, 3, 1])).toThrow(
      /p \(MaxPooling1D\): input \[\*, 3, 1\] has length 3, smaller than the window \(4\)/,
    );
  });

  it("rejects bad options with the layer's name", () => {
    expect(() => conv2d({ filters: 0, kernelSize: 3, name: "bad" })).toThrow(
      /bad \(Conv2D\): filters is 0/,
    );
    expect(() => conv2d({ filters: 1, kernelSize: [3, 3, 3], name: "bad2" })).toThrow(
      /kernelSize is \[3,3,3\]/,
    );
    expect(() =>
      conv2d({ filters: 1, kernelSize: 3, padding: "causal" as never, name: "bad3" }),
    ).toThrow(/padding is "causal"/);
    expect(() => conv2d({ filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /both above 1/,
    );
    expect(() =>
      conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, outputPadding: 2 }),
    ).toThrow(/outputPadding/);
  });
});
