import type { Conv2DAttrs } from "@myelin/backend";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  chunkRows,
  col2im,
  columnScratch,
  type ConvGeometry,
  convGeometry,
  im2col,
  isPointwise,
  prefersDirect,
  type WindowOrigin,
  windowOrigin,
} from "./conv.js";

interface Case {
  xShape: number[];
  filterShape: number[];
  yShape: number[];
  attrs: Conv2DAttrs;
}

/** Output extent of one spatial axis, as the tensor core computes it. */
function outExtent(size: number, k: number, stride: number, dilation: number, pad: number): number {
  return Math.floor((size + pad - dilation * (k - 1) - 1) / stride) + 1;
}

/** Random small convolutions with every output extent at least 1. */
const cases: fc.Arbitrary<Case> = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    inH: fc.integer({ min: 1, max: 6 }),
    inW: fc.integer({ min: 1, max: 6 }),
    kH: fc.integer({ min: 1, max: 3 }),
    kW: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 3 }),
    groupInC: fc.integer({ min: 1, max: 3 }),
    groupOutC: fc.integer({ min: 1, max: 2 }),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    dilations: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    pads: fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
    ),
  })
  .map((c) => {
    const outH = outExtent(c.inH, c.kH, c.strides[0], c.dilations[0], c.pads[0] + c.pads[1]);
    const outW = outExtent(c.inW, c.kW, c.strides[1], c.dilations[1], c.pads[2] + c.pads[3]);
    const inC = c.groups * c.groupInC;
    const outC = c.groups * c.groupOutC;
    return {
      xShape: [c.batch, c.inH, c.inW, inC],
      filterShape: [c.kH, c.kW, c.groupInC, outC],
      yShape: [c.batch, outH, outW, outC],
      attrs: { strides: c.strides, dilations: c.dilations, pads: c.pads, groups: c.groups },
    };
  })
  .filter((c) => c.yShape[1]! >= 1 && c.yShape[2]! >= 1);

const geometryOf = (c: Case): ConvGeometry =>
  convGeometry(c.xShape, c.filterShape, c.yShape, c.attrs);

/** Deterministic, distinct values: a patch mix-up shows as a wrong number. */
const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i + 1);

/** The patch matrix of one group, written straight from the definition. */
function naivePatches(g: ConvGeometry, x: Float64Array, group: number): number[][] {
  const rows: number[][] = [];
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const row: number[] = [];
        for (let kh = 0; kh < g.kH; kh++) {
          for (let kw = 0; kw < g.kW; kw++) {
            const ih = oh * g.strideH + kh * g.dilationH - g.padTop;
            const iw = ow * g.strideW + kw * g.dilationW - g.padLeft;
            const inside = ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW;
            for (let c = 0; c < g.groupInC; c++) {
              const channel = group * g.groupInC + c;
              const at = ((b * g.inH + ih) * g.inW + iw) * g.inC + channel;
              row.push(inside ? x[at]! : 0);
            }
          }
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

describe("convGeometry", () => {
  it("reads sizes, strides, dilations, top and left padding and groups", () => {
    const g = convGeometry([2, 7, 6, 4], [3, 2, 2, 6], [2, 3, 3, 6], {
      strides: [2, 3],
      dilations: [1, 2],
      pads: [1, 0, 2, 1],
      groups: 2,
    });
    expect(g).toEqual({
      batch: 2,
      inH: 7,
      inW: 6,
      inC: 4,
      outH: 3,
      outW: 3,
      outC: 6,
      kH: 3,
      kW: 2,
      strideH: 2,
      strideW: 3,
      dilationH: 1,
      dilationW: 2,
      padTop: 1,
      padLeft: 2,
      groups: 2,
      groupInC: 2,
      groupOutC: 3,
      pixels: 18,
      patch: 12,
    });
  });
});

describe("windowOrigin", () => {
  it("places every output pixel's window at its stride step, shifted by the padding", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const g = geometryOf(c);
        const origin: WindowOrigin = { batch: -1, row: -1, col: -1 };
        let p = 0;
        for (let b = 0; b < g.batch; b++) {
          for (let oh = 0; oh < g.outH; oh++) {
            for (let ow = 0; ow < g.outW; ow++) {
              windowOrigin(g, p++, origin);
              expect(origin).toEqual({
                batch: b,
                row: oh * g.strideH - g.padTop,
                col: ow * g.strideW - g.padLeft,
              });
            }
          }
        }
      }),
    );
  });
});

