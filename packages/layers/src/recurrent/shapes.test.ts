import { full, ShapeError, tensor, zeros } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { dense } from "../layers/dense.js";
import { bidirectional, embedding, gru, lstm, simpleRNN, timeDistributed } from "./index.js";

// Real case C13 (keras-team/keras#8934): an LSTM(2) with every kernel entry 0.1 and zero bias on
// x = [1,  2,  3]; the expected values come from a float64 loop of the cell.
const c13 = {
  expected: {
    returnSequences_false: { shape: [1, 2], values: [[0.14584473753603258, 0.14584473753603258]] },
    returnSequences_true: {
      shape: [1, 3, 2],
      values: [
        [
          [0.02744377273738812, 0.02744377273738812],
          [0.07695660298568485, 0.07695660298568485],
          [0.14584473753603258, 0.14584473753603258],
        ],
      ],
    },
    returnState: {
      h: [[0.14584473753603258, 0.14584473753603258]],
      c: [[0.2578024692821334, 0.2578024692821334]],
    },
    shape_only_case: { returnSequences_false: [1, 10], returnSequences_true: [1, 229, 10] },
  },
};

const X = tensor([[[1], [2], [3]]], [1, 3, 1], "float64");
const TOLERANCE = { rtol: 1e-5, atol: 1e-6 };

/** The case's LSTM: kernel and recurrent kernel all 0.1, bias 0. */
function caseLstm(options: { returnSequences?: boolean; returnState?: boolean }) {
  const layer = lstm({ units: 2, dtype: "float64", ...options });
  layer.ensureBuilt([null, 3, 1]);
  layer.setWeights([
    full([1, 8], 0.1, "float64"),
    full([2, 8], 0.1, "float64"),
    zeros([8], "float64"),
  ]);
  return layer;
}

function expectValues(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(
      TOLERANCE.atol + TOLERANCE.rtol * Math.abs(e),
    );
  });
}

