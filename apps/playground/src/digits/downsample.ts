/** Side of the digits set's images. */
export const DIGIT_SIDE = 8;

/** The digits set was drawn on a 32x32 grid and counted in 4x4 blocks. */
const FINE_SIDE = 32;
const BLOCK = FINE_SIDE / DIGIT_SIDE;
/** A pixel darker than this belongs to the drawing's bounding box. */
const INK = 0.1;
/** Sub-samples per fine pixel along each axis (box filtering). */
const TAPS = 3;

/**
 * Turns a drawing into an 8x8 digit like the digits set's: crops to the ink,
 * scales the longer side to the full 32-pixel grid (keeping the aspect ratio,
 * centred), then averages each 4x4 block. Values are in [0, 1], which is the
 * set's 0..16 counts divided by 16.
 *
 * @param ink one value in [0, 1] per pixel of the drawing, row-major (1 = pen)
 * @returns 64 values, row-major; all zeros for an empty drawing
 */
export function downsampleDigit(
  ink: ArrayLike<number>,
  width: number,
  height: number,
): Float32Array {
  if (ink.length !== width * height) {
    throw new RangeError(`downsampleDigit: ${ink.length} values for a ${width}x${height} drawing.`);
  }
  const out = new Float32Array(DIGIT_SIDE * DIGIT_SIDE);
  const box = inkBox(ink, width, height);
  if (box === null) {
    return out;
  }

  const side = Math.max(box.right - box.left, box.bottom - box.top);
  const scale = side / FINE_SIDE;
  // Centre the box in a square of the longer side.
  const left = (box.left + box.right) / 2 - side / 2;
  const top = (box.top + box.bottom) / 2 - side / 2;
  const sample = (x: number, y: number) => {
    const px = Math.floor(x);
    const py = Math.floor(y);
    return px < 0 || py < 0 || px >= width || py >= height ? 0 : ink[py * width + px]!;
  };

  for (let fy = 0; fy < FINE_SIDE; fy++) {
    for (let fx = 0; fx < FINE_SIDE; fx++) {
      let sum = 0;
      for (let ty = 0; ty < TAPS; ty++) {
        for (let tx = 0; tx < TAPS; tx++) {
          sum += sample(
            left + (fx + (tx + 0.5) / TAPS) * scale,
            top + (fy + (ty + 0.5) / TAPS) * scale,
          );
        }
      }
      const cell = Math.floor(fy / BLOCK) * DIGIT_SIDE + Math.floor(fx / BLOCK);
      out[cell]! += sum / (TAPS * TAPS) / (BLOCK * BLOCK);
    }
  }
  return out.map((v) => Math.min(1, v));
}

/** The bounding box of the ink, right and bottom exclusive; null when there is none. */
function inkBox(ink: ArrayLike<number>, width: number, height: number) {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > INK) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return right < 0 ? null : { left, right: right + 1, top, bottom: bottom + 1 };
}
