import { describe, expect, it } from "vitest";
import { rejectDataError } from "../../test/catch-error.js";
import { MNIST_PIXELS, loadMnist } from "./mnist.js";

function counts(labels: Int32Array): number[] {
  const out = new Array<number>(10).fill(0);
  labels.forEach((label) => (out[label]! += 1));
  return out;
}

describe("loadMnist", () => {
  it("splits the 10,000 images 8000 / 2000, stratified, with pixels in [0, 1]", async () => {
    const { train, test, classes } = await loadMnist({ train: 8000, test: 2000, seed: 1 });
    const all = counts(train.labels).map((c, d) => c + counts(test.labels)[d]!);

    expect(train.images).toMatchObject({ rows: 8000, cols: MNIST_PIXELS });
    expect(test.images).toMatchObject({ rows: 2000, cols: MNIST_PIXELS });
    expect(train.images.data.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(Math.max(...test.images.data.subarray(0, 50 * MNIST_PIXELS))).toBeGreaterThan(0.9);
    expect(all.reduce((a, b) => a + b, 0)).toBe(10_000);
    counts(test.labels).forEach((c, d) => expect(Math.abs(c - all[d]! * 0.2)).toBeLessThan(1));
    expect(classes).toHaveLength(10);
  });

  it("gives the same split for the same seed and a different one for another seed", async () => {
    const a = await loadMnist({ train: 300, test: 100, seed: 4 });
    const b = await loadMnist({ train: 300, test: 100, seed: 4 });
    const c = await loadMnist({ train: 300, test: 100, seed: 5 });

    expect(b.test.labels).toEqual(a.test.labels);
    expect(b.test.images.data).toEqual(a.test.images.data);
    expect(c.test.labels).not.toEqual(a.test.labels);
  });

  it("refuses more images than the package has", async () => {
    const error = await rejectDataError(loadMnist({ train: 9000, test: 2000 }));

    expect(error.code).toBe("invalid_option");
    expect(error.message).toMatchInlineSnapshot(
      `"train (9000) + test (2000) exceeds the 10000 images the mnist package has. Ask for at most 10000 images in all."`,
    );
  });
});
