import { defaultLayer, LIMITS, type LayerSpec } from "../config.js";
import type { LayerHealth } from "../model/health.js";
import type { Catalogue } from "../worker/protocol.js";
import { h } from "./dom.js";

/** The form fields each known layer type shows; other types have none. */
const FIELDS: Record<string, readonly (keyof LayerSpec)[]> = {
  dense: ["units", "activation", "l1", "l2"],
  dropout: ["rate"],
  gaussianNoise: ["stddev"],
  gaussianDropout: ["rate"],
  activation: ["activation"],
};

const LABELS: Partial<Record<keyof LayerSpec, string>> = {
  units: "units",
  activation: "activation",
  rate: "rate",
  stddev: "stddev",
  l1: "L1",
  l2: "L2",
};

const STEPS: Partial<Record<keyof LayerSpec, number>> = {
  rate: 0.05,
  stddev: 0.05,
  l1: 0.0001,
  l2: 0.0001,
};

/** The hidden layers as editable cards, with add, remove and reorder. */
export function layerEditor(
  layers: readonly LayerSpec[],
  catalogue: Catalogue,
  health: readonly LayerHealth[],
  onChange: (layers: LayerSpec[]) => void,
): HTMLElement {
  const update = (index: number, patch: Partial<LayerSpec>) =>
    onChange(layers.map((layer, i) => (i === index ? { ...layer, ...patch } : layer)));
  const move = (index: number, by: number) => {
    const next = [...layers];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    onChange(next);
  };

  const cards = layers.map((layer, index) => {
    const fields = FIELDS[layer.type] ?? [];
    const warnings = health.find((entry) => entry.position === index + 1)?.warnings ?? [];
    const description = catalogue.layers.find((option) => option.name === layer.type)?.description;
    return h(
      "li",
      {
        class: warnings.length > 0 ? "layer-card unhealthy" : "layer-card",
        "data-layer": index + 1,
      },
      h(
        "div",
        { class: "layer-head" },
        h("span", { class: "layer-index" }, String(index + 1)),
        h("span", { class: "layer-type", title: description ?? layer.type }, layer.type),
        h(
          "span",
          { class: "layer-actions" },
          h(
            "button",
            {
              class: "icon",
              title: "Move up",
              "aria-label": `Move layer ${index + 1} up`,
              disabled: index === 0,
              onclick: () => move(index, -1),
            },
            "↑",
          ),
          h(
            "button",
            {
              class: "icon",
              title: "Move down",
              "aria-label": `Move layer ${index + 1} down`,
              disabled: index === layers.length - 1,
              onclick: () => move(index, 1),
            },
            "↓",
          ),
          h(
            "button",
            {
              class: "icon",
              title: "Remove",
              "aria-label": `Remove layer ${index + 1}`,
              onclick: () => onChange(layers.filter((_, i) => i !== index)),
            },
            "×",
          ),
        ),
      ),
      fields.length === 0
        ? null
        : h(
            "div",
            { class: "layer-fields" },
            fields.map((field) =>
              fieldInput(layer, field, catalogue, (value) => update(index, { [field]: value })),
            ),
          ),
    );
  });

  const usable = catalogue.layers.filter((option) => option.usable);
  const unusable = catalogue.layers.filter((option) => !option.usable);
  const adder = h(
    "select",
    {
      id: "add-layer",
      "aria-label": "Add a layer",
      disabled: layers.length >= LIMITS.layers[1],
      onchange: (event: Event) => {
        const select = event.target as HTMLSelectElement;
        if (select.value !== "") {
          onChange([...layers, defaultLayer(select.value)]);
        }
      },
    },
    h(
      "option",
      { value: "" },
      layers.length >= LIMITS.layers[1] ? `At most ${LIMITS.layers[1]} layers` : "+ Add layer…",
    ),
    usable.map((option) =>
      h(
        "option",
        { value: option.name, title: option.description },
        `${option.name} (${option.package})`,
      ),
    ),
    unusable.length === 0
      ? null
      : h(
          "optgroup",
          { label: "Need other input shapes" },
          unusable.map((option) =>
            h(
              "option",
              { value: option.name, disabled: true, title: option.reason ?? "" },
              option.name,
            ),
          ),
        ),
  );

  return h(
    "div",
    { class: "layer-editor" },
    h(
      "ol",
      { class: "layer-list" },
      cards.length === 0
        ? h("li", { class: "empty" }, "No hidden layer: the output layer sees the inputs directly.")
        : cards,
    ),
    adder,
  );
}

function fieldInput(
  layer: LayerSpec,
  field: keyof LayerSpec,
  catalogue: Catalogue,
  set: (value: string | number) => void,
): HTMLElement {
  const label = LABELS[field] ?? field;
  if (field === "activation") {
    const current = layer.activation ?? "linear";
    const names = catalogue.activations.includes(current)
      ? catalogue.activations
      : [current, ...catalogue.activations];
    return h(
      "label",
      { class: "field" },
      label,
      h(
        "select",
        { onchange: (event: Event) => set((event.target as HTMLSelectElement).value) },
        names.map((name) => h("option", { value: name, selected: name === current }, name)),
      ),
    );
  }
  const limits =
    field === "units"
      ? LIMITS.units
      : field === "rate"
      ? LIMITS.rate
      : field === "stddev"
      ? LIMITS.stddev
      : LIMITS.penalty;
  const value = (layer[field] as number | undefined) ?? 0;
  return h(
    "label",
    { class: "field" },
    label,
    h("input", {
      type: "number",
      min: limits[0],
      max: limits[1],
      step: STEPS[field] ?? 1,
      value: String(value),
      onchange: (event: Event) => {
        const input = event.target as HTMLInputElement;
        const parsed = Number(input.value);
        if (input.value !== "" && Number.isFinite(parsed)) {
          const clamped = Math.min(
            limits[1],
            Math.max(limits[0], field === "units" ? Math.round(parsed) : parsed),
          );
          set(clamped);
        } else {
          input.value = String(value);
        }
      },
    }),
  );
}
