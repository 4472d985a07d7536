import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvDataset } from "../src/index.js";
import { csvFileDataset } from "../src/node.js";

const ROWS = 250_000;
const CHUNK_ROWS = 1000;
const READ_BYTES = 64 * 1024;

let dir: string;
let path: string;
const expected = { sums: [0, 0, 0, 0], labels: [0, 0, 0] };

/** Writes a ~5.4 MB CSV with known column sums and class counts. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "myelin-data-"));
  path = join(dir, "big.csv");
  const lines = ["f0,f1,f2,f3,label"];
  for (let i = 0; i < ROWS; i++) {
    const values = [i % 97, (i * 7) % 1013, (i % 13) / 4, -(i % 5)];
    values.forEach((v, j) => (expected.sums[j]! += v));
    expected.labels[i % 3]! += 1;
    lines.push(`${values.join(",")},class_${i % 3}`);
  }
  await writeFile(path, `${lines.join("\n")}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("csvFileDataset on a multi-megabyte file", () => {
  it("reads every row while holding at most chunkRows rows", async () => {
    const size = (await stat(path)).size;
    const dataset = csvFileDataset(path, {
      target: "label",
      batchSize: 256,
      chunkRows: CHUNK_ROWS,
    });
    const sums = [0, 0, 0, 0];
    const labels = [0, 0, 0];
    let rows = 0;
    const started = performance.now();

    for await (const { x, y } of dataset) {
      rows += x.rows;
      for (let i = 0; i < x.data.length; i++) {
        sums[i % 4]! += x.data[i]!;
      }
      (y as Int32Array).forEach((label) => (labels[label]! += 1));
      expect(dataset.stats().peakRowsHeld).toBeLessThanOrEqual(CHUNK_ROWS);
    }
    const seconds = (performance.now() - started) / 1000;
    const stats = dataset.stats();

    expect(size).toBeGreaterThan(5_000_000);
    expect(rows).toBe(ROWS);
    expect(stats.rowsRead).toBe(ROWS);
    expect(stats.peakRowsHeld).toBeLessThanOrEqual(CHUNK_ROWS);
    expect(stats.peakPendingChars).toBeLessThanOrEqual(2 * READ_BYTES);
    sums.forEach((s, j) => expect(s).toBeCloseTo(expected.sums[j]!, 0));
    expect(labels).toEqual(expected.labels);
    console.log(
      `streamed ${(size / 1e6).toFixed(1)} MB, ${ROWS} rows in ${seconds.toFixed(2)} s; ` +
        `peak rows held ${stats.peakRowsHeld}, peak pending chars ${stats.peakPendingChars}`,
    );
  });

  it("stays bounded the same way through a web ReadableStream", async () => {
    const open = () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    const dataset = csvDataset(open, { target: "label", batchSize: 100, chunkRows: 500 });
    let rows = 0;

    for await (const batch of dataset) {
      rows += batch.x.rows;
    }

    expect(rows).toBe(ROWS);
    expect(dataset.stats().peakRowsHeld).toBeLessThanOrEqual(500);
    expect(dataset.stats().batches).toBe(ROWS / 100);
  });
});
