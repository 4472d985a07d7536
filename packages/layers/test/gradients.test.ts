/**
 * Gradient checks of every layer, in float64, against central finite
 * differences: with respect to the input (checkGradients) and to each
 * trainable weight, in training and inference mode where they differ. Noise
 * layers restart their generator from a fixed seed before each evaluation,
 * so the mask is the same within one check.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  activation,
  add,
  batchNormalization,
  concatenate,
  dense,
  dropout,
  flatten,
  gaussianDropout,
  gaussianNoise,
  type Layer,
  layerNormalization,
  reshape,
} from "../src/index.js";
import { checkGradients } from "@myelin/tensor-core";
import { randomValues } from "@myelin/test-utils";
import { checkLayerGradients } from "./helpers.js";

const RUNS = 6;
const batch = fc.integer({ min: 1, max: 4 });
const features = fc.integer({ min: 1, max: 4 });
const seed = fc.integer({ min: 0, max: 100_000 });

function property(
  make: (features: number) => Layer,
  modes: readonly boolean[],
  minBatch = 1,
): () => void {
  return () =>
    fc.assert(
      fc.property(fc.integer({ min: minBatch, max: 4 }), features, seed, (n, f, s) => {
        for (const training of modes) {
          const layer = make(f);
          checkLayerGradients(layer, randomValues([n, f], s), { training, seed: s });
        }
      }),
      { numRuns: RUNS },
    );
}

describe("layer gradients", () => {
  it(
    "dense (tanh, with bias and an l2 kernel penalty left out of the output)",
    property(
      (f) =>
        dense({
          units: 3,
          activation: "tanh",
          dtype: "float64",
          kernelRegularizer: "l2",
          name: `d${f}`,
        }),
      [false],
    ),
  );

  it(
    "dense without bias, linear",
    property(() => dense({ units: 2, useBias: false, dtype: "float64" }), [false]),
  );

  it(
    "batchNormalization in training (batch statistics) and inference (moving averages)",
    property(
      () =>
        batchNormalization({
          dtype: "float64",
          gammaInitializer: {
            className: "randomUniform",
            config: { minval: 0.5, maxval: 1.5, seed: 4 },
          },
          betaInitializer: { className: "randomNormal", config: { seed: 5 } },
        }),
      [true, false],
      2,
    ),
  );

  it(
    "layerNormalization",
    property(
      () =>
        layerNormalization({
          dtype: "float64",
          gammaInitializer: {
            className: "randomUniform",
            config: { minval: 0.5, maxval: 1.5, seed: 2 },
          },
        }),
      [false],
      1,
    ),
  );

  it(
    "dropout in training, with a fixed mask, and at inference",
    property(() => dropout({ rate: 0.4, dtype: "float64" }), [true, false]),
  );

  it("gaussian noise layers in training", () => {
    fc.assert(
      fc.property(batch, features, seed, (n, f, s) => {
        checkLayerGradients(
          gaussianNoise({ stddev: 0.3, dtype: "float64" }),
          randomValues([n, f], s),
          { training: true, seed: s },
        );
        checkLayerGradients(
          gaussianDropout({ rate: 0.3, dtype: "float64" }),
          randomValues([n, f], s),
          { training: true, seed: s },
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("activation, flatten and reshape", () => {
    fc.assert(
      fc.property(batch, features, seed, (n, f, s) => {
        checkLayerGradients(
          activation({ activation: "sigmoid", dtype: "float64" }),
          randomValues([n, f], s),
          { training: false },
        );
        checkLayerGradients(flatten({ dtype: "float64" }), randomValues([n, f, 2], s), {
          training: false,
        });
        checkLayerGradients(
          reshape({ targetShape: [2, f], dtype: "float64" }),
          randomValues([n, 2 * f], s),
          { training: false },
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("concatenate and add, with respect to each input", () => {
    fc.assert(
      fc.property(batch, features, seed, (n, f, s) => {
        for (const layer of [concatenate({ dtype: "float64" }), add({ dtype: "float64" })]) {
          const report = checkGradients(
            (a, b) => layer.apply([a, b]),
            [randomValues([n, f], s), randomValues([n, f], s + 1)],
          );
          if (!report.ok) {
            throw new Error(`${layer.label}: ${JSON.stringify(report.mismatches.slice(0, 2))}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
