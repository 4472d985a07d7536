import type { BinaryOp, TypedArray } from "@myelin/backend";

/**
 * One row of a broadcast binary op: y[yo + i] = a[.] op b[.] for i < n. Each
 * operand's step along the row is 1 or 0 (0 = the operand is broadcast along
 * the row), so every op has a loop for "both vary", "b fixed" and "a fixed".
 */
export type BinaryRow = (
  n: number,
  y: TypedArray,
  yo: number,
  a: TypedArray,
  ao: number,
  aStep: number,
  b: TypedArray,
  bo: number,
  bStep: number,
) => void;

/** Floor modulo: the result takes the divisor's sign, as in NumPy and Python. */
function floorMod(u: number, v: number): number {
  const r = u % v;
  return r !== 0 && r < 0 !== v < 0 ? r + v : r;
}

const addRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u + v;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u + v;
    }
  } else {
    addRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const subRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u - v;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u - v;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u - v;
    }
  }
};

const mulRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u * v;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u * v;
    }
  } else {
    mulRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const divRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u / v;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u / v;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u / v;
    }
  }
};

const powRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = Math.pow(u, v);
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = Math.pow(u, v);
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = Math.pow(u, v);
    }
  }
};

const maximumRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u > v || u !== u ? u : v;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u > v || u !== u ? u : v;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u > v || u !== u ? u : v;
    }
  }
};

const minimumRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u < v || u !== u ? u : v;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u < v || u !== u ? u : v;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u < v || u !== u ? u : v;
    }
  }
};

const squaredDifferenceRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = (u - v) * (u - v);
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = (u - v) * (u - v);
    }
  } else {
    squaredDifferenceRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const floorDivRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = Math.floor(u / v);
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = Math.floor(u / v);
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = Math.floor(u / v);
    }
  }
};

const modRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = floorMod(u, v);
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = floorMod(u, v);
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = floorMod(u, v);
    }
  }
};

const atan2Row: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = Math.atan2(u, v);
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = Math.atan2(u, v);
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = Math.atan2(u, v);
    }
  }
};

const equalRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u === v ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u === v ? 1 : 0;
    }
  } else {
    equalRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const notEqualRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u !== v ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u !== v ? 1 : 0;
    }
  } else {
    notEqualRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const lessRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u < v ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u < v ? 1 : 0;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u < v ? 1 : 0;
    }
  }
};

const lessEqualRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u <= v ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u <= v ? 1 : 0;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u <= v ? 1 : 0;
    }
  }
};

const greaterRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u > v ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u > v ? 1 : 0;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u > v ? 1 : 0;
    }
  }
};

const greaterEqualRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u >= v ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u >= v ? 1 : 0;
    }
  } else {
    const u = a[ao]!;
    for (let i = 0; i < n; i++) {
      const v = b[bo + i]!;
      y[yo + i] = u >= v ? 1 : 0;
    }
  }
};

const logicalAndRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u !== 0 && v !== 0 ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u !== 0 && v !== 0 ? 1 : 0;
    }
  } else {
    logicalAndRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const logicalOrRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = u !== 0 || v !== 0 ? 1 : 0;
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = u !== 0 || v !== 0 ? 1 : 0;
    }
  } else {
    logicalOrRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const mulIntRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = Math.imul(u, v);
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = Math.imul(u, v);
    }
  } else {
    mulIntRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

const squaredDifferenceIntRow: BinaryRow = (n, y, yo, a, ao, aStep, b, bo, bStep) => {
  if (aStep === bStep) {
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      const v = b[bo + i]!;
      y[yo + i] = Math.imul((u - v) | 0, (u - v) | 0);
    }
  } else if (bStep === 0) {
    const v = b[bo]!;
    for (let i = 0; i < n; i++) {
      const u = a[ao + i]!;
      y[yo + i] = Math.imul((u - v) | 0, (u - v) | 0);
    }
  } else {
    squaredDifferenceIntRow(n, y, yo, b, bo, bStep, a, ao, aStep);
  }
};

/** Row loops for float and bool operands. */
export const FLOAT_ROWS: Readonly<Record<BinaryOp, BinaryRow>> = {
  add: addRow,
  sub: subRow,
  mul: mulRow,
  div: divRow,
  pow: powRow,
  maximum: maximumRow,
  minimum: minimumRow,
  squaredDifference: squaredDifferenceRow,
  floorDiv: floorDivRow,
  mod: modRow,
  atan2: atan2Row,
  equal: equalRow,
  notEqual: notEqualRow,
  less: lessRow,
  lessEqual: lessEqualRow,
  greater: greaterRow,
  greaterEqual: greaterEqualRow,
  logicalAnd: logicalAndRow,
  logicalOr: logicalOrRow,
};

/**
 * Row loops for int32 operands. Sums and differences of int32 values are exact
 * in double precision and the Int32Array store wraps them; products need imul,
 * and integer division floors.
 */
export const INT_ROWS: Readonly<Record<BinaryOp, BinaryRow>> = {
  ...FLOAT_ROWS,
  mul: mulIntRow,
  squaredDifference: squaredDifferenceIntRow,
  div: floorDivRow,
};
