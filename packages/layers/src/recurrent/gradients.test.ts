/**
 * Gradient checks of the recurrent layers against central finite
 * differences in float64, with respect to inputs and weights, over small
 * random shapes and options.
 */
import fc from "fast-check";
import { mul, sum, type Tensor, tensor, valueAndGrad } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import type { Layer } from "../layer.js";
import { dense } from "../layers/dense.js";
import {
  checkLayerGradients,
  describeReport,
  randomTensor,
} from "../convolutional/test-helpers.js";
import {
  bidirectional,
  embedding,
  gru,
  lstm,
  masking,
  simpleRNN,
  timeDistributed,
} from "./index.js";

const dtype = "float64" as const;

const shapes = fc.record({
  batch: fc.integer({ min: 1, max: 2 }),
  steps: fc.integer({ min: 1, max: 3 }),
  features: fc.integer({ min: 1, max: 2 }),
  units: fc.integer({ min: 1, max: 2 }),
  returnSequences: fc.boolean(),
  goBackwards: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function expectGradients(layer: Layer, x: ReturnType<typeof randomTensor>): void {
  const report = checkLayerGradients(layer, [x]);
  expect(report.ok, describeReport(report)).toBe(true);
}

describe("recurrent gradients", () => {
  for (const [name, make] of [
    ["simpleRNN", simpleRNN],
    ["lstm", lstm],
    ["gru (resetAfter)", gru],
    [
      "gru (resetAfter false)",
      (args: Parameters<typeof gru>[0]) => gru({ ...args, resetAfter: false }),
    ],
  ] as const) {
    it(`${name}, with respect to the input, kernel, recurrent kernel and bias`, () => {
      fc.assert(
        fc.property(shapes, (s) => {
          const layer = make({
            units: s.units,
            returnSequences: s.returnSequences,
            goBackwards: s.goBackwards,
            biasInitializer: "ones",
            dtype,
          });
          expectGradients(layer, randomTensor([s.batch, s.steps, s.features], s.seed, dtype));
        }),
        { numRuns: 5 },
      );
    });
  }

  it("lstm with a mask (masked steps pass the state and its gradient through)", () => {
    const layer = lstm({ units: 2, returnSequences: true, dtype });
    const x = randomTensor([2, 4, 2], 3, dtype);
    const mask = tensor([
      [true, false, true, true],
      [true, true, false, false],
    ]);
    // Through the call option: the finite differences pass fresh tensors, without an attached mask.
    const report = checkLayerGradients(layer, [x], { mask });
    expect(report.ok, describeReport(report)).toBe(true);
  });

  it("bidirectional, each merge mode", () => {
    for (const [i, mergeMode] of (["concat", "sum", "mul", "ave"] as const).entries()) {
      const layer = bidirectional({
        layer: gru({ units: 2, returnSequences: i % 2 === 0, dtype }),
        mergeMode,
        dtype,
      });
      expectGradients(layer, randomTensor([2, 3, 2], 10 + i, dtype));
    }
  });

  it("timeDistributed", () => {
    expectGradients(
      timeDistributed({ layer: dense({ units: 2, activation: "tanh", dtype }), dtype }),
      randomTensor([2, 3, 2], 20, dtype),
    );
  });

  it("masking: the identity at real steps, zero at masked ones", () => {
    // The mask is a step function of x, so finite differences at a masked step
    // (exactly maskValue) see it unmasked; the gradient is checked directly.
    const x = tensor(
      [
        [
          [1, 2],
          [0, 0],
          [0.5, -1],
        ],
      ],
      [1, 3, 2],
      dtype,
    );
    const [, [dx]] = valueAndGrad((input: Tensor) => sum(mul(masking({ dtype }).apply(input), 3)))(
      x,
    );
    expect(Array.from(dx!.data())).toEqual([3, 3, 0, 0, 3, 3]);
    const real = tensor(
      [
        [
          [1, 2],
          [0.5, -1],
        ],
      ],
      [1, 2, 2],
      dtype,
    );
    expectGradients(masking({ dtype }), real);
  });

  it("embedding, with respect to its table", () => {
    const layer = embedding({ inputDim: 5, outputDim: 3, dtype });
    const report = checkLayerGradients(
      layer,
      [
        tensor([
          [1, 4, 1],
          [0, 2, 4],
        ]),
      ],
      { fixedInputs: true },
    );
    expect(report.ok, describeReport(report)).toBe(true);
  });
});
