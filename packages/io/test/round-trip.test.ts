import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeModel, encodeModel, memoryHandler, parseModelDocument } from "../src/index.js";
import { fileSystemHandler } from "../src/node.js";
import {
  bytesOf,
  packWeights,
  sampleArtifacts,
  useTempDir,
  weightBytes,
  type WeightValues,
} from "./helpers.js";

const tempDir = useTempDir();

describe("saving and loading", () => {
  it("restores every field and every weight byte through a directory", async () => {
    const dir = await tempDir();
    const original = sampleArtifacts();
    await fileSystemHandler(dir).save(original);
    const loaded = await fileSystemHandler(dir).load();

    expect(loaded.modelJson).toEqual(original.modelJson);
    expect(loaded.weightSpecs.map((s) => [s.name, s.shape, s.dtype])).toEqual(
      original.weightSpecs.map((s) => [s.name, s.shape, s.dtype]),
    );
    expect(weightBytes(loaded)).toEqual(weightBytes(original));
    expect(loaded.trainingConfig).toEqual(original.trainingConfig);
    expect(loaded.preprocessing).toEqual(original.preprocessing);
    expect(loaded.metadata).toEqual(original.metadata);
    expect(loaded.checkpoint).toEqual(original.checkpoint);
    const iterations = loaded.weightSpecs.find((s) => s.name === "optimizer/iterations")!;
    expect(new Float64Array(loaded.weightData, iterations.offset, 1)[0]).toBe(12);
  });

  it("writes model.json with the format, version, manifest and checksum", async () => {
    const dir = await tempDir();
    const result = await fileSystemHandler(dir).save(sampleArtifacts());
    const json = JSON.parse(await readFile(join(dir, "model.json"), "utf8"));
    const weights = await readFile(join(dir, "weights.bin"));

    expect(json.format).toBe("myelin-model");
    expect(json.formatVersion).toBe(1);
    expect(json.weightsManifest).toMatchObject({
      path: "weights.bin",
      byteLength: weights.byteLength,
      sha256: result.sha256,
      byteOrder: "little-endian",
    });
    expect(json.weightsManifest.weights.map((w: { name: string }) => w.name)).toEqual([
      "dense/kernel",
      "dense/bias",
      "dense/steps",
      "optimizer/iterations",
      "optimizer/dense/kernel/0",
      "optimizer/dense/bias/0",
    ]);
    const offsets = json.weightsManifest.weights.map((w: { offset: number }) => w.offset);
    expect(offsets).toEqual([0, 24, 36, 40, 48, 72]);
    expect(result.weightBytes).toBe(weights.byteLength);
  });

  it("fills in the creation time and version when metadata leaves them out", async () => {
    const { document } = await encodeModel({ ...sampleArtifacts(), metadata: { dataset: "x" } });
    expect(document.metadata.dataset).toBe("x");
    expect(Number.isNaN(Date.parse(document.metadata.createdAt))).toBe(false);
    expect(document.metadata.myelinVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("round-trips any float32 bit pattern, NaN payloads included", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { minLength: 0, maxLength: 20 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (arrays) => {
          const weights: WeightValues = arrays.map((bits, i) => [
            `w${i}`,
            [bits.length],
            new Float32Array(new Int32Array(bits).buffer),
          ]);
          const handler = memoryHandler();
          await handler.save({ modelJson: {}, ...packWeights(weights) });
          const loaded = await handler.load();
          expect(bytesOf(loaded.weightData)).toEqual(weights.flatMap(([, , v]) => bytesOf(v)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("repacks weights in spec order, whatever their layout in weightData", async () => {
    const data = new Float32Array([9, 1, 2, 3]);
    const { weights, document } = await encodeModel({
      modelJson: {},
      weightSpecs: [
        { name: "b", shape: [3], dtype: "float32", offset: 4, byteLength: 12 },
        { name: "a", shape: [], dtype: "float32", offset: 0, byteLength: 4 },
      ],
      weightData: data.buffer,
    });
    expect(Array.from(new Float32Array(weights.buffer))).toEqual([1, 2, 3, 9]);
    expect(document.weightsManifest.weights.map((w) => [w.name, w.offset])).toEqual([
      ["b", 0],
      ["a", 12],
    ]);
  });
});

// C23: weights saved and loaded must reproduce the predictions, and a second save of
// the loaded model must equal the first to the last bit.
describe("the XOR network of case C23", () => {
  const kernel1 = [
    [-3.594487237455296, -5.735954921370731, -0.959203897155529],
    [-3.5995564144376537, -5.8343520918041145, -1.0322345440841676],
  ];
  const bias1 = [5.219508124805883, 2.0856377515985987, -0.6705773932893153];
  const kernel2 = [[7.143018785739898], [-7.763584975007569], [0.7122170310638396]];
  const bias2 = [-3.2519169651133897];
  const expected = [
    0.056676648660123834, 0.933524469823917, 0.9331472424365438, 0.0882428531821962,
  ];

  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const dense = (x: number[], kernel: Float32Array, bias: Float32Array, units: number) =>
    Array.from({ length: units }, (_, j) =>
      sigmoid(x.reduce((sum, xi, i) => sum + xi * kernel[i * units + j]!, bias[j]!)),
    );
  const predict = (weights: Float32Array[], x: number[]) =>
    dense(dense(x, weights[0]!, weights[1]!, 3), weights[2]!, weights[3]!, 1)[0]!;

  it("predicts the same before and after a save, and saves the loaded copy identically", async () => {
    const dir = await tempDir();
    const weights = [kernel1.flat(), bias1, kernel2.flat(), bias2].map((w) => Float32Array.from(w));
    const shapes = [[2, 3], [3], [3, 1], [1]];
    const names = ["dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"];
    const packed = packWeights(names.map((name, i) => [name, shapes[i]!, weights[i]!]));
    const inputs = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const before = inputs.map((x) => predict(weights, x));

    await fileSystemHandler(dir).save({ modelJson: { className: "sequential" }, ...packed });
    const firstBytes = await readFile(join(dir, "weights.bin"));
    const loaded = await fileSystemHandler(dir).load();
    const restored = loaded.weightSpecs.map(
      (spec) =>
        new Float32Array(loaded.weightData.slice(spec.offset, spec.offset + spec.byteLength)),
    );
    const after = inputs.map((x) => predict(restored, x));

    expect(after).toEqual(before);
    after.forEach((y, i) => expect(y).toBeCloseTo(expected[i]!, 6));

    const second = await tempDir();
    await fileSystemHandler(second).save(loaded);
    expect(bytesOf(await readFile(join(second, "weights.bin")))).toEqual(bytesOf(firstBytes));
    const [a, b] = await Promise.all(
      [dir, second].map(async (d) =>
        parseModelDocument(await readFile(join(d, "model.json"), "utf8"), d),
      ),
    );
    expect(b!.weightsManifest).toEqual(a!.weightsManifest);
    expect(b!.modelTopology).toEqual(a!.modelTopology);
  });

  it("decodes what encodeModel wrote without a handler in between", async () => {
    const packed = packWeights([["w", [2], new Float32Array([1.5, -2])]]);
    const encoded = await encodeModel({ modelJson: {}, ...packed });
    const document = parseModelDocument(encoded.json, "model.json");
    const artifacts = await decodeModel(document, encoded.weights, "weights.bin");
    expect(Array.from(new Float32Array(artifacts.weightData))).toEqual([1.5, -2]);
  });
});

describe("values JSON cannot hold", () => {
  it("reads a NaN metric back as null instead of refusing the file", async () => {
    const handler = memoryHandler();
    const artifacts = sampleArtifacts();
    await handler.save({
      ...artifacts,
      metadata: { metrics: { test_loss: Number.NaN, test_accuracy: 0.5 } },
    });
    const loaded = await handler.load();
    expect(loaded.metadata?.metrics).toEqual({ test_loss: null, test_accuracy: 0.5 });
  });
});
