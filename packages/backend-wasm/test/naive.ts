// Naive reference implementations for the property tests: one element at a
// time, in float64, written to be obviously right rather than fast.
import type { Conv2DAttrs, Pool2DAttrs } from "@myelin/backend";

export type Values = ArrayLike<number>;

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major multi-index of a flat position. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}

/** Row-major flat position of a multi-index. */
export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) {
    flat = flat * shape[d]! + index[d]!;
  }
  return flat;
}

/** Flat position in `shape` of the element broadcast to `outIndex`. */
export function broadcastFlat(outIndex: readonly number[], shape: readonly number[]): number {
  const offset = outIndex.length - shape.length;
  return ravel(
    shape.map((dim, d) => (dim === 1 ? 0 : outIndex[d + offset]!)),
    shape,
  );
}

/** y = f(a, b) with NumPy broadcasting to `outShape`. */
export function broadcastMap(
  a: Values,
  aShape: readonly number[],
  b: Values,
  bShape: readonly number[],
  outShape: readonly number[],
  f: (a: number, b: number) => number,
): number[] {
  return Array.from({ length: sizeOf(outShape) }, (_, i) => {
    const index = unravel(i, outShape);
    return f(a[broadcastFlat(index, aShape)]!, b[broadcastFlat(index, bShape)]!);
  });
}

/** Batched matmul with broadcast batch axes. */
export function matMul(
  a: Values,
  aShape: readonly number[],
  b: Values,
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): { values: number[]; shape: number[] } {
  const ra = aShape.length;
  const rb = bShape.length;
  const m = transposeA ? aShape[ra - 1]! : aShape[ra - 2]!;
  const k = transposeA ? aShape[ra - 2]! : aShape[ra - 1]!;
  const n = transposeB ? bShape[rb - 2]! : bShape[rb - 1]!;
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const batch = Array.from({ length: rank }, (_, d) => {
    const da = aBatch[aBatch.length - rank + d] ?? 1;
    const db = bBatch[bBatch.length - rank + d] ?? 1;
    return da === 1 ? db : da;
  });
  const values: number[] = [];
  for (let t = 0; t < sizeOf(batch); t++) {
    const index = unravel(t, batch);
    const aBase = broadcastFlat(index, aBatch) * m * k;
    const bBase = broadcastFlat(index, bBatch) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          const av = transposeA ? a[aBase + p * m + i]! : a[aBase + i * k + p]!;
          const bv = transposeB ? b[bBase + j * k + p]! : b[bBase + p * n + j]!;
          sum += av * bv;
        }
        values.push(sum);
      }
    }
  }
  return { values, shape: [...batch, m, n] };
}

/** Reduction over `axes` with `combine`, starting from `init`. */
export function reduce(
  x: Values,
  shape: readonly number[],
  axes: readonly number[],
  init: number,
  combine: (acc: number, v: number) => number,
): { values: number[]; shape: number[] } {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const values = new Array<number>(sizeOf(outShape)).fill(init);
  for (let i = 0; i < sizeOf(shape); i++) {
    const index = unravel(i, shape);
    const o = ravel(
      index.filter((_, d) => !axes.includes(d)),
      outShape,
    );
    values[o] = combine(values[o]!, x[i]!);
  }
  return { values, shape: outShape };
}

/** First index of the max (or min) along `axis`; the first NaN wins. */
export function argReduce(
  x: Values,
  shape: readonly number[],
  axis: number,
  isMin: boolean,
): number[] {
  const outShape = shape.filter((_, d) => d !== axis);
  return Array.from({ length: sizeOf(outShape) }, (_, o) => {
    const index = unravel(o, outShape);
    let best = NaN;
    let bestIndex = -1;
    for (let r = 0; r < shape[axis]!; r++) {
      const full = [...index.slice(0, axis), r, ...index.slice(axis)];
      const v = x[ravel(full, shape)]!;
      if (Number.isNaN(v)) {
        return r;
      }
      if (bestIndex < 0 || (isMin ? v < best : v > best)) {
        best = v;
        bestIndex = r;
      }
    }
    return bestIndex;
  });
}

/** Softmax or log-softmax along the last axis. */
export function softmax(x: Values, shape: readonly number[], log: boolean): number[] {
  const cols = shape[shape.length - 1] ?? 1;
  const out: number[] = [];
  for (let r = 0; r * cols < x.length; r++) {
    const row = Array.from({ length: cols }, (_, j) => x[r * cols + j]!);
    const max = Math.max(...row);
    const sum = row.reduce((s, v) => s + Math.exp(v - max), 0);
    row.forEach((v) => out.push(log ? v - max - Math.log(sum) : Math.exp(v - max) / sum));
  }
  return out;
}

