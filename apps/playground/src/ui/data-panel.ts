import {
  BUNDLED_DATASETS,
  type DatasetName,
  LIMITS,
  OPTIMIZERS,
  type PlaygroundConfig,
  TOY_DATASETS,
} from "../config.js";
import type { Dataset } from "../data/dataset.js";
import { generateToy, TOY_EXTENT } from "../data/toy.js";
import { BLUE, css, divergingColor, ORANGE } from "./colors.js";
import { h, hiDpiCanvas } from "./dom.js";

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const BATCH_SIZES = [1, 4, 8, 16, 32, 64, 128, 256];

const thumbnails = new Map<string, HTMLCanvasElement>();

/** A small picture of a generated set, drawn once per set. */
function thumbnail(name: (typeof TOY_DATASETS)[number]): HTMLCanvasElement {
  const cached = thumbnails.get(name);
  if (cached !== undefined) {
    return cached;
  }
  const size = 36;
  const canvas = hiDpiCanvas(size, size, { class: "thumb" });
  const context = canvas.getContext("2d")!;
  const data = generateToy(name, { samples: 160, noise: 0.03, seed: 3 });
  context.fillStyle = "#fafafa";
  context.fillRect(0, 0, size, size);
  for (let i = 0; i < data.y.length; i++) {
    const px = ((data.x[2 * i]! + TOY_EXTENT) / (2 * TOY_EXTENT)) * size;
    const py = size - ((data.x[2 * i + 1]! + TOY_EXTENT) / (2 * TOY_EXTENT)) * size;
    const label = data.y[i]!;
    context.fillStyle =
      data.task === "regression" ? css(divergingColor(label)) : css(label === 1 ? BLUE : ORANGE);
    context.fillRect(px - 1, py - 1, 2.2, 2.2);
  }
  thumbnails.set(name, canvas);
  return canvas;
}

/** Callbacks of the data panel. */
export interface DataPanelActions {
  change(patch: Partial<PlaygroundConfig>): void;
  openCsv(file: File): void;
}

/** Dataset choice, noise, split, size and seed, plus the CSV drop zone. */
export function dataPanel(
  config: PlaygroundConfig,
  data: Dataset | null,
  csvName: string | null,
  actions: DataPanelActions,
): HTMLElement {
  const choose = (dataset: DatasetName) => actions.change({ dataset });
  const toyButtons = TOY_DATASETS.map((name) =>
    h(
      "button",
      {
        class: config.dataset === name ? "dataset selected" : "dataset",
        "data-dataset": name,
        "aria-pressed": String(config.dataset === name),
        title: name,
        onclick: () => choose(name),
      },
      thumbnail(name),
      h("span", {}, name),
    ),
  );
  const realButtons = BUNDLED_DATASETS.map((name) =>
    h(
      "button",
      {
        class: config.dataset === name ? "dataset real selected" : "dataset real",
        "data-dataset": name,
        "aria-pressed": String(config.dataset === name),
        onclick: () => choose(name),
      },
      h("span", { class: "real-name" }, name),
      h(
        "span",
        { class: "real-size" },
        name === "iris" ? "150 × 4, 3 classes" : "1797 × 64, 10 classes",
      ),
    ),
  );
  const fileInput = h("input", {
    type: "file",
    accept: ".csv,text/csv",
    id: "csv-file",
    class: "visually-hidden",
    onchange: (event: Event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (file !== undefined) {
        actions.openCsv(file);
      }
    },
  });
  const drop = h(
    "label",
    {
      class: config.dataset === "csv" ? "dropzone selected" : "dropzone",
      for: "csv-file",
      "data-dataset": "csv",
    },
    fileInput,
    config.dataset === "csv" && csvName !== null
      ? `CSV: ${csvName}`
      : "Drop a CSV here (last column = target)",
  );

  const toy = TOY_DATASETS.includes(config.dataset as (typeof TOY_DATASETS)[number]);
  return h(
    "section",
    { class: "panel data-panel", "aria-label": "Data" },
    h("h2", {}, "Data"),
    h("div", { class: "dataset-grid" }, toyButtons),
    h("div", { class: "dataset-row" }, realButtons),
    drop,
    slider(
      "Noise",
      "noise",
      config.noise,
      LIMITS.noise,
      0.01,
      (noise) => actions.change({ noise }),
      !toy,
    ),
    slider(
      "Training share",
      "train-share",
      config.trainShare,
      LIMITS.trainShare,
      0.05,
      (trainShare) => actions.change({ trainShare }),
      false,
      (v) => `${Math.round(v * 100)} %`,
    ),
    slider(
      "Points",
      "samples",
      config.samples,
      [100, 1000],
      50,
      (samples) => actions.change({ samples }),
      !toy,
      String,
    ),
    h(
      "label",
      { class: "field inline" },
      "Seed",
      h("input", {
        id: "seed",
        type: "number",
        min: LIMITS.seed[0],
        max: LIMITS.seed[1],
        value: String(config.seed),
        onchange: (event: Event) => {
          const seed = Math.round(Number((event.target as HTMLInputElement).value));
          if (Number.isFinite(seed)) {
            actions.change({ seed: Math.min(LIMITS.seed[1], Math.max(0, seed)) });
          }
        },
      }),
      h(
        "button",
        {
          class: "icon",
          title: "New seed",
          "aria-label": "New seed",
          onclick: () => actions.change({ seed: Math.floor(Math.random() * 1e6) }),
        },
        "⟳",
      ),
    ),
    data === null
      ? null
      : h(
          "p",
          { class: "note" },
          `${data.rows} rows (${data.train.length} train, ${data.test.length} test), ` +
            `${data.featureNames.length} features; scaling: ${data.scaling}.`,
        ),
  );
}

