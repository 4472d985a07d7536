import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkWeightsMatch, ModelFileError, parseModelDocument } from "../src/index.js";
import { fileSystemHandler } from "../src/node.js";
import { caught } from "@myelin/test-utils";
import { sampleArtifacts, useTempDir } from "./helpers.js";

const tempDir = useTempDir();

/** A saved model directory plus helpers to damage it. */
async function savedModel() {
  const dir = await tempDir();
  await fileSystemHandler(dir).save(sampleArtifacts());
  const modelPath = join(dir, "model.json");
  const weightsPath = join(dir, "weights.bin");
  const editJson = async (edit: (json: Record<string, any>) => void) => {
    const json = JSON.parse(await readFile(modelPath, "utf8"));
    edit(json);
    await writeFile(modelPath, JSON.stringify(json));
  };
  const load = () => caught(() => fileSystemHandler(dir).load());
  return { dir, modelPath, weightsPath, editJson, load };
}

describe("loading a damaged model directory", () => {
  it("names a missing directory", async () => {
    const dir = join(await tempDir(), "nope");
    const error = await caught(() => fileSystemHandler(dir).load());
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error).toMatchObject({ code: "missing_directory", path: dir });
    expect(error.message).toBe(
      `${dir}: no such model directory. Pass the directory a save or \`myelin train --out\` wrote (it holds model.json and weights.bin).`,
    );
  });

  it("names a missing model.json", async () => {
    const { dir, modelPath, load } = await savedModel();
    await rm(modelPath);
    expect(await load()).toMatchObject({ code: "missing_file", path: join(dir, "model.json") });
  });

  it("names a missing weights.bin", async () => {
    const { weightsPath, load } = await savedModel();
    await rm(weightsPath);
    const error = await load();
    expect(error).toMatchObject({ code: "missing_file", path: weightsPath });
    expect(error.message).toContain("the weights file is missing");
  });

  it("reports a truncated weights.bin with both sizes", async () => {
    const { weightsPath, load } = await savedModel();
    const bytes = await readFile(weightsPath);
    await writeFile(weightsPath, bytes.subarray(0, bytes.length - 5));
    const error = await load();
    expect(error).toMatchObject({ code: "truncated_weights", path: weightsPath });
    expect(error.message).toContain(
      `is ${bytes.length - 5} bytes, but model.json lists ${bytes.length}`,
    );
  });

  it("reports a weights.bin with extra bytes", async () => {
    const { weightsPath, load } = await savedModel();
    await writeFile(weightsPath, Buffer.concat([await readFile(weightsPath), Buffer.from([1, 2])]));
    expect(await load()).toMatchObject({ code: "oversized_weights", path: weightsPath });
  });

  it("catches one flipped bit through the checksum", async () => {
    const { weightsPath, load } = await savedModel();
    const bytes = await readFile(weightsPath);
    bytes[10] = bytes[10]! ^ 0x01;
    await writeFile(weightsPath, bytes);
    const error = await load();
    expect(error).toMatchObject({ code: "checksum_mismatch", path: weightsPath });
    expect(error.message).toMatch(/has SHA-256 [0-9a-f]{64}, but model.json expects [0-9a-f]{64}/);
  });

  it("rejects model.json that is not JSON", async () => {
    const { modelPath, load } = await savedModel();
    await writeFile(modelPath, '{"format": "myelin-model", ');
    const error = await load();
    expect(error).toMatchObject({ code: "invalid_json", path: modelPath });
  });

  it("rejects a file of another format", async () => {
    const { modelPath, editJson, load } = await savedModel();
    await editJson((json) => {
      json.format = "layers-model";
    });
    const error = await load();
    expect(error).toMatchObject({ code: "wrong_format", path: modelPath });
    expect(error.message).toContain(
      'has format "layers-model"; a Myelin model file has format "myelin-model"',
    );
  });

  it("rejects a newer format version and says to upgrade", async () => {
    const { editJson, load } = await savedModel();
    await editJson((json) => {
      json.formatVersion = 2;
    });
    const error = await load();
    expect(error.code).toBe("unsupported_version");
    expect(error.message).toContain("has formatVersion 2, but this Myelin reads formatVersion 1");
    expect(error.message).toContain("upgrade @myelin/io");
  });

  it("lists every bad field at once", async () => {
    const { editJson, load } = await savedModel();
    await editJson((json) => {
      delete json.modelTopology;
      json.preprocessing.featureNames = ["a", "a"];
      json.metadata.createdAt = 5;
      json.checkpoint.epoch = -1;
    });
    const error = await load();
    expect(error.code).toBe("invalid_field");
    expect(error.message).toContain("(1) modelTopology must be an object, found nothing");
    expect(error.message).toContain('preprocessing.featureNames lists "a" twice');
    expect(error.message).toContain("metadata.createdAt must be a string, found 5");
    expect(error.message).toContain("checkpoint.epoch must be a non-negative integer, found -1");
  });

  it("rejects a manifest whose shape disagrees with the byte length", async () => {
    const { modelPath, editJson, load } = await savedModel();
    await editJson((json) => {
      json.weightsManifest.weights[0].shape = [3, 3];
    });
    const error = await load();
    expect(error).toMatchObject({ code: "manifest_mismatch", path: modelPath });
    expect(error.message).toContain(
      'weight "dense/kernel" has shape [3, 3] of float32 (36 bytes) but byteLength 24',
    );
  });

  it("rejects a manifest with a gap between entries", async () => {
    const { editJson, load } = await savedModel();
    await editJson((json) => {
      json.weightsManifest.weights[1].offset += 4;
    });
    const error = await load();
    expect(error.code).toBe("manifest_mismatch");
    expect(error.message).toContain(
      'weight "dense/bias" starts at byte 28, but the previous entry ends at 24',
    );
  });

  it("rejects a manifest whose total disagrees with its entries", async () => {
    const { editJson, load } = await savedModel();
    await editJson((json) => {
      json.weightsManifest.byteLength += 8;
    });
    const error = await load();
    expect(error.code).toBe("manifest_mismatch");
    expect(error.message).toMatch(/the entries end at byte \d+, but byteLength is \d+/);
  });

  it("rejects a weights path that leaves the directory", async () => {
    const { editJson, load } = await savedModel();
    await editJson((json) => {
      json.weightsManifest.path = "../elsewhere.bin";
    });
    const error = await load();
    expect(error.code).toBe("invalid_field");
    expect(error.message).toContain("weightsManifest.path must be a plain file name");
  });

  it("rejects a topology whose weights disagree with the stored ones", async () => {
    const { modelPath, editJson, load } = await savedModel();
    await editJson((json) => {
      json.modelTopology.weightsManifest[0].shape = [2, 4];
      json.modelTopology.weightsManifest.pop();
    });
    const error = await load();
    expect(error).toMatchObject({ code: "topology_mismatch", path: modelPath });
    expect(error.message).toContain(
      'weight "dense/kernel" is [2, 3] in the manifest but [2, 4] in the topology',
    );
    expect(error.message).toContain(
      'the manifest lists weight "optimizer/dense/bias/0", which the topology does not have',
    );
  });

  it("never returns partly checked artifacts", async () => {
    const { weightsPath, dir } = await savedModel();
    await writeFile(weightsPath, Buffer.alloc(3));
    await expect(fileSystemHandler(dir).load()).rejects.toBeInstanceOf(ModelFileError);
  });
});