describe("isPointwise", () => {
  const attrs: Conv2DAttrs = { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], groups: 1 };

  it("holds for a 1x1, stride-1, unpadded convolution", () => {
    expect(isPointwise(convGeometry([1, 4, 4, 3], [1, 1, 3, 5], [1, 4, 4, 5], attrs))).toBe(true);
  });

  it("fails for a larger filter, a stride or padding", () => {
    const wide = convGeometry([1, 4, 4, 3], [1, 2, 3, 5], [1, 4, 3, 5], attrs);
    const strided = convGeometry([1, 4, 4, 3], [1, 1, 3, 5], [1, 2, 2, 5], {
      ...attrs,
      strides: [2, 2],
    });
    const padded = convGeometry([1, 4, 4, 3], [1, 1, 3, 5], [1, 6, 4, 5], {
      ...attrs,
      pads: [1, 1, 0, 0],
    });
    expect([wide, strided, padded].map(isPointwise)).toEqual([false, false, false]);
  });
});

describe("prefersDirect", () => {
  const attrs = (groups: number): Conv2DAttrs => ({
    strides: [1, 1],
    dilations: [1, 1],
    pads: [0, 0, 0, 0],
    groups,
  });

  it("picks direct loops for thin grouped convolutions only", () => {
    const depthwise = convGeometry([1, 5, 5, 8], [3, 3, 1, 8], [1, 3, 3, 8], attrs(8));
    const thickGroups = convGeometry([1, 5, 5, 16], [3, 3, 8, 16], [1, 3, 3, 16], attrs(2));
    const ungrouped = convGeometry([1, 5, 5, 2], [3, 3, 2, 2], [1, 3, 3, 2], attrs(1));
    expect([depthwise, thickGroups, ungrouped].map(prefersDirect)).toEqual([true, false, false]);
  });
});

describe("chunkRows and columnScratch", () => {
  it("give chunks of at least 4 rows and a scratch that holds them", () => {
    const g = convGeometry([1, 64, 64, 64], [5, 5, 64, 8], [1, 60, 60, 8], {
      strides: [1, 1],
      dilations: [1, 1],
      pads: [0, 0, 0, 0],
      groups: 1,
    });
    const rows = chunkRows(g);
    expect(rows).toBeGreaterThanOrEqual(4);
    expect(rows * g.patch).toBeLessThanOrEqual(Math.max(1 << 17, 4 * g.patch));
    expect(columnScratch(g, rows).length).toBeGreaterThanOrEqual(rows * g.patch);
  });
});

describe("im2col", () => {
  it("writes each group's patch rows as the definition reads them, zeros in the padding", () => {
    fc.assert(
      fc.property(cases, fc.nat(), (c, seed) => {
        const g = geometryOf(c);
        const x = ramp(g.batch * g.inH * g.inW * g.inC);
        const group = seed % g.groups;
        // A chunk that starts and ends inside the pixel range.
        const p0 = seed % g.pixels;
        const p1 = p0 + 1 + ((seed >> 4) % (g.pixels - p0));
        const cols = new Float64Array((p1 - p0) * g.patch).fill(NaN);
        im2col(g, x, group, p0, p1, cols);
        const expected = naivePatches(g, x, group).slice(p0, p1).flat();
        expect(Array.from(cols)).toEqual(expected);
      }),
    );
  });
});

describe("col2im", () => {
  it("is the adjoint of im2col: <im2col(x), c> equals <x, col2im(c)>", () => {
    fc.assert(
      fc.property(cases, fc.nat(), (c, seed) => {
        const g = geometryOf(c);
        const group = seed % g.groups;
        const x = ramp(g.batch * g.inH * g.inW * g.inC).map((v) => Math.sin(v));
        const cols = ramp(g.pixels * g.patch).map((v) => Math.cos(v * 0.7));
        const patches = new Float64Array(g.pixels * g.patch);
        im2col(g, x, group, 0, g.pixels, patches);
        const dx = new Float64Array(x.length);
        col2im(g, cols, group, 0, g.pixels, dx);
        const left = patches.reduce((sum, v, i) => sum + v * cols[i]!, 0);
        const right = x.reduce((sum, v, i) => sum + v * dx[i]!, 0);
        expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(left)));
      }),
    );
  });

  it("adds onto dx rather than overwriting it", () => {
    const g = convGeometry([1, 2, 2, 1], [2, 2, 1, 1], [1, 1, 1, 1], {
      strides: [1, 1],
      dilations: [1, 1],
      pads: [0, 0, 0, 0],
      groups: 1,
    });
    const dx = new Float64Array([10, 20, 30, 40]);
    col2im(g, new Float64Array([1, 2, 3, 4]), 0, 0, 1, dx);
    expect(Array.from(dx)).toEqual([11, 22, 33, 44]);
  });
});
