/**
 * The recurrent layers against TensorFlow.js 4.22 (CPU backend): the same
 * float32 weights and inputs give outputs within 1e-5. TF.js's GRU has no
 * resetAfter, so the GRU comparison uses resetAfter: false (resetAfter: true
 * is checked against a hand-written loop in cells.test.ts).
 */
import { tensor } from "@myelin/tensor-core";
import { beforeAll, describe, expect, it } from "vitest";
import { dense } from "../layers/dense.js";
import {
  compareOn,
  compareWithTfjs as compare,
  expectClose,
  loadTfjs,
  randomTensor,
  type Tfjs,
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

let tf: Tfjs;

beforeAll(async () => {
  tf = await loadTfjs();
});

const SHAPE = [3, 5, 4];

describe("recurrent layers match TensorFlow.js", () => {
  it("simpleRNN: last output, sequences, backwards, relu", () => {
    compare(simpleRNN({ units: 3 }), tf.layers.simpleRNN({ units: 3 }), SHAPE, 1);
    compare(
      simpleRNN({ units: 3, returnSequences: true, goBackwards: true }),
      tf.layers.simpleRNN({ units: 3, returnSequences: true, goBackwards: true }),
      SHAPE,
      2,
    );
    compare(
      simpleRNN({ units: 2, activation: "relu", useBias: false }),
      tf.layers.simpleRNN({ units: 2, activation: "relu", useBias: false }),
      SHAPE,
      3,
    );
  });

  it("lstm: gate order i, f, c, o, with sequences and backwards", () => {
    const options = { recurrentActivation: "sigmoid" } as const;
    compare(lstm({ units: 3 }), tf.layers.lstm({ units: 3, ...options }), SHAPE, 4);
    compare(
      lstm({ units: 4, returnSequences: true }),
      tf.layers.lstm({ units: 4, returnSequences: true, ...options }),
      SHAPE,
      5,
    );
    compare(
      lstm({ units: 2, goBackwards: true, returnSequences: true }),
      tf.layers.lstm({ units: 2, goBackwards: true, returnSequences: true, ...options }),
      SHAPE,
      6,
    );
    // Not hardSigmoid: @myelin/activations follows Keras 3's definition, TF.js Keras 2's.
    compare(
      lstm({ units: 2, activation: "relu", recurrentActivation: "tanh" }),
      tf.layers.lstm({ units: 2, activation: "relu", recurrentActivation: "tanh" }),
      SHAPE,
      7,
    );
  });

  it("gru (resetAfter false): gate order z, r, h", () => {
    const options = { recurrentActivation: "sigmoid" } as const;
    compare(
      gru({ units: 3, resetAfter: false }),
      tf.layers.gru({ units: 3, ...options }),
      SHAPE,
      8,
    );
    compare(
      gru({ units: 2, resetAfter: false, returnSequences: true, goBackwards: true }),
      tf.layers.gru({ units: 2, returnSequences: true, goBackwards: true, ...options }),
      SHAPE,
      9,
    );
  });

  it("bidirectional with each merge mode", () => {
    for (const [i, mergeMode] of (["concat", "sum", "mul", "ave"] as const).entries()) {
      compare(
        bidirectional({ layer: lstm({ units: 3, returnSequences: true }), mergeMode }),
        tf.layers.bidirectional({
          layer: tf.layers.lstm({
            units: 3,
            returnSequences: true,
            recurrentActivation: "sigmoid",
          }) as never,
          mergeMode,
        }),
        SHAPE,
        10 + i,
      );
    }
    compare(
      bidirectional({ layer: gru({ units: 2, resetAfter: false }) }),
      tf.layers.bidirectional({
        layer: tf.layers.gru({ units: 2, recurrentActivation: "sigmoid" }) as never,
      }),
      SHAPE,
      14,
    );
  });

  it("timeDistributed over a dense layer", () => {
    compare(
      timeDistributed({ layer: dense({ units: 3, activation: "tanh" }) }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3, activation: "tanh" }) }),
      SHAPE,
      15,
    );
  });

  it("embedding", () => {
    const indices = [
      [1, 4, 0, 9],
      [3, 3, 2, 8],
    ];
    compareOn(
      embedding({ inputDim: 10, outputDim: 3 }),
      tf.layers.embedding({ inputDim: 10, outputDim: 3 }),
      tensor(indices),
      tf.tensor(indices),
      16,
    );
  });
});