export function transpose(x: Values, shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = perm.map((d) => shape[d]!);
  return Array.from({ length: sizeOf(outShape) }, (_, i) => {
    const index = unravel(i, outShape);
    const source = new Array<number>(shape.length);
    perm.forEach((d, j) => {
      source[d] = index[j]!;
    });
    return x[ravel(source, shape)]!;
  });
}

export function slice(
  x: Values,
  shape: readonly number[],
  begin: readonly number[],
  strides: readonly number[],
  outShape: readonly number[],
): number[] {
  return Array.from({ length: sizeOf(outShape) }, (_, i) => {
    const index = unravel(i, outShape).map((v, d) => begin[d]! + v * strides[d]!);
    return x[ravel(index, shape)]!;
  });
}

export function concat(xs: readonly Values[], shapes: readonly number[][], axis: number): number[] {
  const outShape = [...shapes[0]!];
  outShape[axis] = shapes.reduce((s, shape) => s + shape[axis]!, 0);
  return Array.from({ length: sizeOf(outShape) }, (_, i) => {
    const index = unravel(i, outShape);
    let along = index[axis]!;
    let which = 0;
    while (along >= shapes[which]![axis]!) {
      along -= shapes[which]![axis]!;
      which++;
    }
    const local = [...index];
    local[axis] = along;
    return xs[which]![ravel(local, shapes[which]!)]!;
  });
}

export function gather(
  x: Values,
  shape: readonly number[],
  indices: Values,
  axis: number,
): number[] {
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indices.length; j++) {
      for (let t = 0; t < inner; t++) {
        out.push(x[(o * shape[axis]! + indices[j]!) * inner + t]!);
      }
    }
  }
  return out;
}

export function scatterAdd(
  updates: Values,
  indices: Values,
  outShape: readonly number[],
  axis: number,
): number[] {
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  const out = new Array<number>(sizeOf(outShape)).fill(0);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indices.length; j++) {
      for (let t = 0; t < inner; t++) {
        out[(o * outShape[axis]! + indices[j]!) * inner + t]! +=
          updates[(o * indices.length + j) * inner + t]!;
      }
    }
  }
  return out;
}

export function pad(
  x: Values,
  shape: readonly number[],
  paddings: readonly (readonly [number, number])[],
  value: number,
): number[] {
  const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  return Array.from({ length: sizeOf(outShape) }, (_, i) => {
    const index = unravel(i, outShape).map((v, d) => v - paddings[d]![0]);
    const inside = index.every((v, d) => v >= 0 && v < shape[d]!);
    return inside ? x[ravel(index, shape)]! : value;
  });
}

/** Direct convolution, channels-last: y[b, oy, ox, co]. */
export function conv2d(
  x: Values,
  xShape: readonly number[],
  filter: Values,
  filterShape: readonly number[],
  attrs: Conv2DAttrs,
  outShape: readonly number[],
): number[] {
  const [batch, h, w, cin] = xShape as [number, number, number, number];
  const [kh, kw, cg, cout] = filterShape as [number, number, number, number];
  const [, oh, ow] = outShape as [number, number, number, number];
  const coutG = cout / attrs.groups;
  const y = new Array<number>(batch * oh * ow * cout).fill(0);
  forEachTap(attrs, [batch, h, w], [kh, kw], [oh, ow], (b, oy, ox, iy, ix, ky, kx) => {
    for (let co = 0; co < cout; co++) {
      const group = Math.floor(co / coutG);
      for (let c = 0; c < cg; c++) {
        const xv = x[((b * h + iy) * w + ix) * cin + group * cg + c]!;
        const fv = filter[((ky * kw + kx) * cg + c) * cout + co]!;
        y[((b * oh + oy) * ow + ox) * cout + co]! += xv * fv;
      }
    }
  });
  return y;
}

/** The adjoint of conv2d in x. */
export function conv2dBackpropInput(
  dy: Values,
  filter: Values,
  filterShape: readonly number[],
  attrs: Conv2DAttrs,
  dxShape: readonly number[],
  dyShape: readonly number[],
): number[] {
  const [batch, h, w, cin] = dxShape as [number, number, number, number];
  const [kh, kw, cg, cout] = filterShape as [number, number, number, number];
  const [, oh, ow] = dyShape as [number, number, number, number];
  const coutG = cout / attrs.groups;
  const dx = new Array<number>(batch * h * w * cin).fill(0);
  forEachTap(attrs, [batch, h, w], [kh, kw], [oh, ow], (b, oy, ox, iy, ix, ky, kx) => {
    for (let co = 0; co < cout; co++) {
      const group = Math.floor(co / coutG);
      for (let c = 0; c < cg; c++) {
        const g = dy[((b * oh + oy) * ow + ox) * cout + co]!;
        const fv = filter[((ky * kw + kx) * cg + c) * cout + co]!;
        dx[((b * h + iy) * w + ix) * cin + group * cg + c]! += g * fv;
      }
    }
  });
  return dx;
}

