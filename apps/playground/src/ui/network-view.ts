import type { LinkWeights, UnitMap } from "../worker/protocol.js";
import { BLUE, css, ORANGE } from "./colors.js";
import { h } from "./dom.js";
import { paintGrid } from "./heatmap.js";

/** One column of the drawing: the inputs, or a layer's outputs. */
export interface Column {
  title: string;
  subtitle: string;
  units: number;
  /** True for the columns that hold the model's trainable units. */
  trainable: boolean;
}

/** What changes while training. */
export interface NetworkState {
  units: readonly UnitMap[];
  links: readonly LinkWeights[];
  gridSize: number;
  /** Per-layer warning flags (index = layer position - 1). */
  unhealthy: readonly boolean[];
}

const NODE = 30;
const GAP = 8;
const MAX_SHOWN = 10;
const TOP = 34;
/** Room left and right of the outer columns for their titles. */
const SIDE = 28;

/**
 * The network as columns of units: each unit a small heatmap of its output
 * over the input plane (2-D sets) or a dot, links coloured by the weight's
 * sign (orange negative, blue positive) and as thick as its size.
 */
export class NetworkView {
  readonly canvas: HTMLCanvasElement;
  private columns: Column[] = [];
  private ratio = 1;

  constructor() {
    this.canvas = h("canvas", { id: "network", class: "network", "aria-label": "Network" });
  }

  /** Lays out the columns; the drawing fills `available` pixels, or scrolls when it needs more. */
  setColumns(columns: Column[], available: number): void {
    this.columns = columns;
    const needed = columns.length * 96 + 2 * SIDE;
    const width = Math.max(360, Math.min(available, columns.length * 180), needed);
    const shown = Math.max(...columns.map((c) => Math.min(c.units, MAX_SHOWN)));
    const height = TOP + shown * (NODE + GAP) + 20;
    this.ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    this.canvas.width = Math.round(width * this.ratio);
    this.canvas.height = Math.round(height * this.ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
  }

  draw(state: NetworkState | null, unitMaps: boolean): void {
    const context = this.canvas.getContext("2d")!;
    context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    const width = this.canvas.width / this.ratio;
    const height = this.canvas.height / this.ratio;
    context.clearRect(0, 0, width, height);
    const columns = this.columns;
    if (columns.length === 0) {
      return;
    }
    const step = (width - 2 * SIDE - NODE) / Math.max(1, columns.length - 1);
    const x = (c: number) => SIDE + c * step;
    const y = (units: number, j: number) => {
      const shown = Math.min(units, MAX_SHOWN);
      const span = shown * (NODE + GAP) - GAP;
      const available = height - TOP - 20;
      return TOP + (available - span) / 2 + j * (NODE + GAP);
    };

    // Links first, so nodes sit on top.
    const maxWeight = Math.max(
      1e-6,
      ...(state?.links ?? []).flatMap((l) => [...l.kernel].map(Math.abs)),
    );
    for (let c = 1; c < columns.length; c++) {
      const from = columns[c - 1]!;
      const to = columns[c]!;
      const link = state?.links.find((l) => l.layer === c);
      const fromShown = Math.min(from.units, MAX_SHOWN);
      const toShown = Math.min(to.units, MAX_SHOWN);
      for (let j = 0; j < toShown; j++) {
        for (let i = 0; i < fromShown; i++) {
          if (link === undefined && i !== j) {
            continue;
          }
          const w = link === undefined ? 0 : link.kernel[i * link.units + j]!;
          const strength = link === undefined ? 0.3 : Math.abs(w) / maxWeight;
          context.strokeStyle =
            link === undefined
              ? "rgba(150, 150, 150, 0.5)"
              : css(w < 0 ? ORANGE : BLUE, 0.25 + 0.7 * strength);
          context.lineWidth = link === undefined ? 1 : 0.4 + 3.6 * strength;
          const x0 = x(c - 1) + NODE;
          const y0 = y(from.units, i) + NODE / 2;
          const x1 = x(c);
          const y1 = y(to.units, j) + NODE / 2;
          context.beginPath();
          context.moveTo(x0, y0);
          context.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1, y1);
          context.stroke();
        }
      }
    }

    context.textAlign = "center";
    columns.forEach((column, c) => {
      const unhealthy = c > 0 && state?.unhealthy[c - 1] === true;
      context.font = "600 11px system-ui, sans-serif";
      context.fillStyle = unhealthy ? "#b54708" : "#333";
      context.fillText(column.title, x(c) + NODE / 2, 12);
      context.font = "10px system-ui, sans-serif";
      context.fillStyle = "#777";
      context.fillText(column.subtitle, x(c) + NODE / 2, 25);
      const shown = Math.min(column.units, MAX_SHOWN);
      for (let j = 0; j < shown; j++) {
        const top = y(column.units, j);
        const map = state?.units.find((u) => u.layer === c && u.unit === j);
        if (unitMaps && map !== undefined && state !== null) {
          paintGrid(context, map.values, state.gridSize, {
            x: x(c),
            y: top,
            width: NODE,
            height: NODE,
          });
          context.strokeStyle = "rgba(0, 0, 0, 0.25)";
          context.lineWidth = 1;
          context.strokeRect(x(c) + 0.5, top + 0.5, NODE - 1, NODE - 1);
        } else {
          context.beginPath();
          context.arc(x(c) + NODE / 2, top + NODE / 2, NODE / 2 - 4, 0, 2 * Math.PI);
          context.fillStyle = column.trainable ? "#e8eef5" : "#f1f1f1";
          context.fill();
          context.strokeStyle = "#9aa7b4";
          context.lineWidth = 1;
          context.stroke();
        }
      }
      if (column.units > shown) {
        context.fillStyle = "#777";
        context.font = "10px system-ui, sans-serif";
        context.fillText(
          `+${column.units - shown} more`,
          x(c) + NODE / 2,
          y(column.units, shown) + 10,
        );
      }
    });
  }
}
