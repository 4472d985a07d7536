import type { Conv2DAttrs, DType } from "@myelin/backend";
import fc from "fast-check";
import { it } from "vitest";

import type { SuiteContext } from "../context.js";
import { host, type HostTensor, sizeOf } from "../harness.js";
import { ravel } from "../indexing.js";
import { Rng, seedArb } from "../random.js";

interface ConvCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  yShape: [number, number, number, number];
  attrs: Conv2DAttrs;
  dtype: DType;
  seed: number;
}

/** Builds a case, growing the image if needed so the output has at least one pixel. */
function convCase(c: {
  batch: number;
  inH: number;
  inW: number;
  groups: number;
  groupInC: number;
  groupOutC: number;
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  pads: [number, number, number, number];
  dtype: DType;
  seed: number;
}): ConvCase {
  const [kH, kW] = c.kernel;
  const [top, bottom, left, right] = c.pads;
  const spanH = c.dilations[0] * (kH - 1) + 1;
  const spanW = c.dilations[1] * (kW - 1) + 1;
  const inH = Math.max(c.inH, spanH - top - bottom);
  const inW = Math.max(c.inW, spanW - left - right);
  const outH = Math.floor((inH + top + bottom - spanH) / c.strides[0]) + 1;
  const outW = Math.floor((inW + left + right - spanW) / c.strides[1]) + 1;
  const inC = c.groups * c.groupInC;
  const outC = c.groups * c.groupOutC;
  return {
    xShape: [c.batch, inH, inW, inC],
    filterShape: [kH, kW, c.groupInC, outC],
    yShape: [c.batch, outH, outW, outC],
    attrs: { strides: c.strides, dilations: c.dilations, pads: c.pads, groups: c.groups },
    dtype: c.dtype,
    seed: c.seed,
  };
}

/**
 * Forward output and both gradients by the definition, visiting every
 * (output pixel, output channel, tap, input channel) term once:
 * y[b, oh, ow, co] += x[b, ih, iw, g cin/groups + ci] w[kh, kw, ci, co].
 */
function referenceConv(c: ConvCase, x: HostTensor, w: HostTensor, dy: HostTensor) {
  const [batch, inH, inW, inC] = c.xShape;
  const [kH, kW, groupInC, outC] = c.filterShape;
  const [, outH, outW] = c.yShape;
  const { strides, dilations, pads, groups } = c.attrs;
  const groupOutC = outC / groups;
  const y = new Array<number>(sizeOf(c.yShape)).fill(0);
  const dx = new Array<number>(sizeOf(c.xShape)).fill(0);
  const dw = new Array<number>(sizeOf(c.filterShape)).fill(0);
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        for (let co = 0; co < outC; co++) {
          const g = Math.floor(co / groupOutC);
          const yAt = ravel([b, oh, ow, co], c.yShape);
          for (let kh = 0; kh < kH; kh++) {
            for (let kw = 0; kw < kW; kw++) {
              const ih = oh * strides[0] - pads[0] + kh * dilations[0];
              const iw = ow * strides[1] - pads[2] + kw * dilations[1];
              if (ih < 0 || ih >= inH || iw < 0 || iw >= inW) {
                continue;
              }
              for (let ci = 0; ci < groupInC; ci++) {
                const xAt = ravel([b, ih, iw, g * groupInC + ci], [batch, inH, inW, inC]);
                const wAt = ravel([kh, kw, ci, co], c.filterShape);
                y[yAt] = y[yAt]! + x.values[xAt]! * w.values[wAt]!;
                dx[xAt] = dx[xAt]! + dy.values[yAt]! * w.values[wAt]!;
                dw[wAt] = dw[wAt]! + x.values[xAt]! * dy.values[yAt]!;
              }
            }
          }
        }
      }
    }
  }
  return { y, dx, dw };
}

