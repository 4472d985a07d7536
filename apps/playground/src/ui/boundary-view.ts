import type { Dataset } from "../data/dataset.js";
import { BLUE, css, divergingColor, ORANGE } from "./colors.js";
import { hiDpiCanvas } from "./dom.js";
import { paintGrid } from "./heatmap.js";

/** Maps a model output onto [-1, 1] for colouring: probabilities around 0.5, values as they are. */
export function outputToUnit(task: Dataset["task"]): (value: number) => number {
  return task === "classification" ? (p) => 2 * p - 1 : (v) => v;
}

/**
 * The input plane of a 2-D set: the model's output as a background heatmap,
 * training points with a white ring and test points with a dark one.
 */
export class BoundaryView {
  readonly canvas: HTMLCanvasElement;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
    this.canvas = hiDpiCanvas(size, size, {
      id: "boundary",
      class: "boundary",
      "aria-label": "Decision boundary",
    });
  }

  /** Redraws the plane; `grid` is the output on a `gridSize^2` grid (absent before training). */
  draw(data: Dataset, grid: Float32Array | undefined, gridSize: number, showTest: boolean): void {
    const context = this.canvas.getContext("2d")!;
    const size = this.size;
    const extent = data.extent ?? 1;
    context.clearRect(0, 0, size, size);
    if (grid === undefined) {
      context.fillStyle = css(divergingColor(0));
      context.fillRect(0, 0, size, size);
    } else {
      paintGrid(
        context,
        grid,
        gridSize,
        { x: 0, y: 0, width: size, height: size },
        outputToUnit(data.task),
      );
    }

    const toPixel = (v: number) => ((v + extent) / (2 * extent)) * size;
    const drawPoints = (rows: Int32Array, ring: string, radius: number) => {
      for (const i of rows) {
        const px = toPixel(data.x[2 * i]!);
        const py = size - toPixel(data.x[2 * i + 1]!);
        const label = data.y[i]!;
        const fill =
          data.task === "regression"
            ? css(divergingColor(label))
            : css(label === 1 ? BLUE : ORANGE);
        context.beginPath();
        context.arc(px, py, radius, 0, 2 * Math.PI);
        context.fillStyle = fill;
        context.fill();
        context.lineWidth = 1;
        context.strokeStyle = ring;
        context.stroke();
      }
    };
    drawPoints(data.train, "rgba(255, 255, 255, 0.9)", 3);
    if (showTest) {
      drawPoints(data.test, "rgba(20, 20, 20, 0.85)", 3);
    }

    context.fillStyle = "rgba(60, 60, 60, 0.7)";
    context.font = "10px system-ui, sans-serif";
    context.fillText(`x1 ∈ [${-extent}, ${extent}]`, 6, size - 6);
  }
}
