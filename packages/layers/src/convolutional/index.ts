import { defaultRegistry, type Registry } from "@myelin/registry";
import { Conv1D, Conv2D } from "./conv.js";
import { Conv2DTranspose } from "./conv-transpose.js";
import { DepthwiseConv2D, SeparableConv2D } from "./depthwise-conv.js";
import {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  MaxPooling1D,
  MaxPooling2D,
} from "./pooling.js";
import { RandomTranslation } from "./random-translation.js";
import { type LayerEntry, registerLayerEntries } from "./registration.js";
import { Cropping2D, UpSampling2D, ZeroPadding2D } from "./spatial.js";

export {
  Conv1D,
  Conv2D,
  conv1dLayer as conv1d,
  conv2dLayer as conv2d,
  type BaseConvArgs,
  type Conv1DArgs,
  type Conv2DArgs,
} from "./conv.js";
export {
  Conv2DTranspose,
  conv2dTransposeLayer as conv2dTranspose,
  type Conv2DTransposeArgs,
} from "./conv-transpose.js";
export {
  DepthwiseConv2D,
  SeparableConv2D,
  depthwiseConv2d,
  separableConv2d,
  type DepthwiseConv2DArgs,
  type SeparableConv2DArgs,
} from "./depthwise-conv.js";
export {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  MaxPooling1D,
  MaxPooling2D,
  averagePooling1d,
  averagePooling2d,
  globalAveragePooling1d,
  globalAveragePooling2d,
  globalMaxPooling1d,
  globalMaxPooling2d,
  maxPooling1d,
  maxPooling2d,
  type GlobalPoolingArgs,
  type Pooling1DArgs,
  type Pooling2DArgs,
} from "./pooling.js";
export {
  Cropping2D,
  UpSampling2D,
  ZeroPadding2D,
  cropping2d,
  upSampling2d,
  zeroPadding2d,
  type Cropping2DArgs,
  type UpSampling2DArgs,
  type ZeroPadding2DArgs,
} from "./spatial.js";
export {
  RandomTranslation,
  randomTranslation,
  type RandomTranslationArgs,
  type TranslationFactor,
} from "./random-translation.js";
export { type Conv1DPadding, type ConvPadding } from "./conv-utils.js";

/** The convolutional and pooling layers with their registry names. */
export const CONVOLUTIONAL_LAYERS: readonly LayerEntry[] = [
  [
    "conv1d",
    Conv1D,
    "1-D convolution over [batch, steps, channels]; padding valid, same or causal.",
    ["Convolution1D"],
  ],
  ["conv2d", Conv2D, "2-D convolution over [batch, height, width, channels].", ["Convolution2D"]],
  [
    "depthwiseConv2d",
    DepthwiseConv2D,
    "Per-channel 2-D convolution with depthMultiplier filters each.",
  ],
  [
    "separableConv2d",
    SeparableConv2D,
    "Depthwise 2-D convolution followed by a 1x1 convolution.",
    ["SeparableConvolution2D"],
  ],
  [
    "conv2dTranspose",
    Conv2DTranspose,
    "Transposed 2-D convolution, for learned upsampling.",
    ["Convolution2DTranspose"],
  ],
  ["maxPooling1d", MaxPooling1D, "Max over windows of a sequence.", ["MaxPool1D"]],
  ["maxPooling2d", MaxPooling2D, "Max over windows of an image.", ["MaxPool2D"]],
  ["averagePooling1d", AveragePooling1D, "Mean over windows of a sequence.", ["AvgPool1D"]],
  ["averagePooling2d", AveragePooling2D, "Mean over windows of an image.", ["AvgPool2D"]],
  [
    "globalMaxPooling1d",
    GlobalMaxPooling1D,
    "Max over all steps of a sequence.",
    ["GlobalMaxPool1D"],
  ],
  [
    "globalMaxPooling2d",
    GlobalMaxPooling2D,
    "Max over all positions of an image.",
    ["GlobalMaxPool2D"],
  ],
  [
    "globalAveragePooling1d",
    GlobalAveragePooling1D,
    "Mean over all steps of a sequence.",
    ["GlobalAvgPool1D"],
  ],
  [
    "globalAveragePooling2d",
    GlobalAveragePooling2D,
    "Mean over all positions of an image.",
    ["GlobalAvgPool2D"],
  ],
  ["upSampling2d", UpSampling2D, "Nearest-neighbour upsampling of images."],
  ["zeroPadding2d", ZeroPadding2D, "Zero rows and columns around images."],
  ["cropping2d", Cropping2D, "Removes rows and columns at image edges."],
  [
    "randomTranslation",
    RandomTranslation,
    "Shifts images by random whole pixels in training (augmentation).",
  ],
];

/**
 * Registers the convolutional and pooling layers (kind "layer") under
 * "@myelin/layers". Calling it again on the same registry is a no-op.
 *
 * @example
 * const registry = registerConvolutionalLayers(new Registry());
 * registry.create("layer", { className: "Conv2D", config: { filters: 8, kernelSize: 3 } });
 */
export function registerConvolutionalLayers(registry: Registry = defaultRegistry): Registry {
  return registerLayerEntries(registry, CONVOLUTIONAL_LAYERS);
}
