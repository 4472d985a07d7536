import type { Layer, LayerShape } from "@myelin/layers";
import type { Model } from "./model.js";

/** One line of a summary table. */
export interface SummaryRow {
  layer: Layer;
  outputShape: LayerShape | null;
  /** For functional models: the tensors the call reads. */
  inputs?: string[];
}

/** Options of {@link Model.summary}. */
export interface SummaryOptions {
  /** Receives each line; without it the text is only returned. */
  print?: (line: string) => void;
}

function shapeText(shape: LayerShape | null): string {
  return shape === null
    ? "? (not built)"
    : `[${shape.map((d) => (d === null ? "null" : String(d))).join(", ")}]`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** @internal Renders the summary table of a model. */
export function summarize(model: Model, options: SummaryOptions): string {
  const rows = (model as unknown as { summaryRows(): SummaryRow[] }).summaryRows();
  const withInputs = rows.some((r) => r.inputs !== undefined);
  const seen = new Set<Layer>();
  const table = rows.map((row) => {
    const first = !seen.has(row.layer);
    seen.add(row.layer);
    const cells = [
      `${row.layer.name} (${row.layer.className})`,
      shapeText(row.outputShape),
      count(first ? row.layer.countParams() : 0),
    ];
    if (withInputs) {
      cells.push(row.inputs && row.inputs.length > 0 ? row.inputs.join(", ") : "");
    }
    return cells;
  });
  const header = [
    "Layer (type)",
    "Output shape",
    "Param #",
    ...(withInputs ? ["Connected to"] : []),
  ];
  const widths = header.map((h, j) => Math.max(h.length, ...table.map((r) => r[j]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]!))
      .join("   ")
      .trimEnd();
  const width = line(header).length;
  const weights = model.weights;
  const trainable = new Set(model.trainableWeights);
  const total = weights.reduce((n, v) => n + v.size, 0);
  const trainableCount = weights.filter((v) => trainable.has(v)).reduce((n, v) => n + v.size, 0);
  const lines = [
    `Model: "${model.name}"`,
    "_".repeat(width),
    line(header),
    "=".repeat(width),
    ...table.map(line),
    "=".repeat(width),
    `Total params: ${count(total)}`,
    `Trainable params: ${count(trainableCount)}`,
    `Non-trainable params: ${count(total - trainableCount)}`,
    "_".repeat(width),
  ];
  if (rows.some((r) => r.outputShape === null)) {
    lines.push(
      "The model is not built yet: give the first layer an inputShape, or call fit or predict.",
    );
  }
  if (options.print) {
    lines.forEach((l) => options.print!(l));
  }
  return lines.join("\n");
}
