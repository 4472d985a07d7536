import { createRng, type Rng } from "@myelin/data";
import type { ToyDatasetName } from "../config.js";
import type { RawDataset } from "./dataset.js";

/** Options of {@link generateToy}. */
export interface ToyOptions {
  /** Number of points (split evenly between the two classes of a class set). */
  samples: number;
  /** Standard deviation of the Gaussian noise added to points (or to targets, for "surface"). */
  noise: number;
  seed: number;
}

/** Half-width of the square every generated set lives in. */
export const TOY_EXTENT = 1.2;

/** The regression surface: a smooth bump-and-ripple over [-1, 1]^2, values in [-1, 1]. */
export function surfaceValue(x1: number, x2: number): number {
  return Math.sin(Math.PI * x1) * Math.cos((Math.PI * x2) / 2);
}

/**
 * Generates one of the 2-D sets with a seeded generator: the same options
 * give the same points on every machine. Class sets label points 0 and 1.
 *
 * - circle: a disc (class 1) inside a ring (class 0).
 * - xor: the four quadrants, class 1 where x1 * x2 > 0.
 * - gaussians: two round clusters.
 * - spiral: two interleaved arms.
 * - surface: regression on {@link surfaceValue}.
 *
 * @throws RangeError when `samples` is below 2 or `noise` is negative.
 */
export function generateToy(name: ToyDatasetName, options: ToyOptions): RawDataset {
  if (!Number.isInteger(options.samples) || options.samples < 2) {
    throw new RangeError(
      `${name}: samples must be an integer of at least 2, found ${options.samples}.`,
    );
  }
  if (!(options.noise >= 0)) {
    throw new RangeError(`${name}: noise must be 0 or more, found ${options.noise}.`);
  }
  const rng = createRng(options.seed);
  const gauss = gaussian(rng);
  const n = options.samples;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  const put = (i: number, a: number, b: number, label: number) => {
    x[2 * i] = a + options.noise * gauss();
    x[2 * i + 1] = b + options.noise * gauss();
    y[i] = label;
  };

  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const u = rng.nextFloat();
    const angle = 2 * Math.PI * rng.nextFloat();
    switch (name) {
      case "circle": {
        const radius = label === 1 ? 0.45 * Math.sqrt(u) : 0.65 + 0.35 * u;
        put(i, radius * Math.cos(angle), radius * Math.sin(angle), label);
        break;
      }
      case "xor": {
        const pad = 0.05;
        let a = pad + (1 - pad) * u;
        let b = pad + (1 - pad) * rng.nextFloat();
        const quadrant = rng.nextInt(2);
        // Class 1 takes quadrants I and III, class 0 quadrants II and IV.
        if (quadrant === 1) {
          a = -a;
          b = -b;
        }
        put(i, a, label === 1 ? b : -b, label);
        break;
      }
      case "gaussians": {
        const centre = label === 1 ? 0.5 : -0.5;
        put(i, centre + 0.2 * gauss(), centre + 0.2 * gauss(), label);
        break;
      }
      case "spiral": {
        const t = Math.floor(i / 2) / Math.ceil(n / 2);
        const radius = 0.05 + 0.95 * t;
        const turn = 1.75 * 2 * Math.PI * t + (label === 1 ? Math.PI : 0);
        put(i, radius * Math.sin(turn), radius * Math.cos(turn), label);
        break;
      }
      case "surface": {
        const a = 2 * u - 1;
        const b = 2 * rng.nextFloat() - 1;
        x[2 * i] = a;
        x[2 * i + 1] = b;
        y[i] = surfaceValue(a, b) + options.noise * gauss();
        break;
      }
    }
  }

  const regression = name === "surface";
  return {
    name,
    task: regression ? "regression" : "classification",
    featureNames: ["x1", "x2"],
    targetName: regression ? "y" : "label",
    x,
    y,
    classes: regression ? [] : ["0", "1"],
    extent: TOY_EXTENT,
    scaling: "none (points already lie in [-1.2, 1.2])",
  };
}

/** Standard normal draws (Box-Muller, both values used). */
function gaussian(rng: Rng): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - rng.nextFloat();
    const v = rng.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
