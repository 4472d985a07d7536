/** One line of a chart. */
export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: readonly { x: number; y: number }[];
}

/** Options of {@link drawLineChart}. */
export interface ChartOptions {
  title: string;
  /** Fix the y range (accuracy in [0, 1]); otherwise it follows the data from 0. */
  yRange?: [number, number];
  xLabel: string;
  format?: (value: number) => string;
}

const PAD = { left: 44, right: 10, top: 22, bottom: 22 };

/** Draws a small line chart with a title, a legend, y ticks and the latest values. */
export function drawLineChart(
  canvas: HTMLCanvasElement,
  series: readonly Series[],
  options: ChartOptions,
): void {
  const context = canvas.getContext("2d")!;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  const format = options.format ?? ((v: number) => v.toFixed(3));
  context.clearRect(0, 0, width, height);

  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  const xMax = Math.max(1e-9, ...all.map((p) => p.x));
  const yMax = options.yRange?.[1] ?? niceCeil(Math.max(1e-6, ...all.map((p) => p.y)));
  const yMin = options.yRange?.[0] ?? 0;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const px = (x: number) => PAD.left + (x / xMax) * plotW;
  const py = (y: number) => PAD.top + plotH - ((Math.min(y, yMax) - yMin) / (yMax - yMin)) * plotH;

  context.font = "11px system-ui, sans-serif";
  context.fillStyle = "#333";
  context.textBaseline = "alphabetic";
  context.textAlign = "left";
  context.fillText(options.title, PAD.left, 13);

  context.strokeStyle = "#e3e3e3";
  context.fillStyle = "#777";
  context.lineWidth = 1;
  context.textAlign = "right";
  for (let k = 0; k <= 4; k++) {
    const y = yMin + ((yMax - yMin) * k) / 4;
    context.beginPath();
    context.moveTo(PAD.left, py(y) + 0.5);
    context.lineTo(width - PAD.right, py(y) + 0.5);
    context.stroke();
    context.fillText(format(y), PAD.left - 4, py(y) + 4);
  }
  context.textAlign = "left";
  context.fillText("0", PAD.left, height - 6);
  context.textAlign = "center";
  context.fillText(options.xLabel, PAD.left + plotW / 2, height - 6);
  context.textAlign = "right";
  context.fillText(formatX(xMax), width - PAD.right, height - 6);

  let legendX = width - PAD.right;
  context.textAlign = "right";
  for (const s of [...series].reverse()) {
    const last = s.points[s.points.length - 1];
    const text = last === undefined ? s.label : `${s.label} ${format(last.y)}`;
    context.fillStyle = s.color;
    context.fillText(text, legendX, 13);
    legendX -= context.measureText(text).width + 12;
  }

  for (const s of series) {
    context.strokeStyle = s.color;
    context.lineWidth = 1.6;
    context.setLineDash(s.dashed ? [4, 3] : []);
    context.beginPath();
    let started = false;
    for (const p of s.points) {
      if (!Number.isFinite(p.y)) {
        started = false;
        continue;
      }
      if (started) {
        context.lineTo(px(p.x), py(p.y));
      } else {
        context.moveTo(px(p.x), py(p.y));
        started = true;
      }
    }
    context.stroke();
  }
  context.setLineDash([]);
}

function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  return magnitude * steps.find((s) => s * magnitude >= value)!;
}

function formatX(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}
