import { divergingColor } from "./colors.js";

const scratch = new Map<
  number,
  { canvas: OffscreenCanvas | HTMLCanvasElement; image: ImageData }
>();

function scratchFor(size: number) {
  let entry = scratch.get(size);
  if (entry === undefined) {
    const canvas =
      typeof OffscreenCanvas === "undefined"
        ? Object.assign(document.createElement("canvas"), { width: size, height: size })
        : new OffscreenCanvas(size, size);
    const context = canvas.getContext("2d") as CanvasRenderingContext2D;
    entry = { canvas, image: context.createImageData(size, size) };
    scratch.set(size, entry);
  }
  return entry;
}

/**
 * Paints a `size * size` grid of values (row-major, top row first) into a
 * rectangle of a 2-D context, smoothly scaled. `toUnit` maps a value onto
 * [-1, 1] for the orange-to-blue scale.
 */
export function paintGrid(
  context: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  size: number,
  rect: { x: number; y: number; width: number; height: number },
  toUnit: (value: number) => number = (v) => v,
): void {
  const { canvas, image } = scratchFor(size);
  const pixels = image.data;
  for (let i = 0; i < size * size; i++) {
    const [r, g, b] = divergingColor(toUnit(values[i]!));
    pixels[4 * i] = r;
    pixels[4 * i + 1] = g;
    pixels[4 * i + 2] = b;
    pixels[4 * i + 3] = 255;
  }
  (canvas.getContext("2d") as CanvasRenderingContext2D).putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(canvas, rect.x, rect.y, rect.width, rect.height);
}
