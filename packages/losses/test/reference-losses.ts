/**
 * Float64 per-sample reference formulas, written from the definitions on
 * plain arrays (rows of [batch, features]), independent of Myelin's ops.
 */

type Rows = readonly (readonly number[])[];
type PerSample = (yTrue: Rows, yPred: Rows) => number[];

const EPS = 1e-7;
const clip = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

function rowwise(fn: (t: readonly number[], p: readonly number[]) => number): PerSample {
  return (yTrue, yPred) => yPred.map((p, i) => fn(yTrue[i]!, p));
}

function logSoftmax(z: readonly number[]): number[] {
  const top = Math.max(...z);
  const lse = Math.log(total(z.map((v) => Math.exp(v - top))));
  return z.map((v) => v - top - lse);
}

/** Per-sample references by loss name, with the options the test uses. */
export const REFERENCE_LOSSES: Readonly<Record<string, PerSample>> = {
  meanSquaredError: rowwise((t, p) => mean(p.map((v, j) => (v - t[j]!) ** 2))),
  meanAbsoluteError: rowwise((t, p) => mean(p.map((v, j) => Math.abs(v - t[j]!)))),
  huber: rowwise((t, p) =>
    mean(
      p.map((v, j) => {
        const e = Math.abs(v - t[j]!);
        return e <= 1 ? 0.5 * e * e : e - 0.5;
      }),
    ),
  ),
  logCosh: rowwise((t, p) => mean(p.map((v, j) => Math.log(Math.cosh(v - t[j]!))))),
  binaryCrossentropy: rowwise((t, p) =>
    mean(
      p.map((v, j) => {
        const q = clip(v, EPS, 1 - EPS);
        return -(t[j]! * Math.log(q) + (1 - t[j]!) * Math.log(1 - q));
      }),
    ),
  ),
  binaryCrossentropyFromLogits: rowwise((t, p) => mean(p.map((x, j) => softplus(x) - x * t[j]!))),
  categoricalCrossentropy: rowwise((t, p) => {
    const sum = total(p);
    return -total(t.map((y, j) => y * Math.log(clip(p[j]! / sum, EPS, 1 - EPS))));
  }),
  categoricalCrossentropyFromLogits: rowwise((t, p) => {
    const logP = logSoftmax(p);
    return -total(t.map((y, j) => y * logP[j]!));
  }),
  kullbackLeiblerDivergence: rowwise((t, p) =>
    total(t.map((y, j) => y * Math.log(clip(y, EPS, 1) / clip(p[j]!, EPS, 1)))),
  ),
  hinge: rowwise((t, p) => mean(p.map((v, j) => Math.max(1 - t[j]! * v, 0)))),
  cosineSimilarity: rowwise((t, p) => {
    const dot = total(t.map((v, j) => v * p[j]!));
    const norm = (xs: readonly number[]) => Math.sqrt(Math.max(total(xs.map((v) => v * v)), 1e-12));
    return -dot / (norm(t) * norm(p));
  }),
};
