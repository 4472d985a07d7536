import { tensor, zeros } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { activation, add, concatenate, flatten, reshape } from "../src/index.js";
import { expectClose } from "@myelin/test-utils";

describe("flatten", () => {
  it("collapses every axis after the batch axis, keeping the row-major order", () => {
    const layer = flatten();
    const y = layer.apply(
      tensor([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ]),
    );
    expect(y.shape).toEqual([2, 4]);
    expect(Array.from(y.data())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(layer.computeOutputShape([null, 3, 4, 5])).toEqual([null, 60]);
    expect(flatten().apply(zeros([0, 3, 2])).shape).toEqual([0, 6]);
  });
});

describe("reshape", () => {
  it("gives each sample the target shape, inferring one -1", () => {
    const layer = reshape({ targetShape: [2, -1] });
    expect(layer.computeOutputShape([null, 6])).toEqual([null, 2, 3]);
    expect(layer.apply(zeros([4, 6])).shape).toEqual([4, 2, 3]);
  });

  it("names the layer when the sizes cannot match", () => {
    const layer = reshape({ targetShape: [4], name: "r" });
    expect(() => layer.apply(zeros([1, 6]))).toThrow(
      /r \(Reshape\): cannot reshape samples of \[6\] \(6 values\) to \[4\]/,
    );
    expect(() => reshape({ targetShape: [-1, -1] })).toThrow(/not a valid shape/);
  });
});

describe("activation", () => {
  it("applies the named function and serializes it", () => {
    const layer = activation({ activation: "relu" });
    expect(Array.from(layer.apply(tensor([-1, 0, 2])).data())).toEqual([0, 0, 2]);
    expect(layer.getConfig().activation).toMatchObject({ className: "relu" });
    const soft = activation({ activation: "softmax" })
      .apply(tensor([[0, Math.log(3)]]))
      .data();
    expectClose(soft, [0.25, 0.75], 1e-6);
  });
});

describe("merge layers", () => {
  it("concatenate joins along the last axis and reports the joined shape", () => {
    const layer = concatenate();
    const y = layer.apply([tensor([[1, 2]]), tensor([[3]])]);
    expect(Array.from(y.data())).toEqual([1, 2, 3]);
    expect(
      layer.computeOutputShape([
        [null, 2],
        [null, 3],
      ]),
    ).toEqual([null, 5]);
    expect(() =>
      layer.computeOutputShape([
        [null, 2, 1],
        [null, 3],
      ]),
    ).toThrow(/cannot join/);
  });

  it("add sums inputs of one shape and rejects others", () => {
    const layer = add();
    expect(Array.from(layer.apply([tensor([[1, 2]]), tensor([[3, 4]])]).data())).toEqual([4, 6]);
    expect(() =>
      add().computeOutputShape([
        [null, 2],
        [null, 3],
      ]),
    ).toThrow(/differ/);
  });
});
