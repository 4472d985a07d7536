import type { TypedArray } from "@myelin/backend";

/**
 * The loops of one reduce op, for the three layouts the Reduce kernel meets.
 * Accumulators are doubles, so float32 sums lose nothing to rounding on the way.
 */
export interface Reducer {
  /** The value of an empty reduction. */
  readonly init: number;
  /** Reduces x[start], ..., x[start + n - 1]. */
  readonly segment: (x: TypedArray, start: number, n: number) => number;
  /** acc[j] = acc[j] op x[start + j] for j < n: folds one row into a row of accumulators. */
  readonly fold: (acc: Float64Array, x: TypedArray, start: number, n: number) => void;
  /** Reduces x[base + offsets[j]] over every j. */
  readonly gather: (x: TypedArray, base: number, offsets: Int32Array) => number;
}

/** Sum. */
export const sumReducer: Reducer = {
  init: 0,
  segment: (x, start, n) => {
    let acc = 0;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = acc + v;
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = a + v;
    }
  },
  gather: (x, base, offsets) => {
    let acc = 0;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = acc + v;
    }
    return acc;
  },
};

/** Product. */
export const prodReducer: Reducer = {
  init: 1,
  segment: (x, start, n) => {
    let acc = 1;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = acc * v;
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = a * v;
    }
  },
  gather: (x, base, offsets) => {
    let acc = 1;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = acc * v;
    }
    return acc;
  },
};

/** Maximum; a NaN wins, as in NumPy. */
export const maxReducer: Reducer = {
  init: -Infinity,
  segment: (x, start, n) => {
    let acc = -Infinity;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = v > acc || v !== v ? v : acc;
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = v > a || v !== v ? v : a;
    }
  },
  gather: (x, base, offsets) => {
    let acc = -Infinity;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = v > acc || v !== v ? v : acc;
    }
    return acc;
  },
};

/** Minimum; a NaN wins, as in NumPy. */
export const minReducer: Reducer = {
  init: Infinity,
  segment: (x, start, n) => {
    let acc = Infinity;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = v < acc || v !== v ? v : acc;
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = v < a || v !== v ? v : a;
    }
  },
  gather: (x, base, offsets) => {
    let acc = Infinity;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = v < acc || v !== v ? v : acc;
    }
    return acc;
  },
};

/** 1 when some value is non-zero. */
export const anyReducer: Reducer = {
  init: 0,
  segment: (x, start, n) => {
    let acc = 0;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = v !== 0 ? 1 : acc;
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = v !== 0 ? 1 : a;
    }
  },
  gather: (x, base, offsets) => {
    let acc = 0;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = v !== 0 ? 1 : acc;
    }
    return acc;
  },
};

/** 1 when every value is non-zero. */
export const allReducer: Reducer = {
  init: 1,
  segment: (x, start, n) => {
    let acc = 1;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = v === 0 ? 0 : acc;
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = v === 0 ? 0 : a;
    }
  },
  gather: (x, base, offsets) => {
    let acc = 1;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = v === 0 ? 0 : acc;
    }
    return acc;
  },
};

/** Sum of int32 values, wrapping at each step. */
export const sumIntReducer: Reducer = {
  init: 0,
  segment: (x, start, n) => {
    let acc = 0;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = (acc + v) | 0;
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = (a + v) | 0;
    }
  },
  gather: (x, base, offsets) => {
    let acc = 0;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = (acc + v) | 0;
    }
    return acc;
  },
};

/** Product of int32 values, wrapping at each step. */
export const prodIntReducer: Reducer = {
  init: 1,
  segment: (x, start, n) => {
    let acc = 1;
    for (let i = start; i < start + n; i++) {
      const v = x[i]!;
      acc = Math.imul(acc, v);
    }
    return acc;
  },
  fold: (acc, x, start, n) => {
    for (let j = 0; j < n; j++) {
      const a = acc[j]!;
      const v = x[start + j]!;
      acc[j] = Math.imul(a, v);
    }
  },
  gather: (x, base, offsets) => {
    let acc = 1;
    for (let j = 0; j < offsets.length; j++) {
      const v = x[base + offsets[j]!]!;
      acc = Math.imul(acc, v);
    }
    return acc;
  },
};
