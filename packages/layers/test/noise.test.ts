import { Generator, ones, tensor } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { dropout, gaussianDropout, gaussianNoise } from "../src/index.js";

const x = ones([1, 10000]);

function stats(values: ArrayLike<number>): { mean: number; zeros: number; std: number } {
  let sum = 0;
  let zeros = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    squares += values[i]! ** 2;
    zeros += values[i] === 0 ? 1 : 0;
  }
  const mean = sum / values.length;
  return {
    mean,
    zeros: zeros / values.length,
    std: Math.sqrt(squares / values.length - mean * mean),
  };
}

describe("dropout", () => {
  it("is the identity at inference, on every call", () => {
    const layer = dropout({ rate: 0.5 });
    const first = layer.apply(x).data();
    const second = layer.apply(x, { training: false }).data();
    expect(first.every((v) => v === 1)).toBe(true);
    expect(second).toEqual(first);
  });

  it("in training keeps 1 - rate of the inputs, scaled by 1 / (1 - rate)", () => {
    const values = dropout({ rate: 0.5 }).apply(x, { training: true }).data();
    expect(new Set(values)).toEqual(new Set([0, 2]));
    const { mean, zeros } = stats(values);
    expect(zeros).toBeGreaterThan(0.47);
    expect(zeros).toBeLessThan(0.53);
    expect(mean).toBeGreaterThan(0.94);
    expect(mean).toBeLessThan(1.06);
  });

  it("with rate 0 is an exact no-op that draws no random numbers", () => {
    const layer = dropout({ rate: 0 });
    const generator = new Generator(5);
    layer.generator = generator;
    const before = generator.getState();
    expect(layer.apply(x, { training: true })).toBe(x);
    expect(generator.getState()).toEqual(before);
  });

  it("rejects a rate outside [0, 1), and NaN", () => {
    for (const rate of [1, -0.1, 1.5, NaN]) {
      expect(() => dropout({ rate })).toThrow(/dropout: rate is .*, but it must be in \[0, 1\)/);
    }
  });

  it("repeats the same mask from the same seed", () => {
    const a = dropout({ rate: 0.3, seed: 11 }).apply(x, { training: true }).data();
    const b = dropout({ rate: 0.3, seed: 11 }).apply(x, { training: true }).data();
    expect(a).toEqual(b);
    expect(dropout({ rate: 0.3, seed: 11 }).getConfig()).toMatchObject({ rate: 0.3, seed: 11 });
  });
});

describe("gaussianNoise", () => {
  it("adds zero-mean noise of the given stddev in training only", () => {
    const layer = gaussianNoise({ stddev: 0.5 });
    expect(
      layer
        .apply(x)
        .data()
        .every((v) => v === 1),
    ).toBe(true);
    const { mean, std } = stats(layer.apply(x, { training: true }).data());
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.02);
  });

  it("with stddev 0 returns its input and rejects a negative stddev", () => {
    expect(gaussianNoise({ stddev: 0 }).apply(x, { training: true })).toBe(x);
    expect(() => gaussianNoise({ stddev: -1 })).toThrow(/stddev is -1/);
  });
});

describe("gaussianDropout", () => {
  it("multiplies by noise of mean 1 and stddev sqrt(rate / (1 - rate)) in training only", () => {
    const layer = gaussianDropout({ rate: 0.2 });
    expect(
      layer
        .apply(x)
        .data()
        .every((v) => v === 1),
    ).toBe(true);
    const { mean, std } = stats(layer.apply(x, { training: true }).data());
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.02);
  });

  it("with rate 0 is a no-op and rejects rate 1", () => {
    expect(gaussianDropout({ rate: 0 }).apply(x, { training: true })).toBe(x);
    expect(() => gaussianDropout({ rate: 1 })).toThrow(/rate is 1/);
    expect(tensor([1]).size).toBe(1);
  });
});
