import type { Pool2DAttrs } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectClose,
  host,
  randomTensor,
  Rng,
  run,
  seedArb,
  useBackend,
} from "../../test/harness.js";
import { pool2d, pool2dBackprop } from "../../test/naive.js";

interface PoolCase {
  xShape: number[];
  yShape: number[];
  attrs: Pool2DAttrs;
  seed: number;
}

const poolArb: fc.Arbitrary<PoolCase> = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 8 }),
    w: fc.integer({ min: 1, max: 8 }),
    c: fc.integer({ min: 1, max: 9 }),
    poolSize: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    pads: fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1), fc.nat(1)),
    mode: fc.constantFrom("max" as const, "avg" as const),
    seed: seedArb,
  })
  .map((c) => {
    const oh = Math.floor((c.h + c.pads[0] + c.pads[1] - c.poolSize[0]) / c.strides[0]) + 1;
    const ow = Math.floor((c.w + c.pads[2] + c.pads[3] - c.poolSize[1]) / c.strides[1]) + 1;
    return {
      xShape: [c.batch, c.h, c.w, c.c],
      yShape: [c.batch, oh, ow, c.c],
      attrs: { mode: c.mode, poolSize: c.poolSize, strides: c.strides, pads: c.pads },
      seed: c.seed,
    };
  })
  .filter((c) => c.yShape[1]! > 0 && c.yShape[2]! > 0);

describe("Pool2D", () => {
  const backend = useBackend();

  it("takes the max or mean of each window, ignoring padded cells", () => {
    fc.assert(
      fc.property(poolArb, ({ xShape, yShape, attrs, seed }) => {
        const x = randomTensor(new Rng(seed), xShape);
        const [y] = run(backend(), "Pool2D", [x], [{ shape: yShape, dtype: "float32" }], attrs);
        expectClose(`${attrs.mode} pool [${xShape}]`, y!, pool2d(x.values, xShape, attrs, yShape));
      }),
      { numRuns: 80 },
    );
  });

  it("lets NaN win a max", () => {
    const x = host([1, 2, 2, 1], "float32", [1, NaN, 3, 2]);
    const attrs: Pool2DAttrs = {
      mode: "max",
      poolSize: [2, 2],
      strides: [2, 2],
      pads: [0, 0, 0, 0],
    };
    const [y] = run(backend(), "Pool2D", [x], [{ shape: [1, 1, 1, 1], dtype: "float32" }], attrs);
    expect(Array.from(y!)).toEqual([NaN]);
  });
});

describe("Pool2DBackprop", () => {
  const backend = useBackend();

  it("routes max gradients to the first arg-max and spreads mean gradients", () => {
    fc.assert(
      fc.property(poolArb, ({ xShape, yShape, attrs, seed }) => {
        const rng = new Rng(seed);
        const x = randomTensor(rng, xShape);
        const dy = randomTensor(rng, yShape);
        const [dx] = run(
          backend(),
          "Pool2DBackprop",
          [x, dy],
          [{ shape: xShape, dtype: "float32" }],
          attrs,
        );
        const expected = pool2dBackprop(x.values, xShape, dy.values, yShape, attrs);
        expectClose(`${attrs.mode} pool backprop [${xShape}]`, dx!, expected);
      }),
      { numRuns: 80 },
    );
  });

  it("sends a tied max's gradient to the first cell of the window", () => {
    const x = host([1, 2, 2, 1], "float32", [5, 5, 5, 5]);
    const dy = host([1, 1, 1, 1], "float32", [2]);
    const attrs: Pool2DAttrs = {
      mode: "max",
      poolSize: [2, 2],
      strides: [2, 2],
      pads: [0, 0, 0, 0],
    };
    const [dx] = run(
      backend(),
      "Pool2DBackprop",
      [x, dy],
      [{ shape: [1, 2, 2, 1], dtype: "float32" }],
      attrs,
    );
    expect(Array.from(dx!)).toEqual([2, 0, 0, 0]);
  });

  it("picks the same cells with vector lanes as one channel at a time", () => {
    // One 2 x 2 window, five channels (four SIMD lanes and one scalar), cells in row-major order.
    const cells = [
      [5, 5, 5, 5], // a tie: the first cell
      [1, 2, NaN, 3], // the first NaN wins
      [7, NaN, 9, NaN], // the first of two NaNs
      [-Infinity, -Infinity, -Infinity, 0], // the largest, last
      [NaN, 4, NaN, 8], // a NaN in the first cell keeps it
    ];
    const values = [0, 1, 2, 3].flatMap((cell) => cells.map((channel) => channel[cell]!));
    const x = host([1, 2, 2, 5], "float32", values);
    const dy = host([1, 1, 1, 5], "float32", [10, 20, 30, 40, 50]);
    const attrs: Pool2DAttrs = {
      mode: "max",
      poolSize: [2, 2],
      strides: [2, 2],
      pads: [0, 0, 0, 0],
    };
    const [dx] = run(
      backend(),
      "Pool2DBackprop",
      [x, dy],
      [{ shape: [1, 2, 2, 5], dtype: "float32" }],
      attrs,
    );
    const winners = [0, 2, 1, 3, 0];
    const expected = [0, 1, 2, 3].flatMap((cell) =>
      winners.map((winner, channel) => (winner === cell ? (channel + 1) * 10 : 0)),
    );
    expect(Array.from(dx!)).toEqual(expected);
  });
});
