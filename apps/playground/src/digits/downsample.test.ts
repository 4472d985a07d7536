import { describe, expect, it } from "vitest";
import { downsampleDigit } from "./downsample.js";

function drawing(
  width: number,
  height: number,
  pen: (x: number, y: number) => boolean,
): Float32Array {
  const ink = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      ink[y * width + x] = pen(x, y) ? 1 : 0;
    }
  }
  return ink;
}

describe("downsampleDigit", () => {
  it("gives zeros for an empty drawing", () => {
    expect([...downsampleDigit(new Float32Array(100), 10, 10)]).toEqual(new Array(64).fill(0));
  });

  it("fills every cell for a full square wherever it was drawn", () => {
    const square = drawing(200, 200, (x, y) => x >= 20 && x < 100 && y >= 50 && y < 130);
    const out = downsampleDigit(square, 200, 200);
    for (const v of out) {
      expect(v).toBeCloseTo(1, 5);
    }
  });

  it("centres a tall stroke and keeps its aspect ratio", () => {
    // A vertical bar 20 wide and 160 tall, far left of the canvas.
    const bar = drawing(200, 200, (x, y) => x >= 10 && x < 30 && y >= 20 && y < 180);
    const out = downsampleDigit(bar, 200, 200);
    const column = (c: number) => out.filter((_, i) => i % 8 === c).reduce((a, b) => a + b, 0);
    // 20/160 of 8 columns is one column, centred: columns 3 and 4 share it.
    expect(column(3) + column(4)).toBeCloseTo(8, 3);
    expect(column(0) + column(7)).toBe(0);
  });

  it("refuses a buffer of the wrong size", () => {
    expect(() => downsampleDigit(new Float32Array(10), 4, 4)).toThrow(
      /10 values for a 4x4 drawing/,
    );
  });
});
