import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { ModelArtifacts, WeightSpec } from "../src/index.js";

/** Named weight values, packed into artifacts in this order. */
export type WeightValues = [
  name: string,
  shape: number[],
  values: Float32Array | Float64Array | Int32Array,
][];

/**
 * Packs named typed arrays into `weightSpecs` + `weightData`, each starting on a
 * multiple of `align` bytes (the model package aligns to 8, leaving gaps).
 */
export function packWeights(
  weights: WeightValues,
  align = 1,
): Pick<ModelArtifacts, "weightSpecs" | "weightData"> {
  const weightSpecs: WeightSpec[] = [];
  let offset = 0;
  for (const [name, shape, values] of weights) {
    const dtype =
      values instanceof Int32Array
        ? "int32"
        : values instanceof Float64Array
        ? "float64"
        : "float32";
    weightSpecs.push({ name, shape, dtype, offset, byteLength: values.byteLength });
    offset += Math.ceil(values.byteLength / align) * align;
  }
  const bytes = new Uint8Array(offset);
  weights.forEach(([, , values], i) => {
    const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    bytes.set(view, weightSpecs[i]!.offset);
  });
  return { weightSpecs, weightData: bytes.buffer };
}

/**
 * A small model's artifacts shaped like the model package's: a topology that lists
 * its weights, optimizer state stored as weights, 8-byte aligned offsets.
 */
export function sampleArtifacts(scale = 1): ModelArtifacts {
  const kernel = Float32Array.from({ length: 6 }, (_, i) => (i - 2.5) * 0.1 * scale);
  const weights: WeightValues = [
    ["dense/kernel", [2, 3], kernel],
    ["dense/bias", [3], new Float32Array([0.5, -0.25, scale])],
    ["dense/steps", [], new Int32Array([7])],
    ["optimizer/iterations", [], Float64Array.of(12)],
    ["optimizer/dense/kernel/0", [2, 3], kernel.map((x) => x / 10)],
    ["optimizer/dense/bias/0", [3], new Float32Array([1, 2, 3])],
  ];
  const packed = packWeights(weights, 8);
  return {
    modelJson: {
      format: "myelin-model",
      formatVersion: 1,
      modelClass: "Sequential",
      topology: {
        layers: [
          { className: "dense", package: "@myelin/layers", version: "0.1.0", config: { units: 3 } },
        ],
      },
      weightsManifest: packed.weightSpecs.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
    },
    ...packed,
    trainingConfig: { epochs: 3, batchSize: 32 },
    preprocessing: {
      featureNames: ["a", "b"],
      targetName: "y",
      task: "classification",
      classes: ["no", "yes", "maybe"],
      scaler: { kind: "standard", version: 1, mean: [1, 2], scale: [0.5, 3] },
    },
    metadata: { createdAt: "2026-01-01T00:00:00.000Z", myelinVersion: "0.1.0", dataset: "tiny" },
    checkpoint: { epoch: 3, seed: 42, complete: false, state: { history: [0.5, 0.4, 0.3] } },
  };
}

/** The bytes of each weight, by name, whatever the layout of `weightData`. */
export function weightBytes(
  artifacts: Pick<ModelArtifacts, "weightSpecs" | "weightData">,
): Record<string, number[]> {
  return Object.fromEntries(
    artifacts.weightSpecs.map((spec) => [
      spec.name,
      Array.from(new Uint8Array(artifacts.weightData, spec.offset, spec.byteLength)),
    ]),
  );
}

/** Byte-level view of a buffer, for exact comparisons. */
export function bytesOf(buffer: ArrayBuffer | ArrayBufferView): number[] {
  const view = ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer);
  return Array.from(view);
}

/** A fresh temporary directory, removed after the test. */
export function useTempDir(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), "myelin-io-"));
    made.push(dir);
    return dir;
  };
}
