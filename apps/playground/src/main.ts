import { isToy, type PlaygroundConfig } from "./config.js";
import { loadBundled, loadCsv } from "./data/bundled.js";
import { type Dataset, type RawDataset, splitDataset } from "./data/dataset.js";
import { generateToy } from "./data/toy.js";
import type { ModelSummary } from "./model/summary.js";
import { BoundaryView } from "./ui/boundary-view.js";
import { DigitPad } from "./ui/digit-pad.js";
import { dataPanel, trainingPanel } from "./ui/data-panel.js";
import { h, replaceChildren } from "./ui/dom.js";
import { layerEditor } from "./ui/layer-editor.js";
import { drawLineChart } from "./ui/line-chart.js";
import { type Column, NetworkView } from "./ui/network-view.js";
import { healthTable, summaryTable } from "./ui/tables.js";
import { decodeState, encodeState } from "./url-state.js";
import { WorkerClient } from "./worker-client.js";
import type { Catalogue, FromWorker, ProgressPoint, Snapshot } from "./worker/protocol.js";

/** Fields whose change means new data, not only a new model. */
const DATA_FIELDS = ["dataset", "noise", "trainShare", "samples", "seed"] as const;

const decoded = decodeState(location.hash);
let config: PlaygroundConfig = decoded.config;
let data: Dataset | null = null;
let csv: { name: string; raw: RawDataset } | null = null;
let catalogue: Catalogue = { layers: [], activations: [], optimizers: [] };
let summary: ModelSummary | null = null;
let history: ProgressPoint[] = [];
let snapshot: Snapshot | null = null;
let running = false;
let built = false;
let predictionId = 0;
let dataVersion = 0;

const worker = new WorkerClient(onWorkerMessage, (message) =>
  notify("error", `Training worker: ${message}`),
);
const boundary = new BoundaryView(300);
const network = new NetworkView();
const pad = new DigitPad((pixels) => {
  predictionId += 1;
  worker.send({ type: "predict", id: predictionId, input: pixels });
});

// Static skeleton; the parts inside are re-rendered as state changes.
const playButton = h(
  "button",
  { id: "play", class: "play", "aria-label": "Train", onclick: togglePlay },
  "▶",
);
const statusText = h("span", { id: "status", "data-state": "starting" }, "starting");
const epochText = h("span", { id: "epoch", class: "counter" }, "0");
const stepText = h("span", { id: "steps", class: "counter" }, "0");
const backendBadge = h("span", { id: "backend", class: "badge" }, "starting…");
const notices = h("div", { id: "notices", class: "notices", role: "status" });
const leftColumn = h("div", { class: "column left" });
const layersBox = h("div", { class: "layers-box" });
const healthBox = h("div", { id: "health" });
const summaryBox = h("div", { class: "summary-box" });
const outputBox = h("div", { class: "output-box" });
const lossChart = h("canvas", { id: "loss-chart", class: "chart" });
const metricChart = h("canvas", { id: "metric-chart", class: "chart" });
const scoreLine = h("p", { id: "scores", class: "scores" });
const showTest = h("input", { type: "checkbox", id: "show-test", onchange: () => drawOutput() });
const importInput = h("input", {
  type: "file",
  id: "import-file",
  class: "visually-hidden",
  multiple: true,
  accept: ".json,.bin",
  onchange: (event: Event) => importFiles((event.target as HTMLInputElement).files),
});