describe("checkWeightsMatch", () => {
  const specs = sampleArtifacts().weightSpecs.filter((spec) => !spec.name.startsWith("optimizer/"));

  it("accepts the weights the manifest lists", () => {
    const expected = specs.map((spec) => ({ name: spec.name, shape: spec.shape }));
    expect(() => checkWeightsMatch(expected, specs, "m/model.json")).not.toThrow();
  });

  it("lists missing, extra and reshaped weights together", () => {
    const expected = [
      { name: "dense/kernel", shape: [2, 4] },
      { name: "dense/bias", shape: [3] },
      { name: "dense_1/kernel", shape: [3, 1] },
    ];
    let error: unknown;
    try {
      checkWeightsMatch(expected, specs, "m/model.json");
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "topology_mismatch", path: "m/model.json" });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"m/model.json: the topology and the weights manifest disagree: (1) weight "dense/kernel" is [2, 3] in the manifest but [2, 4] in the topology; (2) the topology needs weight "dense_1/kernel" [3, 1], which the manifest lacks; (3) the manifest lists weight "dense/steps", which the topology does not have. model.json was edited, or its topology and weights come from different models."`,
    );
  });
});

describe("parseModelDocument", () => {
  it("rejects JSON that is not an object", () => {
    expect(() => parseModelDocument("[1, 2]", "x/model.json")).toThrowError(
      /x\/model.json: holds \[1,2\] instead of an object/,
    );
  });
});
