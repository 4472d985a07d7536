import {
  BUNDLED_DATASETS,
  clamp,
  type DatasetName,
  defaultConfig,
  LIMITS,
  type LayerSpec,
  type PlaygroundConfig,
  TOY_DATASETS,
} from "./config.js";

/** A decoded hash, with what had to be dropped or corrected on the way. */
export interface DecodedState {
  config: PlaygroundConfig;
  /** One sentence per field that was out of range or unreadable. */
  problems: string[];
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const NUMERIC_FIELDS = ["units", "rate", "stddev", "l1", "l2"] as const;
const FIELD_LIMITS: Record<(typeof NUMERIC_FIELDS)[number], readonly [number, number]> = {
  units: LIMITS.units,
  rate: LIMITS.rate,
  stddev: LIMITS.stddev,
  l1: LIMITS.penalty,
  l2: LIMITS.penalty,
};

/**
 * Writes a configuration as a readable URL hash, for example
 * `#data=spiral&noise=0.05&train=0.7&n=600&seed=1&layers=dense:activation=relu:units=8`
 * `&opt=adam&lr=0.01&batch=16`.
 * A dropped CSV file is not part of the hash: its rows stay on the user's machine.
 */
export function encodeState(config: PlaygroundConfig): string {
  const params = new URLSearchParams();
  params.set("data", config.dataset);
  params.set("noise", String(config.noise));
  params.set("train", String(config.trainShare));
  params.set("n", String(config.samples));
  params.set("seed", String(config.seed));
  params.set("layers", config.layers.map(encodeLayer).join(","));
  params.set("opt", config.optimizer);
  params.set("lr", String(config.learningRate));
  params.set("batch", String(config.batchSize));
  // URLSearchParams escapes ":", "," and "="; all are legal in a fragment and keep it readable.
  return "#" + params.toString().replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%3D/g, "=");
}

function encodeLayer(layer: LayerSpec): string {
  const parts = [layer.type];
  if (layer.activation !== undefined) {
    parts.push(`activation=${layer.activation}`);
  }
  for (const field of NUMERIC_FIELDS) {
    const value = layer[field];
    if (value !== undefined) {
      parts.push(`${field}=${value}`);
    }
  }
  return parts.join(":");
}

/**
 * Reads a hash written by {@link encodeState}. Missing fields take their
 * defaults; values out of range are clamped and unreadable ones replaced by
 * the default, each with a sentence in `problems`, so a hand-edited link still
 * opens.
 */
export function decodeState(hash: string): DecodedState {
  const fallback = defaultConfig();
  const problems: string[] = [];
  const params = new URLSearchParams(hash.replace(/^#/, ""));

  const number = (
    key: string,
    limits: readonly [number, number],
    value: number,
    integer = false,
  ) => {
    const text = params.get(key);
    if (text === null) {
      return value;
    }
    const parsed = Number(text);
    if (text.trim() === "" || !Number.isFinite(parsed)) {
      problems.push(`"${key}" should be a number but is "${text}"; using ${value}.`);
      return value;
    }
    const rounded = integer ? Math.round(parsed) : parsed;
    const clamped = clamp(rounded, limits);
    if (clamped !== rounded) {
      problems.push(`"${key}" is ${text}, outside [${limits[0]}, ${limits[1]}]; using ${clamped}.`);
    } else if (clamped !== parsed) {
      problems.push(`"${key}" is ${text}, not a whole number; using ${clamped}.`);
    }
    return clamped;
  };

  const datasets: readonly string[] = [...TOY_DATASETS, ...BUNDLED_DATASETS];
  let dataset = fallback.dataset;
  const dataText = params.get("data");
  if (dataText !== null) {
    if (datasets.includes(dataText)) {
      dataset = dataText as DatasetName;
    } else {
      problems.push(
        `Unknown dataset "${dataText}" (known: ${datasets.join(", ")}); using ${dataset}.` +
          (dataText === "csv" ? " A dropped CSV file is not stored in links." : ""),
      );
    }
  }

  const noise = number("noise", LIMITS.noise, fallback.noise);
  const trainShare = number("train", LIMITS.trainShare, fallback.trainShare);
  const samples = number("n", LIMITS.samples, fallback.samples, true);
  const seed = number("seed", LIMITS.seed, fallback.seed, true);
  const layersText = params.get("layers");
  const layers = layersText === null ? fallback.layers : decodeLayers(layersText, problems);

  let optimizer = fallback.optimizer;
  const optText = params.get("opt");
  if (optText !== null) {
    if (NAME.test(optText)) {
      optimizer = optText;
    } else {
      problems.push(`"opt" should be an optimizer name but is "${optText}"; using ${optimizer}.`);
    }
  }
  const learningRate = number("lr", LIMITS.learningRate, fallback.learningRate);
  const batchSize = number("batch", LIMITS.batchSize, fallback.batchSize, true);

  const config = {
    dataset,
    noise,
    trainShare,
    samples,
    seed,
    layers,
    optimizer,
    learningRate,
    batchSize,
  };
  return { config, problems };
}

function decodeLayers(text: string, problems: string[]): LayerSpec[] {
  const tokens = text === "" ? [] : text.split(",");
  const layers: LayerSpec[] = [];
  tokens.forEach((token, index) => {
    const [type = "", ...fields] = token.split(":");
    if (!NAME.test(type)) {
      problems.push(`Layer ${index + 1} has no readable type ("${token}"); it was left out.`);
      return;
    }
    const layer: LayerSpec = { type };
    for (const field of fields) {
      const [key = "", value = ""] = field.split("=");
      if (key === "activation" && NAME.test(value)) {
        layer.activation = value;
      } else if (
        (NUMERIC_FIELDS as readonly string[]).includes(key) &&
        value !== "" &&
        Number.isFinite(Number(value))
      ) {
        const name = key as (typeof NUMERIC_FIELDS)[number];
        const limits = FIELD_LIMITS[name];
        const parsed = name === "units" ? Math.round(Number(value)) : Number(value);
        const used = clamp(parsed, limits);
        layer[name] = used;
        const where = `Layer ${index + 1}: ${key} ${value}`;
        if (used !== parsed) {
          problems.push(`${where} is outside [${limits[0]}, ${limits[1]}]; using ${used}.`);
        } else if (used !== Number(value)) {
          problems.push(`${where} is not a whole number; using ${used}.`);
        }
      } else {
        problems.push(`Layer ${index + 1}: "${field}" is not a known setting; it was ignored.`);
      }
    }
    layers.push(layer);
  });
  if (layers.length > LIMITS.layers[1]) {
    problems.push(
      `${layers.length} hidden layers is more than ${LIMITS.layers[1]}; ` +
        "the extra ones were left out.",
    );
    layers.length = LIMITS.layers[1];
  }
  return layers;
}