replaceChildren(
  document.getElementById("app")!,
  h(
    "header",
    { class: "topbar" },
    h(
      "div",
      { class: "brand" },
      h("h1", {}, "Myelin playground"),
      h("span", { class: "tagline" }, "assemble, train and look inside a network"),
    ),
    h(
      "div",
      { class: "transport" },
      h(
        "button",
        {
          id: "reset",
          class: "icon big",
          title: "Reset the weights",
          "aria-label": "Reset",
          onclick: () => worker.send({ type: "reset" }),
        },
        "⟲",
      ),
      playButton,
      h(
        "button",
        {
          id: "step-epoch",
          class: "small",
          title: "Train one epoch",
          onclick: () => step("epoch"),
        },
        "+1 epoch",
      ),
      h(
        "button",
        {
          id: "step-batch",
          class: "small",
          title: "Train one batch",
          onclick: () => step("batch"),
        },
        "+1 batch",
      ),
      h(
        "div",
        { class: "counters" },
        h("span", {}, "epoch ", epochText),
        h("span", {}, "steps ", stepText),
        statusText,
      ),
    ),
    h(
      "div",
      { class: "actions" },
      backendBadge,
      h(
        "button",
        { id: "share", onclick: share, title: "Copy a link to this configuration" },
        "Share link",
      ),
      h(
        "button",
        {
          id: "export",
          onclick: () => worker.send({ type: "export" }),
          title: "Download model.json and weights.bin",
        },
        "Export model",
      ),
      h(
        "label",
        { class: "button", for: "import-file", title: "Load model.json and weights.bin" },
        "Import model",
        importInput,
      ),
    ),
  ),
  notices,
  h(
    "main",
    { class: "layout" },
    leftColumn,
    h(
      "div",
      { class: "column middle" },
      h(
        "section",
        { class: "panel", "aria-label": "Network" },
        h("h2", {}, "Network"),
        layersBox,
        h("div", { class: "network-scroll" }, network.canvas),
      ),
      h(
        "section",
        { class: "panel", "aria-label": "Layer health" },
        h("h2", {}, "Layer health"),
        healthBox,
      ),
      h("section", { class: "panel", "aria-label": "Summary" }, h("h2", {}, "Summary"), summaryBox),
    ),
    h(
      "div",
      { class: "column right" },
      h("section", { class: "panel", "aria-label": "Output" }, h("h2", {}, "Output"), outputBox),
      h(
        "section",
        { class: "panel", "aria-label": "Curves" },
        h("h2", {}, "Curves"),
        scoreLine,
        h("div", { class: "chart-box" }, lossChart, metricChart),
      ),
    ),
  ),
);

for (const problem of decoded.problems) {
  notify("info", `Link: ${problem}`);
}
document.addEventListener("dragover", (event) => event.preventDefault());
document.addEventListener("drop", (event) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) {
    void openCsv(file);
  }
});
window.addEventListener("hashchange", () => {
  if (location.hash !== encodeState(config)) {
    const next = decodeState(location.hash);
    next.problems.forEach((p) => notify("info", `Link: ${p}`));
    void change(next.config);
  }
});

const query = new URLSearchParams(location.search);
worker.send({
  type: "init",
  backend: query.get("backend") === "js" ? "js" : "wasm",
  threads: threadCount(query.get("threads")),
});
renderLeft();
renderOutput();
// The model is built once both the data and the worker are ready, whichever comes last.
void loadData().then(() => {
  renderLeft();
  configure();
});

function onWorkerMessage(message: FromWorker): void {
  switch (message.type) {
    case "ready":
      catalogue = message.catalogue;
      backendBadge.textContent =
        message.threads > 1 ? `${message.backend} · ${message.threads} threads` : message.backend;
      backendBadge.title =
        message.note ?? `Training runs on the ${message.backend} backend in a worker.`;
      if (message.note !== undefined) {
        notify("info", message.note);
      }
      setStatus("ready");
      renderLeft();
      configure();
      break;
    case "built":
      built = true;
      epochText.textContent = "0";
      stepText.textContent = "0";
      scoreLine.textContent = "";
      delete scoreLine.dataset.testLoss;
      delete scoreLine.dataset.testMetric;
      statusText.dataset.dataset = data?.name ?? "";
      setRunning(false);
      summary = message.summary;
      history = [];
      snapshot = null;
      if (message.layers !== undefined) {
        config = { ...config, layers: message.layers };
        writeHash();
      }
      renderNetwork();
      replaceChildren(summaryBox, summaryTable(summary));
      drawOutput();
      break;
    case "snapshot":
      snapshot = message.snapshot;
      if (history.length === 0 || history[history.length - 1]!.step !== snapshot.progress.step) {
        history.push(snapshot.progress);
      }
      setRunning(message.running);
      drawLive();
      break;
    case "state":
      setRunning(message.running);
      break;
    case "prediction":
      if (message.id === predictionId) {
        pad.show(message.probabilities);
      }
      break;
    case "exported":
      download("model.json", new Blob([message.json], { type: "application/json" }));
      download("weights.bin", new Blob([message.weights], { type: "application/octet-stream" }));
      notify(
        "info",
        "Exported model.json and weights.bin; `myelin evaluate` and `myelin predict` read them.",
      );
      break;
    case "error":
      notify("error", `${message.during}: ${message.message}`);
      if (!built) {
        built = false;
        setStatus("error");
      }
      break;
  }
}

