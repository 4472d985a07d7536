/** Class 0 and negative values. */
export const ORANGE: readonly [number, number, number] = [245, 147, 34];
/** Class 1 and positive values. */
export const BLUE: readonly [number, number, number] = [8, 119, 189];
const MID: readonly [number, number, number] = [247, 247, 247];

/** Colour of a value in [-1, 1]: orange, through near-white at 0, to blue. */
export function divergingColor(value: number): [number, number, number] {
  const t = Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
  const end = t < 0 ? ORANGE : BLUE;
  const a = Math.abs(t);
  return [0, 1, 2].map((k) => Math.round(MID[k]! + (end[k]! - MID[k]!) * a)) as [
    number,
    number,
    number,
  ];
}

/** A CSS colour string, optionally with alpha. */
export function css([r, g, b]: readonly number[], alpha = 1): string {
  return alpha === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
