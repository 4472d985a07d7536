import { describe, expect, it } from "vitest";
import { rejectDataError, where } from "../../test/catch-error.js";
import type { Matrix } from "../matrix.js";
import { standardScaler } from "../preprocess/scalers.js";
import { loadTable } from "../table/load-table.js";
import { type Batch, type CsvDataset, csvDataset } from "./csv-dataset.js";

const CSV = [
  "a,b,label",
  "1,10,x",
  "2,20,y",
  "3,30,x",
  "4,40,z",
  "5,50,y",
  "6,60,x",
  "7,70,z",
].join("\n");

async function collect(dataset: CsvDataset): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of dataset) {
    out.push(batch);
  }
  return out;
}

function concatX(batches: Batch[]): number[] {
  return batches.flatMap((b) => Array.from(b.x.data));
}

function concatLabels(batches: Batch[]): number[] {
  return batches.flatMap((b) => Array.from(b.y as Int32Array));
}

/** A web stream that delivers `text` in pieces of `size` bytes. */
function byteStream(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

describe("csvDataset", () => {
  it("yields the same features and labels as loadTable, in batches", async () => {
    const table = loadTable(CSV, { target: "label" });
    const batches = await collect(
      csvDataset(() => new Response(CSV), { target: "label", batchSize: 3, chunkRows: 4 }),
    );

    expect(batches.map((b) => b.x.rows)).toEqual([3, 3, 1]);
    expect(concatX(batches)).toEqual(Array.from(table.features.data));
    expect(table.target.kind === "classification" && concatLabels(batches)).toEqual(
      table.target.kind === "classification" && Array.from(table.target.labels),
    );
  });

  it("reads web byte streams cut anywhere, even inside a multi-byte character", async () => {
    const text = "größe,label\n1,ä\n2,ö\n3,ä\n";
    const batches = await collect(
      csvDataset(byteStream(text, 3), { target: "label", batchSize: 2 }),
    );
    const schema = csvDataset(() => byteStream(text, 5), {
      target: "label",
      batchSize: 2,
    }).schema();

    expect(concatX(batches)).toEqual([1, 2, 3]);
    expect(concatLabels(batches)).toEqual([0, 1, 0]);
    expect((await schema).target.classes).toEqual(["ä", "ö"]);
  });

  it("reads Blobs and async iterables of strings", async () => {
    async function* pieces() {
      yield "a,b,lab";
      yield "el\n1,10,x\n2,2";
      yield "0,y\n";
    }
    const fromBlob = await collect(csvDataset(new Blob([CSV]), { target: "label", batchSize: 10 }));
    const fromIterable = await collect(csvDataset(pieces(), { target: "label", batchSize: 10 }));

    expect(fromBlob[0]!.x.rows).toBe(7);
    expect(concatX(fromIterable)).toEqual([1, 10, 2, 20]);
  });

  it("peeks at the columns and then still yields every row of a single-use stream", async () => {
    const dataset = csvDataset(new Response(CSV), { target: "label", batchSize: 4 });

    expect(await dataset.columns()).toEqual([
      { name: "a", kind: "numeric" },
      { name: "b", kind: "numeric" },
      { name: "label", kind: "categorical" },
    ]);
    expect((await collect(dataset)).map((b) => b.x.rows)).toEqual([4, 3]);
  });

  it("refuses a second pass over a single-use stream", async () => {
    const dataset = csvDataset(new Response(CSV), { target: "label", batchSize: 4 });
    await collect(dataset);
    const error = await rejectDataError(collect(dataset));

    expect(error.code).toBe("source_consumed");
    expect(error.message).toMatchInlineSnapshot(
      `"this stream was already read once and cannot be rewound. To read it again, pass a function that opens a fresh stream: () => fetch(url)."`,
    );
  });

  it("reads a function source once per pass", async () => {
    const dataset = csvDataset(() => new Response(CSV), { target: "label", batchSize: 5 });

    expect(concatX(await collect(dataset))).toEqual(concatX(await collect(dataset)));
  });

  it("gives one-hot y, regression y and scaled x on request", async () => {
    const oneHot = await collect(
      csvDataset(() => new Response(CSV), { target: "label", batchSize: 7, oneHot: true }),
    );
    const regression = await collect(
      csvDataset(() => new Response(CSV), { target: "b", features: ["a"], batchSize: 7 }),
    );
    const scaler = standardScaler().fit(loadTable(CSV, { target: "label" }).features);
    const scaled = await collect(
      csvDataset(() => new Response(CSV), { target: "label", batchSize: 7, scaler }),
    );

    expect((oneHot[0]!.y as Matrix).cols).toBe(3);
    expect(Array.from((oneHot[0]!.y as Matrix).data.subarray(0, 6))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(regression[0]!.y).toMatchObject({ rows: 7, cols: 1 });
    expect(Array.from((regression[0]!.y as Matrix).data)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(scaled[0]!.x.data[0]).toBeCloseTo(-1.5, 5);
  });

  it("drops a short last batch on request", async () => {
    const options = { target: "label", batchSize: 3, dropRemainder: true };
    const batches = await collect(csvDataset(() => new Response(CSV), options));

    expect(batches.map((b) => b.x.rows)).toEqual([3, 3]);
  });

  it("reports a bad cell after the first chunk with its line", async () => {
    const text = `${CSV}\n8,eighty,x\n`;
    const options = {
      target: "label",
      batchSize: 2,
      chunkRows: 2,
      source: "s.csv",
      classes: ["x", "y", "z"],
    };
    const dataset = csvDataset(() => new Response(text), options);
    const error = await rejectDataError(collect(dataset));

    expect(where(error)).toEqual({
      code: "not_a_number",
      source: "s.csv",
      line: 9,
      row: 8,
      column: "b",
    });
  });

  it("reports a class that first appears after the first chunk", async () => {
    const dataset = csvDataset(() => new Response(CSV), {
      target: "label",
      batchSize: 2,
      chunkRows: 3,
      source: "s.csv",
    });
    const error = await rejectDataError(collect(dataset));

    expect(where(error)).toEqual({
      code: "unknown_class",
      source: "s.csv",
      line: 5,
      row: 4,
      column: "label",
    });
    expect(error.message).toMatchInlineSnapshot(
      `"s.csv:5: column "label": found class "z", which did not appear in the first chunk; the known classes are "x", "y". Pass every class up front with the classes option."`,
    );
  });

  it("accepts those later classes when they are given up front", async () => {
    const classes = ["x", "y", "z"];
    const dataset = csvDataset(() => new Response(CSV), {
      target: "label",
      batchSize: 2,
      chunkRows: 3,
      classes,
    });

    expect(concatLabels(await collect(dataset))).toEqual([0, 1, 0, 2, 1, 0, 2]);
  });

  it("reports a ragged row, a missing target and an empty or header-only source", async () => {
    const open = (text: string) => () => new Response(text);
    const ragged = await rejectDataError(
      collect(csvDataset(open("a,b\n1,2\n3\n"), { target: "b", batchSize: 1, source: "r.csv" })),
    );
    const missing = await rejectDataError(
      csvDataset(open(CSV), { target: "lable", batchSize: 1 }).columns(),
    );
    const empty = await rejectDataError(
      collect(csvDataset(open(""), { target: "b", batchSize: 1 })),
    );
    const header = await rejectDataError(
      collect(csvDataset(open("a,b\n"), { target: "b", batchSize: 1 })),
    );

    expect(where(ragged)).toMatchObject({ code: "ragged_row", line: 3, row: 2 });
    expect(missing).toMatchObject({
      code: "missing_column",
      column: "lable",
      hint: 'Did you mean "label"?',
    });
    expect(empty.code).toBe("empty_file");
    expect(header.code).toBe("header_only");
  });

  it("cancels the stream when the start of the file is unusable", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("a,b\n1,2\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await rejectDataError(
      csvDataset(stream, { target: "c", batchSize: 1, chunkRows: 1 }).schema(),
    );

    expect(error.code).toBe("missing_column");
    expect(cancelled).toBe(true);
  });

  it("rejects chunkRows below batchSize at once", () => {
    expect(() =>
      csvDataset(new Response(CSV), { target: "label", batchSize: 8, chunkRows: 4 }),
    ).toThrow(/chunkRows must be an integer of at least batchSize \(8\), found 4/);
  });

  it("stops reading and cancels the stream when the consumer breaks early", async () => {
    let cancelled = false;
    let pulls = 0;
    const big = `a,label\n${"1,x\n".repeat(10_000)}`;
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const at = pulls * 1024;
        pulls += 1;
        if (at >= bytes.length) {
          controller.close();
        } else {
          controller.enqueue(bytes.slice(at, at + 1024));
        }
      },
      cancel() {
        cancelled = true;
      },
    });

    for await (const batch of csvDataset(stream, {
      target: "label",
      batchSize: 10,
      chunkRows: 10,
    })) {
      expect(batch.x.rows).toBe(10);
      break;
    }
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });
});