describe("lstm return shapes and values (real case C13)", () => {
  it("returns the last hidden state [1, 2] by default", () => {
    const y = caseLstm({}).apply(X);
    expect(y.shape).toEqual(c13.expected.returnSequences_false.shape);
    expectValues(y.data(), c13.expected.returnSequences_false.values.flat());
  });

  it("returns every step [1, 3, 2] with returnSequences", () => {
    const y = caseLstm({ returnSequences: true }).apply(X);
    expect(y.shape).toEqual(c13.expected.returnSequences_true.shape);
    expectValues(y.data(), c13.expected.returnSequences_true.values.flat(2));
  });

  it("returns [output, h, c] with returnState, h equal to the last output", () => {
    const [output, h, c] = caseLstm({ returnState: true }).applyWithState(X);
    expectValues(h!.data(), c13.expected.returnState.h.flat());
    expectValues(c!.data(), c13.expected.returnState.c.flat());
    expect(Array.from(output!.data())).toEqual(Array.from(h!.data()));
  });

  it("refuses a plain apply with returnState and says what to call instead", () => {
    expect(() => caseLstm({ returnState: true }).apply(X)).toThrow(
      /returnState: true.*applyWithState/,
    );
  });

  it("gives [1, 10] and [1, 229, 10] for the shape-only case", () => {
    const x = zeros([1, 229, 2]);
    expect(lstm({ units: 10 }).apply(x).shape).toEqual(
      c13.expected.shape_only_case.returnSequences_false,
    );
    expect(lstm({ units: 10, returnSequences: true }).apply(x).shape).toEqual(
      c13.expected.shape_only_case.returnSequences_true,
    );
    expect(lstm({ units: 10 }).computeOutputShape([null, 229, 2])).toEqual([null, 10]);
    expect(lstm({ units: 10, returnSequences: true }).computeOutputShape([null, null, 2])).toEqual([
      null,
      null,
      10,
    ]);
  });

  it("raises on a 2-D input, naming the expected rank 3", () => {
    let error: unknown;
    try {
      lstm({ units: 2, name: "seq" }).apply(zeros([229, 2]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as ShapeError).code).toBe("input_rank_mismatch");
    expect((error as Error).message).toMatchInlineSnapshot(
      `"seq (LSTM): expected a 3-D input [batch, timesteps, features], found [*, 2] (rank 2). Add a time axis: a single step per sample is [batch, 1, features]; a sequence of scalars is [batch, steps, 1]."`,
    );
  });
});

describe("return shapes of the other recurrent variants", () => {
  it("gru and simpleRNN: [batch, units] or [batch, steps, units], and their states", () => {
    const x = zeros([3, 5, 2]);
    for (const make of [gru, simpleRNN]) {
      expect(make({ units: 4 }).apply(x).shape).toEqual([3, 4]);
      expect(make({ units: 4, returnSequences: true }).apply(x).shape).toEqual([3, 5, 4]);
      const [y, h, ...rest] = make({
        units: 4,
        returnSequences: true,
        returnState: true,
      }).applyWithState(x);
      expect([y!.shape, h!.shape, rest.length]).toEqual([[3, 5, 4], [3, 4], 0]);
    }
    expect(lstm({ units: 4, returnState: true }).computeOutputShapes([null, 5, 2])).toEqual([
      [null, 4],
      [null, 4],
      [null, 4],
    ]);
  });

  it("goBackwards reads the sequence in reverse: its last output equals the forward layer's on the reversed input", () => {
    const forward = simpleRNN({ units: 3, dtype: "float64" });
    const backward = simpleRNN({ units: 3, dtype: "float64", goBackwards: true });
    const x = tensor(
      [
        [
          [1, 0],
          [0, 2],
          [3, 1],
        ],
      ],
      [1, 3, 2],
      "float64",
    );
    const reversed = tensor(
      [
        [
          [3, 1],
          [0, 2],
          [1, 0],
        ],
      ],
      [1, 3, 2],
      "float64",
    );
    forward.apply(x);
    backward.apply(x);
    backward.setWeights(forward.getWeights());
    expect(Array.from(backward.apply(x).data())).toEqual(
      Array.from(forward.apply(reversed).data()),
    );
  });

  it("bidirectional: concat doubles the units, the other merges keep them", () => {
    const x = zeros([2, 4, 3]);
    expect(bidirectional({ layer: lstm({ units: 5 }) }).apply(x).shape).toEqual([2, 10]);
    expect(
      bidirectional({ layer: gru({ units: 5, returnSequences: true }), mergeMode: "sum" }).apply(x)
        .shape,
    ).toEqual([2, 4, 5]);
    const [y, ...states] = bidirectional({
      layer: lstm({ units: 2, returnState: true }),
    }).applyWithState(x);
    expect([y!.shape, states.length]).toEqual([[2, 4], 4]);
  });

  it("timeDistributed applies the layer to every step", () => {
    const layer = timeDistributed({ layer: dense({ units: 6 }) });
    expect(layer.apply(zeros([2, 4, 3])).shape).toEqual([2, 4, 6]);
    expect(layer.computeOutputShape([null, null, 3])).toEqual([null, null, 6]);
    expect(layer.countParams()).toBe(3 * 6 + 6);
  });

  it("embedding adds an axis of outputDim", () => {
    expect(embedding({ inputDim: 10, outputDim: 4 }).apply(tensor([[1, 2, 3]])).shape).toEqual([
      1, 3, 4,
    ]);
    expect(embedding({ inputDim: 10, outputDim: 4 }).computeOutputShape([null, 7])).toEqual([
      null,
      7,
      4,
    ]);
  });

  it("checks initialState shapes", () => {
    const layer = lstm({ units: 2, name: "s" });
    expect(() => layer.apply(zeros([1, 3, 1]), { initialState: [zeros([1, 2])] })).toThrow(
      /initialState holds \[1, 2\], but the layer needs 2 state\(s\) of \[1, 2\]/,
    );
  });
});