function checkConv(ctx: SuiteContext, c: ConvCase, kernel: "forward" | "input" | "filter"): void {
  const rng = new Rng(c.seed);
  const x = host(c.xShape, c.dtype, rng.uniforms(sizeOf(c.xShape), -1, 1));
  const w = host(c.filterShape, c.dtype, rng.uniforms(sizeOf(c.filterShape), -1, 1));
  const dy = host(c.yShape, c.dtype, rng.uniforms(sizeOf(c.yShape), -1, 1));
  const expected = referenceConv(c, x, w, dy);
  const label =
    `${kernel} ${c.dtype} x [${c.xShape.join(", ")}] filter [${c.filterShape.join(", ")}] ` +
    `strides [${c.attrs.strides}] dilations [${c.attrs.dilations}] pads [${c.attrs.pads}] ` +
    `groups ${c.attrs.groups}`;
  const dtype = c.dtype;
  if (kernel === "forward") {
    const [y] = ctx.run("Conv2D", [x, w], [{ shape: c.yShape, dtype }], c.attrs);
    ctx.check(label, y!, expected.y, dtype);
  } else if (kernel === "input") {
    const [dx] = ctx.run("Conv2DBackpropInput", [dy, w], [{ shape: c.xShape, dtype }], c.attrs);
    ctx.check(label, dx!, expected.dx, dtype);
  } else {
    const outputs = [{ shape: c.filterShape, dtype }];
    const [dw] = ctx.run("Conv2DBackpropFilter", [x, dy], outputs, c.attrs);
    ctx.check(label, dw!, expected.dw, dtype);
  }
}

const small = (max: number) => fc.integer({ min: 1, max });
const pad = fc.integer({ min: 0, max: 2 });

const convArb = fc
  .record({
    batch: small(2),
    inH: small(7),
    inW: small(7),
    groups: small(3),
    groupInC: small(3),
    groupOutC: small(3),
    kernel: fc.tuple(small(3), small(3)),
    strides: fc.tuple(small(3), small(3)),
    dilations: fc.tuple(small(2), small(2)),
    pads: fc.tuple(pad, pad, pad, pad),
    dtype: fc.constantFrom<DType>("float32", "float64"),
    seed: seedArb,
  })
  .map(convCase);

/** Fixed cases that reach the fast paths random small shapes rarely hit. */
const FIXED: ConvCase[] = [
  // 1x1, stride 1, no padding: a per-pixel product, plain and grouped.
  convCase({
    batch: 2, inH: 5, inW: 4, groups: 1, groupInC: 7, groupOutC: 9, kernel: [1, 1],
    strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], dtype: "float32", seed: 1,
  }),
  convCase({
    batch: 1, inH: 3, inW: 6, groups: 2, groupInC: 5, groupOutC: 8, kernel: [1, 1],
    strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], dtype: "float64", seed: 2,
  }),
  // Depthwise with a channel multiplier of 2, strided.
  convCase({
    batch: 2, inH: 9, inW: 9, groups: 6, groupInC: 1, groupOutC: 2, kernel: [3, 3],
    strides: [2, 2], dilations: [1, 1], pads: [1, 1, 1, 1], dtype: "float32", seed: 3,
  }),
  // Plain depthwise, dilated, with uneven padding.
  convCase({
    batch: 1, inH: 8, inW: 7, groups: 5, groupInC: 1, groupOutC: 1, kernel: [3, 2],
    strides: [1, 2], dilations: [2, 1], pads: [2, 0, 1, 1], dtype: "float64", seed: 5,
  }),
  // Enough channels that the unrolled patches span several chunks.
  convCase({
    batch: 1, inH: 16, inW: 16, groups: 1, groupInC: 64, groupOutC: 8, kernel: [3, 3],
    strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], dtype: "float32", seed: 4,
  }),
];

/** Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter. */
export function describeConvolutions(ctx: SuiteContext): void {
  const kernels = [
    ["Conv2D", "forward"],
    ["Conv2DBackpropInput", "input"],
    ["Conv2DBackpropFilter", "filter"],
  ] as const;
  for (const [id, kernel] of kernels) {
    ctx.kernel(id, () => {
      ctx.property(
        "matches the definition with random strides, pads, dilations and groups",
        convArb,
        (c) => checkConv(ctx, c, kernel),
      );
      it("handles 1x1, depthwise and many-channel convolutions", () => {
        FIXED.forEach((c) => checkConv(ctx, c, kernel));
      });
    });
  }
}