describe("masking matches TensorFlow.js", () => {
  /** Runs a Myelin stack and a TF.js sequential model with the same weights. */
  function compareStacks(
    mine: { apply(x: never): unknown; getWeights(): unknown[] }[],
    theirs: ReturnType<Tfjs["sequential"]>,
    x: number[][] | number[][][],
    seed: number,
  ): void {
    const input = tensor(x as never);
    const run = () =>
      mine.reduce<unknown>((h, layer) => layer.apply(h as never), input) as ReturnType<
        typeof tensor
      >;
    run();
    theirs.predict(tf.tensor(x as never));
    const weights = mine
      .flatMap((layer) => layer.getWeights() as ReturnType<typeof tensor>[])
      .map((w, i) => randomTensor(w.shape, seed + i, "float32", -0.5, 0.5));
    let offset = 0;
    for (const layer of mine) {
      const count = layer.getWeights().length;
      (layer as unknown as { setWeights(w: unknown[]): void }).setWeights(
        weights.slice(offset, offset + count),
      );
      offset += count;
    }
    theirs.setWeights(weights.map((w) => tf.tensor(w.data() as Float32Array, [...w.shape])));
    const y = run();
    const ty = theirs.predict(tf.tensor(x as never)) as ReturnType<Tfjs["tensor"]>;
    expect(y.shape).toEqual(ty.shape);
    expectClose(y.data(), ty.dataSync(), 1e-5, 0, "masked stack");
  }

  const padded = [
    [3, 1, 0, 0, 0],
    [2, 5, 7, 4, 0],
    [0, 0, 6, 1, 1],
  ];

  it("embedding with maskZero before lstm, gru and simpleRNN: masked steps carry the state", () => {
    for (const [i, returnSequences] of [false, true].entries()) {
      compareStacks(
        [
          embedding({ inputDim: 8, outputDim: 3, maskZero: true }),
          lstm({ units: 4, returnSequences }),
        ],
        tf.sequential({
          layers: [
            tf.layers.embedding({ inputDim: 8, outputDim: 3, maskZero: true, inputLength: 5 }),
            tf.layers.lstm({ units: 4, returnSequences, recurrentActivation: "sigmoid" }),
          ],
        }),
        padded,
        20 + i,
      );
    }
    compareStacks(
      [
        embedding({ inputDim: 8, outputDim: 3, maskZero: true }),
        gru({ units: 3, resetAfter: false, goBackwards: true }),
      ],
      tf.sequential({
        layers: [
          tf.layers.embedding({ inputDim: 8, outputDim: 3, maskZero: true, inputLength: 5 }),
          tf.layers.gru({ units: 3, goBackwards: true, recurrentActivation: "sigmoid" }),
        ],
      }),
      padded,
      22,
    );
    compareStacks(
      [
        embedding({ inputDim: 8, outputDim: 3, maskZero: true }),
        simpleRNN({ units: 2, returnSequences: true }),
      ],
      tf.sequential({
        layers: [
          tf.layers.embedding({ inputDim: 8, outputDim: 3, maskZero: true, inputLength: 5 }),
          tf.layers.simpleRNN({ units: 2, returnSequences: true }),
        ],
      }),
      padded,
      23,
    );
  });

  it("a masking layer before a bidirectional lstm", () => {
    const x = [
      [
        [1, 2],
        [0, 0],
        [3, 1],
      ],
      [
        [0.5, 1],
        [2, 2],
        [0, 0],
      ],
    ];
    compareStacks(
      [masking({ maskValue: 0 }), bidirectional({ layer: lstm({ units: 2 }) })],
      tf.sequential({
        layers: [
          tf.layers.masking({ maskValue: 0, inputShape: [3, 2] }),
          tf.layers.bidirectional({
            layer: tf.layers.lstm({ units: 2, recurrentActivation: "sigmoid" }) as never,
          }),
        ],
      }),
      x,
      30,
    );
  });
});
