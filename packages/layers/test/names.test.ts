import { describe, expect, it } from "vitest";
import { conv2d, dense, lstm, maxPooling2d } from "../src/index.js";
import { snakeCase } from "../src/layer.js";

describe("default layer names", () => {
  it("follow Keras's snake case for every class-name pattern", () => {
    const cases: Record<string, string> = {
      Dense: "dense",
      Conv2D: "conv2d",
      Conv2DTranspose: "conv2d_transpose",
      DepthwiseConv2D: "depthwise_conv2d",
      MaxPooling2D: "max_pooling2d",
      GlobalAveragePooling1D: "global_average_pooling1d",
      UpSampling2D: "up_sampling2d",
      SimpleRNN: "simple_rnn",
      LSTM: "lstm",
      GRU: "gru",
      MultiHeadAttention: "multi_head_attention",
      BatchNormalization: "batch_normalization",
    };
    const found = Object.fromEntries(Object.keys(cases).map((name) => [name, snakeCase(name)]));
    expect(found).toEqual(cases);
  });

  it("number repeated layers of one type from 1", () => {
    const first = conv2d({ filters: 1, kernelSize: 1 }).name;
    const second = conv2d({ filters: 1, kernelSize: 1 }).name;
    expect(first).toMatch(/^conv2d(_\d+)?$/);
    const index = (name: string) => Number(name.split("_")[1] ?? 0);
    expect(index(second)).toBe(index(first) + 1);
    expect(maxPooling2d({ poolSize: 2 }).name).toMatch(/^max_pooling2d(_\d+)?$/);
    expect(lstm({ units: 2 }).name).toMatch(/^lstm(_\d+)?$/);
    expect(dense({ units: 1 }).name).toMatch(/^dense(_\d+)?$/);
  });
});