/** The adjoint of conv2d in the filter. */
export function conv2dBackpropFilter(
  x: Values,
  xShape: readonly number[],
  dy: Values,
  dyShape: readonly number[],
  attrs: Conv2DAttrs,
  filterShape: readonly number[],
): number[] {
  const [batch, h, w, cin] = xShape as [number, number, number, number];
  const [kh, kw, cg, cout] = filterShape as [number, number, number, number];
  const [, oh, ow] = dyShape as [number, number, number, number];
  const coutG = cout / attrs.groups;
  const df = new Array<number>(kh * kw * cg * cout).fill(0);
  forEachTap(attrs, [batch, h, w], [kh, kw], [oh, ow], (b, oy, ox, iy, ix, ky, kx) => {
    for (let co = 0; co < cout; co++) {
      const group = Math.floor(co / coutG);
      for (let c = 0; c < cg; c++) {
        const xv = x[((b * h + iy) * w + ix) * cin + group * cg + c]!;
        const g = dy[((b * oh + oy) * ow + ox) * cout + co]!;
        df[((ky * kw + kx) * cg + c) * cout + co]! += xv * g;
      }
    }
  });
  return df;
}

/** Calls `tap` for every (output pixel, filter tap) whose input cell lies inside the image. */
function forEachTap(
  attrs: Conv2DAttrs,
  [batch, h, w]: [number, number, number],
  [kh, kw]: [number, number],
  [oh, ow]: [number, number],
  tap: (b: number, oy: number, ox: number, iy: number, ix: number, ky: number, kx: number) => void,
): void {
  const { strides, dilations, pads } = attrs;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * strides[0] - pads[0] + ky * dilations[0];
            const ix = ox * strides[1] - pads[2] + kx * dilations[1];
            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
              tap(b, oy, ox, iy, ix, ky, kx);
            }
          }
        }
      }
    }
  }
}

/** The cells (flat, over h * w) of each pooling window, clipped to the image. */
function windowCells(attrs: Pool2DAttrs, h: number, w: number, oy: number, ox: number): number[] {
  const cells: number[] = [];
  for (let ky = 0; ky < attrs.poolSize[0]; ky++) {
    for (let kx = 0; kx < attrs.poolSize[1]; kx++) {
      const iy = oy * attrs.strides[0] - attrs.pads[0] + ky;
      const ix = ox * attrs.strides[1] - attrs.pads[2] + kx;
      if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
        cells.push(iy * w + ix);
      }
    }
  }
  return cells;
}

export function pool2d(
  x: Values,
  xShape: readonly number[],
  attrs: Pool2DAttrs,
  outShape: readonly number[],
): number[] {
  const [batch, h, w, c] = xShape as [number, number, number, number];
  const [, oh, ow] = outShape as [number, number, number, number];
  const y: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const cells = windowCells(attrs, h, w, oy, ox);
        for (let ch = 0; ch < c; ch++) {
          const vs = cells.map((cell) => x[(b * h * w + cell) * c + ch]!);
          y.push(
            attrs.mode === "max"
              ? vs.reduce((m, v) => (v > m || Number.isNaN(v) ? v : m), -Infinity)
              : vs.length === 0
              ? 0
              : vs.reduce((s, v) => s + v, 0) / vs.length,
          );
        }
      }
    }
  }
  return y;
}

export function pool2dBackprop(
  x: Values,
  xShape: readonly number[],
  dy: Values,
  dyShape: readonly number[],
  attrs: Pool2DAttrs,
): number[] {
  const [batch, h, w, c] = xShape as [number, number, number, number];
  const [, oh, ow] = dyShape as [number, number, number, number];
  const dx = new Array<number>(sizeOf(xShape)).fill(0);
  let g = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const cells = windowCells(attrs, h, w, oy, ox);
        for (let ch = 0; ch < c; ch++, g++) {
          const at = (cell: number) => (b * h * w + cell) * c + ch;
          if (cells.length === 0) {
            continue;
          }
          if (attrs.mode === "avg") {
            cells.forEach((cell) => {
              dx[at(cell)]! += dy[g]! / cells.length;
            });
            continue;
          }
          let best = cells[0]!;
          for (const cell of cells) {
            if (x[at(cell)]! > x[at(best)]!) {
              best = cell;
            }
          }
          dx[at(best)]! += dy[g]!;
        }
      }
    }
  }
  return dx;
}
