import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CsvRecord, CsvRecordReader } from "./row-reader.js";

/** Feeds `text` in pieces cut at `cuts` and takes records `take` at a time. */
function readInPieces(text: string, cuts: number[], take: number): CsvRecord[] {
  const reader = new CsvRecordReader("t.csv", ",");
  const records: CsvRecord[] = [];
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, text.length]) {
    reader.feed(text.slice(from, to));
    from = to;
    for (let got = reader.take(take); got.length > 0; got = reader.take(take)) {
      expect(got.length).toBeLessThanOrEqual(take);
      records.push(...got);
    }
  }
  reader.end();
  for (let got = reader.take(take); got.length > 0; got = reader.take(take)) {
    records.push(...got);
  }
  expect(reader.done).toBe(true);
  return records;
}

function readWhole(text: string): CsvRecord[] {
  const reader = new CsvRecordReader("t.csv", ",");
  reader.feed(text);
  reader.end();
  return reader.take(Number.POSITIVE_INFINITY);
}

const cell = fc.oneof(
  fc.stringMatching(/^[a-z0-9 .]{0,6}$/),
  fc.stringMatching(/^[a-z,"\n]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
);
const csvText = fc
  .tuple(
    fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
    fc.constantFrom("\n", "\r\n"),
    fc.boolean(),
  )
  .map(
    ([rows, newline, trailing]) =>
      rows.map((r) => r.join(",")).join(newline) + (trailing ? newline : ""),
  );

describe("CsvRecordReader", () => {
  it("gives the same records and lines however the text is cut and taken", () => {
    fc.assert(
      fc.property(
        csvText,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (text, cuts, take) => {
          expect(readInPieces(text, cuts, take)).toEqual(readWhole(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("skips blank lines but counts them in line numbers", () => {
    const records = readWhole("a,b\n\n1,2\n   \n3,4");

    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ["a", "b"]],
      [3, ["1", "2"]],
      [5, ["3", "4"]],
    ]);
  });

  it("holds back a record cut inside a quoted field until its end arrives", () => {
    const reader = new CsvRecordReader("t.csv", ",");
    reader.feed('a,b\n1,"multi\nline');

    expect(reader.take(10).map((r) => r.fields)).toEqual([["a", "b"]]);
    reader.feed(' text"\n2,x\n');
    expect(reader.take(10).map((r) => [r.line, r.fields])).toEqual([
      [2, ["1", "multi\nline text"]],
      [4, ["2", "x"]],
    ]);
  });

  it("takes no more records than asked for and keeps the rest as text", () => {
    const reader = new CsvRecordReader("t.csv", ",");
    reader.feed("h\n1\n2\n3\n4\n5\n");

    expect(reader.take(2).map((r) => r.fields[0])).toEqual(["h", "1"]);
    expect(reader.pendingChars).toBe("2\n3\n4\n5\n".length);
    expect(reader.take(3).map((r) => r.fields[0])).toEqual(["2", "3", "4"]);
  });

  it("waits for the end of input before reading a last line without a newline", () => {
    const reader = new CsvRecordReader("t.csv", ",");
    reader.feed("h\n1\n2");

    expect(reader.take(10).map((r) => r.fields[0])).toEqual(["h", "1"]);
    reader.end();
    expect(reader.take(10).map((r) => r.fields[0])).toEqual(["2"]);
  });
});
