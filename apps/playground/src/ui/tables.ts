import type { LayerHealth } from "../model/health.js";
import { formatCount, type ModelSummary } from "../model/summary.js";
import { h } from "./dom.js";

const percent = (share: number | null) => (share === null ? "–" : `${Math.round(share * 100)} %`);
const scientific = (value: number | null) =>
  value === null
    ? "–"
    : !Number.isFinite(value)
    ? String(value)
    : value === 0
    ? "0"
    : value.toExponential(1);

/** Per-layer health: dead and saturated shares, gradient norm, update ratio, warnings. */
export function healthTable(health: readonly LayerHealth[]): HTMLElement {
  const warnings = health.flatMap((layer) => layer.warnings);
  return h(
    "div",
    { class: "health" },
    warnings.length === 0
      ? h(
          "p",
          { class: "ok", id: "health-status" },
          health.length === 0 ? "No measurements yet." : "All layers look healthy.",
        )
      : h(
          "ul",
          { class: "warnings", id: "health-status" },
          warnings.map((text) => h("li", {}, text)),
        ),
    h(
      "table",
      { class: "grid-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Layer", "Dead", "Saturated", "Grad norm", "Update / weight"].map((t) => h("th", {}, t)),
        ),
      ),
      h(
        "tbody",
        {},
        health.map((layer) =>
          h(
            "tr",
            { class: layer.warnings.length > 0 ? "unhealthy" : "" },
            h("td", {}, `${layer.position}. ${layer.name}`),
            h("td", {}, percent(layer.deadShare)),
            h("td", {}, percent(layer.saturatedShare)),
            h("td", {}, scientific(layer.gradNorm)),
            h("td", {}, scientific(layer.updateRatio)),
          ),
        ),
      ),
    ),
  );
}

/** The model summary: one row per layer with its output width, parameters and FLOPs. */
export function summaryTable(summary: ModelSummary | null): HTMLElement {
  if (summary === null) {
    return h("p", { class: "note" }, "The summary appears once the model is built.");
  }
  return h(
    "table",
    { class: "grid-table", id: "summary" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["#", "Layer", "Type", "Output", "Params", "FLOPs"].map((t) => h("th", {}, t)),
      ),
    ),
    h(
      "tbody",
      {},
      summary.rows.map((row, i) =>
        h(
          "tr",
          {},
          h("td", {}, String(i + 1)),
          h("td", {}, row.name),
          h(
            "td",
            {},
            row.activation && row.activation !== "linear"
              ? `${row.className} (${row.activation})`
              : row.className,
          ),
          h("td", {}, `[*, ${row.outputUnits}]`),
          h("td", { class: "num" }, formatCount(row.params)),
          h("td", { class: "num" }, row.flops === null ? "?" : formatCount(row.flops)),
        ),
      ),
    ),
    h(
      "tfoot",
      {},
      h(
        "tr",
        {},
        h("td", { colspan: 4 }, "Total (FLOPs: one forward pass of one sample)"),
        h("td", { class: "num" }, formatCount(summary.totalParams)),
        h(
          "td",
          { class: "num" },
          `${summary.partial ? "≥ " : ""}${formatCount(summary.forwardFlops)}`,
        ),
      ),
    ),
  );
}