/** Applies a configuration change; new data when a data field changed, a new model always. */
async function change(patch: Partial<PlaygroundConfig>): Promise<void> {
  const next = { ...config, ...patch };
  const dataChanged = DATA_FIELDS.some((key) => next[key] !== config[key]);
  config = next;
  writeHash();
  if (dataChanged) {
    await loadData();
  }
  renderLeft();
  configure();
}

async function loadData(): Promise<void> {
  const version = ++dataVersion;
  const { dataset, samples, noise, seed, trainShare } = config;
  try {
    let raw: RawDataset;
    if (isToy(dataset)) {
      raw = generateToy(dataset, { samples, noise, seed });
    } else if (dataset === "csv") {
      if (csv === null) {
        throw new Error("no CSV file is open; drop one on the page");
      }
      raw = csv.raw;
    } else {
      raw = await loadBundled(dataset);
    }
    if (version !== dataVersion) {
      return;
    }
    data = splitDataset(raw, trainShare, seed);
  } catch (error) {
    data = null;
    notify("error", `Data: ${errorText(error)}`);
  }
  renderOutput();
}

async function openCsv(file: File): Promise<void> {
  try {
    const raw = loadCsv(await file.text(), file.name);
    csv = { name: file.name, raw };
    if (config.dataset === "csv") {
      await loadData();
      renderLeft();
      configure();
    } else {
      await change({ dataset: "csv" });
    }
    notify(
      "info",
      `Loaded ${file.name}: ${raw.y.length} rows, ` +
        `${raw.featureNames.length} features, ${raw.task}.`,
    );
  } catch (error) {
    notify("error", `CSV: ${errorText(error)}`);
  }
}

/** Sends the configuration and data to the worker, which builds a fresh model. */
function configure(model?: { json: string; weights: ArrayBuffer }): void {
  if (data === null || catalogue.layers.length === 0) {
    return;
  }
  built = false;
  history = [];
  snapshot = null;
  setRunning(false);
  setStatus("building");
  replaceChildren(summaryBox, h("p", { class: "note" }, "Building the model…"));
  const copy = { ...data, x: data.x.slice(), y: data.y.slice() };
  worker.send({ type: "configure", config, data: copy, ...(model ? { model } : {}) }, [
    copy.x.buffer,
    copy.y.buffer,
  ]);
  renderNetwork();
}

function togglePlay(): void {
  if (!built) {
    return;
  }
  worker.send({ type: running ? "pause" : "play" });
  setRunning(!running);
}

function step(unit: "epoch" | "batch"): void {
  if (built) {
    worker.send({ type: "step", unit });
  }
}

function setRunning(value: boolean): void {
  running = value;
  playButton.textContent = running ? "❚❚" : "▶";
  playButton.setAttribute("aria-label", running ? "Pause" : "Train");
  if (running || built) {
    setStatus(running ? "training" : "paused");
  }
}

function setStatus(state: string): void {
  statusText.dataset.state = state;
  statusText.textContent = state;
}