/** Optimizer, learning rate and batch size. */
export function trainingPanel(
  config: PlaygroundConfig,
  optimizers: readonly string[],
  change: (patch: Partial<PlaygroundConfig>) => void,
): HTMLElement {
  const rates = LEARNING_RATES.includes(config.learningRate)
    ? LEARNING_RATES
    : [...LEARNING_RATES, config.learningRate].sort((a, b) => a - b);
  const batches = BATCH_SIZES.includes(config.batchSize)
    ? BATCH_SIZES
    : [...BATCH_SIZES, config.batchSize].sort((a, b) => a - b);
  const known = optimizers.length > 0 ? optimizers : [...OPTIMIZERS];
  const names = known.includes(config.optimizer) ? known : [config.optimizer, ...known];
  const select = (
    id: string,
    label: string,
    values: readonly (string | number)[],
    current: string | number,
    set: (value: string) => void,
  ) =>
    h(
      "label",
      { class: "field" },
      label,
      h(
        "select",
        { id, onchange: (event: Event) => set((event.target as HTMLSelectElement).value) },
        values.map((value) =>
          h("option", { value: String(value), selected: value === current }, String(value)),
        ),
      ),
    );
  return h(
    "section",
    { class: "panel training-panel", "aria-label": "Training" },
    h("h2", {}, "Training"),
    h(
      "div",
      { class: "field-row" },
      select("optimizer", "Optimizer", names, config.optimizer, (optimizer) =>
        change({ optimizer }),
      ),
      select("learning-rate", "Learning rate", rates, config.learningRate, (v) =>
        change({ learningRate: Number(v) }),
      ),
      select("batch-size", "Batch size", batches, config.batchSize, (v) =>
        change({ batchSize: Number(v) }),
      ),
    ),
  );
}

function slider(
  label: string,
  id: string,
  value: number,
  [min, max]: readonly [number, number],
  step: number,
  set: (value: number) => void,
  disabled: boolean,
  format: (value: number) => string = (v) => v.toFixed(2),
): HTMLElement {
  const output = h("output", { for: id }, format(value));
  return h(
    "label",
    { class: disabled ? "field slider disabled" : "field slider" },
    h("span", {}, label, " ", output),
    h("input", {
      id,
      type: "range",
      min,
      max,
      step,
      value: String(value),
      disabled,
      oninput: (event: Event) => {
        output.textContent = format(Number((event.target as HTMLInputElement).value));
      },
      onchange: (event: Event) => set(Number((event.target as HTMLInputElement).value)),
    }),
  );
}
