import type { DType, Pool2DAttrs } from "@myelin/backend";
import fc from "fast-check";
import { expect, it } from "vitest";

import type { SuiteContext } from "../context.js";
import { host, type HostTensor, sizeOf } from "../harness.js";
import { ravel } from "../indexing.js";
import { Rng, seedArb } from "../random.js";

interface PoolCase {
  xShape: [number, number, number, number];
  yShape: [number, number, number, number];
  attrs: Pool2DAttrs;
  dtype: DType;
  seed: number;
}

/**
 * For each output cell, the flat x positions of its window cells inside the
 * image, in scan order (rows, then columns).
 */
function windows(c: PoolCase): number[][] {
  const [batch, inH, inW, channels] = c.xShape;
  const [, outH, outW] = c.yShape;
  const { poolSize, strides, pads } = c.attrs;
  const cells: number[][] = [];
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        for (let ch = 0; ch < channels; ch++) {
          const inside: number[] = [];
          for (let i = 0; i < poolSize[0]; i++) {
            for (let j = 0; j < poolSize[1]; j++) {
              const ih = oh * strides[0] - pads[0] + i;
              const iw = ow * strides[1] - pads[2] + j;
              if (ih >= 0 && ih < inH && iw >= 0 && iw < inW) {
                inside.push(ravel([b, ih, iw, ch], c.xShape));
              }
            }
          }
          cells.push(inside);
        }
      }
    }
  }
  return cells;
}

/** Forward values and the input gradient, window by window. */
function referencePool(c: PoolCase, x: HostTensor, dy: HostTensor) {
  const dx = new Array<number>(sizeOf(c.xShape)).fill(0);
  const y = windows(c).map((cells, o) => {
    const values = cells.map((at) => x.values[at]!);
    if (c.attrs.mode === "avg") {
      cells.forEach((at) => {
        dx[at] = dx[at]! + dy.values[o]! / cells.length;
      });
      return values.reduce((a, v) => a + v, 0) / cells.length;
    }
    const max = Math.max(...values);
    const first = cells[values.indexOf(max)]!;
    dx[first] = dx[first]! + dy.values[o]!;
    return max;
  });
  return { y, dx };
}

const small = (max: number) => fc.integer({ min: 1, max });

const poolArb = fc
  .record({
    batch: small(2),
    inH: small(7),
    inW: small(7),
    channels: small(4),
    poolSize: fc.tuple(small(3), small(3)),
    strides: fc.tuple(small(3), small(3)),
    padPicks: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
    mode: fc.constantFrom("max" as const, "avg" as const),
    dtype: fc.constantFrom<DType>("float32", "float64"),
    seed: seedArb,
  })
  .map((c): PoolCase => {
    // Pads stay below the window size, so every window holds a real cell.
    const [ph, pw] = c.poolSize;
    const [top, bottom, left, right] = c.padPicks.map((p, i) => p % (i < 2 ? ph : pw));
    const inH = Math.max(c.inH, ph - top! - bottom!);
    const inW = Math.max(c.inW, pw - left! - right!);
    const outH = Math.floor((inH + top! + bottom! - ph) / c.strides[0]) + 1;
    const outW = Math.floor((inW + left! + right! - pw) / c.strides[1]) + 1;
    return {
      xShape: [c.batch, inH, inW, c.channels],
      yShape: [c.batch, outH, outW, c.channels],
      attrs: {
        mode: c.mode,
        poolSize: c.poolSize,
        strides: c.strides,
        pads: [top!, bottom!, left!, right!],
      },
      dtype: c.dtype,
      seed: c.seed,
    };
  });

function inputs(c: PoolCase): { x: HostTensor; dy: HostTensor } {
  const rng = new Rng(c.seed);
  // Small integers make ties common, which pins down the first-arg-max rule.
  const x = host(c.xShape, c.dtype, rng.ints(sizeOf(c.xShape), -3, 3));
  const dy = host(c.yShape, c.dtype, rng.uniforms(sizeOf(c.yShape), -1, 1));
  return { x, dy };
}

function describeCase(c: PoolCase): string {
  const { mode, poolSize, strides, pads } = c.attrs;
  const geometry = `pool [${poolSize}] strides [${strides}] pads [${pads}]`;
  return `${mode} ${c.dtype} x [${c.xShape.join(", ")}] ${geometry}`;
}

/** Pool2D and Pool2DBackprop. */
export function describePooling(ctx: SuiteContext): void {
  ctx.kernel("Pool2D", () => {
    ctx.property("takes window maxima and means over cells inside the image", poolArb, (c) => {
      const { x, dy } = inputs(c);
      const [y] = ctx.run("Pool2D", [x], [{ shape: c.yShape, dtype: c.dtype }], c.attrs);
      ctx.check(describeCase(c), y!, referencePool(c, x, dy).y, c.dtype);
    });

    it("never lets a padded cell win a max of negative values", () => {
      const x = host([1, 2, 2, 1], "float32", [-5, -6, -7, -8]);
      const attrs: Pool2DAttrs = {
        mode: "max",
        poolSize: [2, 2],
        strides: [1, 1],
        pads: [1, 1, 1, 1],
      };
      const [y] = ctx.run("Pool2D", [x], [{ shape: [1, 3, 3, 1], dtype: "float32" }], attrs);
      expect(Array.from(y!)).toEqual([-5, -5, -6, -5, -5, -6, -7, -7, -8]);
    });
  });

  ctx.kernel("Pool2DBackprop", () => {
    const name = "routes max gradients to the first arg-max and spreads mean gradients";
    ctx.property(name, poolArb, (c) => {
      const { x, dy } = inputs(c);
      const outputs = [{ shape: c.xShape, dtype: c.dtype }];
      const [dx] = ctx.run("Pool2DBackprop", [x, dy], outputs, c.attrs);
      ctx.check(describeCase(c), dx!, referencePool(c, x, dy).dx, c.dtype);
    });
  });
}
