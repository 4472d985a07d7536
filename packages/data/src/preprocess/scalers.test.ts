import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catchDataError } from "../../test/catch-error.js";
import { type Matrix, matrixFromRows, matrixToRows } from "../matrix.js";
import { minMaxScaler, scalerFromJSON, standardScaler } from "./scalers.js";

const finiteRows = fc
  .tuple(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 4 }))
  .chain(([rows, cols]) =>
    fc.array(
      fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
        minLength: cols,
        maxLength: cols,
      }),
      {
        minLength: rows,
        maxLength: rows,
      },
    ),
  );

function column(m: Matrix, j: number): number[] {
  return matrixToRows(m).map((row) => row[j]!);
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe("standardScaler", () => {
  it("gives each non-constant column mean 0 and standard deviation 1", () => {
    fc.assert(
      fc.property(finiteRows, (rows) => {
        const m = matrixFromRows(rows);
        const out = standardScaler().fitTransform(m);
        for (let j = 0; j < m.cols; j++) {
          const original = column(m, j);
          const spread = Math.max(...original) - Math.min(...original);
          const scaled = column(out, j);
          const mu = mean(scaled);
          const sd = Math.sqrt(mean(scaled.map((x) => (x - mu) ** 2)));
          expect(Math.abs(mu)).toBeLessThan(1e-4);
          if (spread > 1e-3) {
            expect(Math.abs(sd - 1)).toBeLessThan(1e-3);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it("maps a constant column to zeros instead of dividing by zero", () => {
    const out = standardScaler().fitTransform(
      matrixFromRows([
        [5, 1],
        [5, 2],
        [5, 3],
      ]),
    );

    expect(column(out, 0)).toEqual([0, 0, 0]);
    expect(out.data.every(Number.isFinite)).toBe(true);
  });

  it("uses training statistics for new data and inverts them", () => {
    const scaler = standardScaler().fit(matrixFromRows([[1], [3]]));
    const scaled = scaler.transform(matrixFromRows([[2], [5]]));

    expect(Array.from(scaled.data)).toEqual([0, 3]);
    expect(Array.from(scaler.inverseTransform(scaled).data)).toEqual([2, 5]);
  });

  it("round-trips its statistics through JSON", () => {
    const m = matrixFromRows([
      [1, 10],
      [2, 20],
      [4, 40],
    ]);
    const fitted = standardScaler().fit(m);
    const saved = JSON.parse(JSON.stringify(fitted.toJSON()));

    expect(saved.kind).toBe("standard");
    expect(scalerFromJSON(saved).transform(m)).toEqual(fitted.transform(m));
    expect(standardScaler().fromJSON(saved).transform(m)).toEqual(fitted.transform(m));
  });

  it("refuses to transform before fit", () => {
    const error = catchDataError(() => standardScaler().transform(matrixFromRows([[1]])));

    expect(error.code).toBe("not_fitted");
    expect(error.message).toMatchInlineSnapshot(
      `"transform was called on a standard scaler that is not fitted. Call fit(trainFeatures) first, or restore saved statistics with fromJSON."`,
    );
  });

  it("refuses a matrix with a different column count", () => {
    const scaler = standardScaler().fit(
      matrixFromRows([
        [1, 2],
        [3, 4],
      ]),
    );
    const error = catchDataError(() => scaler.transform(matrixFromRows([[1, 2, 3]])));

    expect(error.code).toBe("shape_mismatch");
    expect(error.message).toMatchInlineSnapshot(
      `"transform: the scaler was fitted on 2 columns, found a matrix of [1, 3]. Transform matrices with the same feature columns the scaler was fitted on."`,
    );
  });
});

describe("minMaxScaler", () => {
  it("maps the training range onto [0, 1] and beyond it linearly", () => {
    const scaler = minMaxScaler().fit(
      matrixFromRows([
        [0, -1],
        [10, 1],
      ]),
    );

    expect(
      matrixToRows(
        scaler.transform(
          matrixFromRows([
            [5, 0],
            [20, 1],
          ]),
        ),
      ),
    ).toEqual([
      [0.5, 0.5],
      [2, 1],
    ]);
  });

  it("keeps fitted data inside a custom range", () => {
    fc.assert(
      fc.property(finiteRows, (rows) => {
        const out = minMaxScaler([-1, 1]).fitTransform(matrixFromRows(rows));
        expect(out.data.every((x) => x >= -1 - 1e-6 && x <= 1 + 1e-6)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("maps a constant column to the low end of the range", () => {
    const out = minMaxScaler([2, 3]).fitTransform(matrixFromRows([[7], [7]]));

    expect(Array.from(out.data)).toEqual([2, 2]);
  });

  it("round-trips through JSON, range included", () => {
    const m = matrixFromRows([[1], [3], [9]]);
    const fitted = minMaxScaler([-1, 1]).fit(m);
    const restored = scalerFromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));

    expect(restored.kind).toBe("min-max");
    expect(restored.transform(m)).toEqual(fitted.transform(m));
    expect(restored.inverseTransform(restored.transform(m))).toEqual(m);
  });

  it("rejects a range that is not increasing", () => {
    expect(catchDataError(() => minMaxScaler([1, 1])).code).toBe("invalid_option");
  });
});

describe("scalerFromJSON", () => {
  it("rejects JSON that is not a saved scaler", () => {
    const unknown = catchDataError(() => scalerFromJSON({ kind: "robust" } as never));
    const broken = catchDataError(() =>
      scalerFromJSON({ kind: "standard", version: 1, mean: [0, 1], scale: [1] }),
    );

    expect(unknown.code).toBe("invalid_json");
    expect(broken.code).toBe("invalid_json");
    expect(unknown.message).toMatchInlineSnapshot(
      `"expected kind "standard" or "min-max", found "robust". Pass the object that toJSON() returned."`,
    );
    expect(broken.message).toMatchInlineSnapshot(
      `"expected { kind: "standard", version: 1, mean: number[], scale: number[] } with finite values, positive scales and equal lengths. Pass the object that toJSON() returned."`,
    );
  });

  it("rejects a zero scale, which would divide by zero", () => {
    const json = { kind: "standard" as const, version: 1 as const, mean: [0], scale: [0] };

    expect(catchDataError(() => scalerFromJSON(json)).code).toBe("invalid_json");
  });
});