function renderLeft(): void {
  replaceChildren(
    leftColumn,
    dataPanel(config, data, csv?.name ?? null, {
      change: (patch) => void change(patch),
      openCsv: (file) => void openCsv(file),
    }),
    trainingPanel(config, catalogue.optimizers, (patch) => void change(patch)),
  );
}

function renderNetwork(): void {
  replaceChildren(
    layersBox,
    layerEditor(
      config.layers,
      catalogue,
      snapshot?.health ?? [],
      (layers) => void change({ layers }),
    ),
  );
  const columns: Column[] = [];
  if (data !== null) {
    const names = data.featureNames;
    columns.push({
      title: "input",
      subtitle: names.length <= 3 ? names.join(", ") : `${names.length} features`,
      units: names.length,
      trainable: false,
    });
  }
  for (const row of summary?.rows ?? []) {
    columns.push({
      title: row.name,
      subtitle: `${row.outputUnits} · ${row.activation ?? row.className.toLowerCase()}`,
      units: row.outputUnits,
      trainable: row.params > 0,
    });
  }
  network.setColumns(columns, layersBox.clientWidth);
  network.draw(null, data !== null && isToy(config.dataset));
  replaceChildren(healthBox, healthTable(snapshot?.health ?? []));
}

function renderOutput(): void {
  if (data === null) {
    replaceChildren(outputBox, h("p", { class: "note" }, "No data yet: choose a data set."));
    return;
  }
  if (data.extent !== undefined) {
    replaceChildren(
      outputBox,
      boundary.canvas,
      h("label", { class: "field inline check" }, showTest, "Show test points (dark ring)"),
      h(
        "p",
        { class: "note" },
        data.task === "regression"
          ? "Colour: predicted value, orange −1 to blue +1."
          : "Colour: predicted probability of class 1 (blue).",
      ),
    );
  } else if (config.dataset === "digits") {
    replaceChildren(
      outputBox,
      h(
        "p",
        { class: "note" },
        "Train, then draw a digit. It is reduced to 8×8 like the digits set.",
      ),
      pad.element,
    );
  } else {
    const classes =
      data.classes.length > 0 ? `classes: ${data.classes.join(", ")}` : "a numeric target";
    replaceChildren(
      outputBox,
      h(
        "p",
        { class: "note" },
        `${data.name}: ${data.featureNames.length} features, ${classes}. ` +
          "The curves show how training goes.",
      ),
    );
  }
  drawOutput();
}

function drawOutput(): void {
  if (data?.extent !== undefined) {
    boundary.draw(data, snapshot?.boundary, snapshot?.gridSize ?? 1, showTest.checked);
  }
}

function drawLive(): void {
  if (snapshot === null || data === null) {
    return;
  }
  const progress = snapshot.progress;
  epochText.textContent = progress.epoch.toFixed(progress.epoch < 10 ? 2 : 1);
  stepText.textContent = String(progress.step);
  drawOutput();
  network.draw(
    {
      units: snapshot.units,
      links: snapshot.links,
      gridSize: snapshot.gridSize,
      unhealthy: snapshot.health.map((l) => l.warnings.length > 0),
    },
    isToy(config.dataset),
  );
  replaceChildren(healthBox, healthTable(snapshot.health));
  for (const card of layersBox.querySelectorAll<HTMLElement>(".layer-card")) {
    const entry = snapshot.health.find((l) => l.position === Number(card.dataset.layer));
    card.classList.toggle("unhealthy", (entry?.warnings.length ?? 0) > 0);
  }

  const classification = data.task !== "regression";
  const metricName = classification ? "accuracy" : "mean abs. error";
  scoreLine.dataset.testLoss = String(progress.testLoss);
  scoreLine.dataset.testMetric = String(progress.testMetric);
  scoreLine.textContent =
    `Test loss ${progress.testLoss.toFixed(3)} · train loss ${progress.trainLoss.toFixed(3)} · ` +
    `test ${metricName} ${formatMetric(progress.testMetric, classification)}`;
  const points = (key: keyof ProgressPoint) => history.map((p) => ({ x: p.epoch, y: p[key] }));
  sizeChart(lossChart);
  sizeChart(metricChart);
  drawLineChart(
    lossChart,
    [
      { label: "train", color: "#555", points: points("trainLoss") },
      { label: "test", color: "#d9480f", dashed: true, points: points("testLoss") },
    ],
    { title: "Loss", xLabel: "epoch", format: (v) => v.toFixed(3) },
  );
  drawLineChart(
    metricChart,
    [
      { label: "train", color: "#555", points: points("trainMetric") },
      { label: "test", color: "#1c7ed6", dashed: true, points: points("testMetric") },
    ],
    classification
      ? {
          title: "Accuracy",
          xLabel: "epoch",
          yRange: [0, 1],
          format: (v) => `${Math.round(v * 100)} %`,
        }
      : { title: "Mean absolute error", xLabel: "epoch", format: (v) => v.toFixed(3) },
  );
}

