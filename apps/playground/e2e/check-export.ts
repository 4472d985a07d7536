import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeModel, parseModelDocument } from "@myelin/io";
import * as my from "myelin";
import { isToy } from "../src/config.js";
import { gatherRows, splitDataset } from "../src/data/dataset.js";
import { generateToy } from "../src/data/toy.js";
import { score } from "../src/model/metrics.js";
import { decodeState } from "../src/url-state.js";

/** What an exported model turned out to be, read back in Node. */
export interface ExportReport {
  format: string;
  featureNames: string[];
  /** Loss of the reloaded model on the test rows of the data set named in the file. */
  testLoss: number;
  /** The test rows as a CSV with the model's column names, for the CLI. */
  testCsv: string;
}

/** The built command line, when its package has been built (the root build does it first). */
export const CLI = join(dirname(fileURLToPath(import.meta.url)), "../../cli/dist/cli.js");

/**
 * Runs `myelin <command> <dir> --data <csv> --json` and returns its JSON events.
 *
 * @throws Error with the CLI's output when it exits with an error.
 */
export function runCli(
  command: "evaluate" | "predict",
  dir: string,
  csv: string,
): Record<string, unknown>[] {
  const run = spawnSync(process.execPath, [CLI, command, dir, "--data", csv, "--json"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  if (run.status !== 0) {
    throw new Error(`myelin ${command} exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  }
  return run.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Reads exported files the way any Node program would: `@myelin/io` checks
 * them (format, sizes, SHA-256), the model package rebuilds the model on the
 * JS backend, and the test rows of the generated set it names are scored.
 */
export async function checkExportedModel(json: string, weights: Uint8Array): Promise<ExportReport> {
  const { registry } = await my.setup({ backend: "js", registry: new my.Registry() });

  const document = parseModelDocument(json, "model.json");
  const artifacts = await decodeModel(document, weights, "weights.bin");
  const model = my.loadModelFromArtifacts(artifacts as never, { registry });
  const saved = document.metadata.playground;
  if (typeof saved !== "string") {
    throw new Error(
      "model.json has no metadata.playground: it was not exported by the playground.",
    );
  }
  const { config } = decodeState(saved);
  if (!isToy(config.dataset)) {
    throw new Error(`checkExportedModel scores generated sets only, not ${config.dataset}.`);
  }
  const raw = generateToy(config.dataset, {
    samples: config.samples,
    noise: config.noise,
    seed: config.seed,
  });
  const data = splitDataset(raw, config.trainShare, config.seed);
  const x = my.tensor(gatherRows(data.x, 2, data.test), [data.test.length, 2]);
  const predicted = model.predict(x) as my.Tensor;
  const testLoss = score(
    data.task,
    Float32Array.from(predicted.data()),
    Array.from(data.test, (i) => data.y[i]!),
  ).loss;
  x.dispose();
  predicted.dispose();
  const header = [...data.featureNames, data.targetName].join(",");
  const rows = Array.from(data.test, (i) => `${data.x[2 * i]},${data.x[2 * i + 1]},${data.y[i]}`);
  return {
    format: document.format,
    featureNames: document.preprocessing?.featureNames ?? [],
    testLoss,
    testCsv: [header, ...rows].join("\n") + "\n",
  };
}
