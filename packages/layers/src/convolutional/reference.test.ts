/**
 * The convolutional layers against TensorFlow.js 4.22 (CPU backend): the same
 * float32 weights and inputs give outputs within 1e-5.
 */
import { beforeAll, describe, it } from "vitest";
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
import { compareWithTfjs as compare, loadTfjs, type Tfjs } from "./test-helpers.js";

let tf: Tfjs;

beforeAll(async () => {
  tf = await loadTfjs();
});

describe("convolutions match TensorFlow.js", () => {
  it("conv2d: valid and same, strides, dilation, bias and relu", () => {
    compare(
      conv2d({ filters: 4, kernelSize: 3 }),
      tf.layers.conv2d({ filters: 4, kernelSize: 3 }),
      [2, 6, 7, 3],
      1,
    );
    compare(
      conv2d({ filters: 3, kernelSize: [3, 2], strides: 2, padding: "same", activation: "relu" }),
      tf.layers.conv2d({
        filters: 3,
        kernelSize: [3, 2],
        strides: 2,
        padding: "same",
        activation: "relu",
      }),
      [2, 7, 6, 2],
      2,
    );
    compare(
      conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: "same", useBias: false }),
      tf.layers.conv2d({
        filters: 2,
        kernelSize: 3,
        dilationRate: 2,
        padding: "same",
        useBias: false,
      }),
      [1, 8, 9, 2],
      3,
    );
  });

  it("conv1d: valid, same with strides, causal with dilation (TF.js: left zero padding, then valid)", () => {
    compare(
      conv1d({ filters: 3, kernelSize: 3 }),
      tf.layers.conv1d({ filters: 3, kernelSize: 3 }),
      [2, 9, 2],
      4,
    );
    compare(
      conv1d({ filters: 2, kernelSize: 4, strides: 2, padding: "same", activation: "tanh" }),
      tf.layers.conv1d({
        filters: 2,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        activation: "tanh",
      }),
      [2, 9, 3],
      5,
    );
    compare(
      conv1d({ filters: 2, kernelSize: 3, padding: "causal", dilationRate: 2 }),
      tf.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2 }),
      [2, 10, 2],
      6,
      (x) =>
        tf.pad(x, [
          [0, 0],
          [4, 0],
          [0, 0],
        ]),
    );
  });

  it("depthwiseConv2d and separableConv2d with depthMultiplier", () => {
    compare(
      depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: "same", strides: 2 }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: "same", strides: 2 }),
      [2, 7, 6, 3],
      7,
    );
    compare(
      separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, activation: "relu" }),
      tf.layers.separableConv2d({
        filters: 4,
        kernelSize: 3,
        depthMultiplier: 2,
        activation: "relu",
      }),
      [2, 6, 6, 3],
      8,
    );
  });

  it("conv2dTranspose: valid and same, strides 1 and 2", () => {
    compare(
      conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }),
      tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }),
      [2, 4, 5, 2],
      9,
    );
    compare(
      conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: "same" }),
      tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: "same" }),
      [2, 4, 3, 3],
      10,
    );
    compare(
      conv2dTranspose({ filters: 2, kernelSize: [2, 3], padding: "same" }),
      tf.layers.conv2dTranspose({ filters: 2, kernelSize: [2, 3], padding: "same" }),
      [1, 5, 4, 2],
      11,
    );
  });
});

describe("pooling and image layers match TensorFlow.js", () => {
  it("max and average pooling, 1-D and 2-D, valid and same", () => {
    compare(maxPooling2d(), tf.layers.maxPooling2d({ poolSize: 2 }), [2, 6, 7, 2], 12);
    compare(
      maxPooling2d({ poolSize: 3, strides: 2, padding: "same" }),
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same" }),
      [2, 7, 6, 2],
      13,
    );
    compare(
      averagePooling2d({ padding: "same" }),
      tf.layers.averagePooling2d({ poolSize: 2, padding: "same" }),
      [2, 5, 7, 2],
      14,
    );
    compare(maxPooling1d({ poolSize: 3 }), tf.layers.maxPooling1d({ poolSize: 3 }), [2, 10, 3], 15);
    compare(
      averagePooling1d({ poolSize: 2, strides: 2, padding: "same" }),
      tf.layers.averagePooling1d({ poolSize: 2, strides: 2, padding: "same" }),
      [2, 9, 3],
      16,
    );
  });

  it("global pooling", () => {
    compare(globalMaxPooling2d(), tf.layers.globalMaxPooling2d({}), [2, 4, 5, 3], 17);
    compare(globalAveragePooling2d(), tf.layers.globalAveragePooling2d({}), [2, 4, 5, 3], 18);
    compare(globalMaxPooling1d(), tf.layers.globalMaxPooling1d(), [2, 6, 3], 19);
    compare(globalAveragePooling1d(), tf.layers.globalAveragePooling1d(), [2, 6, 3], 20);
  });

  it("upSampling2d, zeroPadding2d and cropping2d", () => {
    compare(
      upSampling2d({ size: [2, 3] }),
      tf.layers.upSampling2d({ size: [2, 3] }),
      [2, 3, 4, 2],
      21,
    );
    compare(
      zeroPadding2d({
        padding: [
          [1, 2],
          [0, 3],
        ],
      }),
      tf.layers.zeroPadding2d({
        padding: [
          [1, 2],
          [0, 3],
        ],
      }),
      [2, 3, 4, 2],
      22,
    );
    compare(
      cropping2d({
        cropping: [
          [1, 0],
          [2, 1],
        ],
      }),
      tf.layers.cropping2D({
        cropping: [
          [1, 0],
          [2, 1],
        ],
      }),
      [2, 5, 6, 2],
      23,
    );
  });
});
