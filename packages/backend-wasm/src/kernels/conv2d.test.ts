import type { Conv2DAttrs } from "@myelin/backend";
import fc from "fast-check";
import { describe, it } from "vitest";
import { expectClose, randomTensor, Rng, run, seedArb, useBackend } from "../../test/harness.js";
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from "../../test/naive.js";

interface ConvCase {
  xShape: number[];
  filterShape: number[];
  yShape: number[];
  attrs: Conv2DAttrs;
  seed: number;
}

const convArb: fc.Arbitrary<ConvCase> = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 1, max: 7 }),
    w: fc.integer({ min: 1, max: 7 }),
    groups: fc.integer({ min: 1, max: 2 }),
    cg: fc.integer({ min: 1, max: 5 }),
    coutG: fc.integer({ min: 1, max: 6 }),
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    strides: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    dilations: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    pads: fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)),
    pointwise: fc.boolean(),
    seed: seedArb,
  })
  .map((c) => {
    // Half the cases are 1x1, stride 1, unpadded: the single-matmul path.
    const p = c.pointwise;
    const kh = p ? 1 : c.kh;
    const kw = p ? 1 : c.kw;
    const groups = p ? 1 : c.groups;
    const strides: [number, number] = p ? [1, 1] : c.strides;
    const pads: [number, number, number, number] = p ? [0, 0, 0, 0] : c.pads;
    const oh =
      Math.floor((c.h + pads[0] + pads[1] - c.dilations[0] * (kh - 1) - 1) / strides[0]) + 1;
    const ow =
      Math.floor((c.w + pads[2] + pads[3] - c.dilations[1] * (kw - 1) - 1) / strides[1]) + 1;
    const cout = groups * c.coutG;
    return {
      xShape: [c.batch, c.h, c.w, groups * c.cg],
      filterShape: [kh, kw, c.cg, cout],
      yShape: [c.batch, Math.max(oh, 0), Math.max(ow, 0), cout],
      attrs: { strides, dilations: c.dilations, pads, groups },
      seed: c.seed,
    };
  })
  .filter((c) => c.yShape[1]! > 0 && c.yShape[2]! > 0);

/** An image large enough for two im2col chunks, the second starting mid-row. */
const LARGE_CASE: ConvCase = {
  xShape: [2, 64, 66, 16],
  filterShape: [3, 3, 16, 8],
  yShape: [2, 64, 66, 8],
  attrs: { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], groups: 1 },
  seed: 3,
};

describe("Conv2D", () => {
  const backend = useBackend();

  const forward = ({ xShape, filterShape, yShape, attrs, seed }: ConvCase) => {
    const rng = new Rng(seed);
    const x = randomTensor(rng, xShape);
    const filter = randomTensor(rng, filterShape);
    const [y] = run(backend(), "Conv2D", [x, filter], [{ shape: yShape, dtype: "float32" }], attrs);
    const expected = conv2d(x.values, xShape, filter.values, filterShape, attrs, yShape);
    expectClose(`conv2d x [${xShape}] filter [${filterShape}]`, y!, expected, "float32", 1e-5);
  };

  it("matches a direct convolution for strides, dilations, pads and groups", () => {
    fc.assert(fc.property(convArb, forward), { numRuns: 60 });
  });

  it("splits large images into im2col chunks", () => {
    forward(LARGE_CASE);
  });
});

describe("Conv2DBackpropInput", () => {
  const backend = useBackend();

  const backward = ({ xShape, filterShape, yShape, attrs, seed }: ConvCase) => {
    const rng = new Rng(seed);
    const dy = randomTensor(rng, yShape);
    const filter = randomTensor(rng, filterShape);
    const [dx] = run(
      backend(),
      "Conv2DBackpropInput",
      [dy, filter],
      [{ shape: xShape, dtype: "float32" }],
      attrs,
    );
    const { values } = filter;
    const expected = conv2dBackpropInput(dy.values, values, filterShape, attrs, xShape, yShape);
    expectClose(`dx [${xShape}] filter [${filterShape}]`, dx!, expected, "float32", 1e-5);
  };

  it("matches the adjoint of the direct convolution in x", () => {
    fc.assert(fc.property(convArb, backward), { numRuns: 60 });
  });

  it("splits large images into im2col chunks", () => {
    backward(LARGE_CASE);
  });
});

describe("Conv2DBackpropFilter", () => {
  const backend = useBackend();

  const backward = ({ xShape, filterShape, yShape, attrs, seed }: ConvCase) => {
    const rng = new Rng(seed);
    const x = randomTensor(rng, xShape);
    const dy = randomTensor(rng, yShape);
    const out = [{ shape: filterShape, dtype: "float32" as const }];
    const [df] = run(backend(), "Conv2DBackpropFilter", [x, dy], out, attrs);
    const expected = conv2dBackpropFilter(x.values, xShape, dy.values, yShape, attrs, filterShape);
    const label = `dfilter x [${xShape}] filter [${filterShape}]`;
    // A float32 sum over the 8448 pixels of the large case drifts past 1e-5.
    const tolerance = xShape[1]! * xShape[2]! > 1000 ? 1e-4 : 1e-5;
    expectClose(label, df!, expected, "float32", tolerance);
  };

  it("matches the adjoint of the direct convolution in the filter", () => {
    fc.assert(fc.property(convArb, backward), { numRuns: 60 });
  });

  it("splits large images into im2col chunks", () => {
    backward(LARGE_CASE);
  });
});