function formatMetric(value: number, classification: boolean): string {
  return classification ? `${(value * 100).toFixed(1)} %` : value.toFixed(3);
}

function sizeChart(canvas: HTMLCanvasElement): void {
  const width = canvas.parentElement?.clientWidth || 300;
  const height = 150;
  const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
  if (canvas.width !== Math.round(width * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  canvas.getContext("2d")!.setTransform(ratio, 0, 0, ratio, 0, 0);
}

function writeHash(): void {
  const hash = encodeState(config);
  if (location.hash !== hash) {
    window.history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
  }
}

async function share(): Promise<void> {
  writeHash();
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    notify("info", "Link copied: it restores the layers, optimizer, data set, noise and seed.");
  } catch {
    notify("info", `Share this link: ${link}`);
  }
}

async function importFiles(files: FileList | null): Promise<void> {
  const list = [...(files ?? [])];
  const json = list.find((f) => f.name.endsWith(".json"));
  const weights = list.find((f) => f.name.endsWith(".bin"));
  if (json === undefined || weights === undefined) {
    notify("error", "Import: choose both files of a model, model.json and weights.bin, at once.");
    return;
  }
  const text = await json.text();
  try {
    const saved = (JSON.parse(text) as { metadata?: { playground?: unknown } }).metadata
      ?.playground;
    if (saved !== undefined && typeof saved === "string") {
      const restored = decodeState(saved);
      const dataChanged = DATA_FIELDS.some((key) => restored.config[key] !== config[key]);
      config = restored.config;
      writeHash();
      if (dataChanged) {
        await loadData();
      }
      renderLeft();
    }
  } catch (error) {
    notify("error", `Import: ${json.name} is not JSON (${errorText(error)}).`);
    return;
  }
  configure({ json: text, weights: await weights.arrayBuffer() });
  notify("info", `Imported ${json.name} and ${weights.name}.`);
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function notify(kind: "info" | "error", text: string): void {
  const item = h(
    "div",
    { class: `notice ${kind}` },
    h("span", {}, text),
    h("button", { class: "icon", "aria-label": "Dismiss", onclick: () => item.remove() }, "×"),
  );
  notices.appendChild(item);
  if (kind === "info") {
    setTimeout(() => item.remove(), 8000);
  }
  while (notices.children.length > 4) {
    notices.firstElementChild?.remove();
  }
}

/**
 * Wasm threads need SharedArrayBuffer, so a cross-origin isolated page. One
 * core is left to the page itself (drawing stays smooth); `?threads=N` in the
 * address overrides the count.
 */
function threadCount(asked: string | null): number {
  if (!globalThis.crossOriginIsolated) {
    return 1;
  }
  const cores = navigator.hardwareConcurrency || 1;
  const wanted = asked === null ? cores - 1 : Number(asked);
  return Number.isInteger(wanted) ? Math.max(1, Math.min(8, wanted)) : 1;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
