import { checkBatchSize } from "../batch/batches.js";
import { type CellPlace, readCategory, readNumber } from "../csv/cells.js";
import { DEFAULT_SOURCE } from "../csv/parse-csv.js";
import { type CsvRecord, CsvRecordReader } from "../csv/row-reader.js";
import {
  type ColumnInfo,
  type ColumnTypes,
  checkWidth,
  inferKinds,
  missingColumn,
  readHeader,
} from "../csv/schema.js";
import { DataError } from "../errors.js";
import type { Matrix } from "../matrix.js";
import { oneHot, sortClasses, unknownClass } from "../preprocess/label-encoder.js";
import type { Scaler } from "../preprocess/scalers.js";
import {
  type Task,
  type TaskOption,
  categoricalFeature,
  chooseTask,
  textRegressionTarget,
} from "../table/load-table.js";
import { type CsvSourceInput, type CsvStreamSource, textPieces } from "./text-source.js";

/** Options of {@link csvDataset}. */
export interface CsvDatasetOptions {
  /** Name of the target column. */
  target: string;
  /** Rows per batch. */
  batchSize: number;
  /**
   * Most rows parsed and held at once; also the rows used to infer column kinds and
   * (without `classes`) the class list. At least `batchSize`. Default
   * `max(batchSize, 8192)`.
   */
  chunkRows?: number;
  /** Name used in error messages. Default `<input>`. */
  source?: string;
  /** Field separator. Default `,`. */
  delimiter?: string;
  /** Forces a column's kind instead of inferring it from the first chunk. */
  columnTypes?: ColumnTypes;
  /** Feature columns, in this order. Default: every column but the target. */
  features?: readonly string[];
  /** Default `"auto"`, decided on the first chunk (see `chooseTask`). */
  task?: TaskOption;
  /**
   * The classes, in label order. Without it they come from the first chunk, and a
   * class that first appears later is an `unknown_class` error.
   */
  classes?: readonly string[];
  /** Give classification batches one-hot `y` instead of labels. Default false. */
  oneHot?: boolean;
  /** A fitted scaler applied to every batch's `x`. */
  scaler?: Scaler;
  /** Skip a last batch smaller than `batchSize`. Default false. */
  dropRemainder?: boolean;
}

/**
 * One batch. `y` is an `Int32Array` of labels for classification, a
 * `[rows, classes]` matrix with `oneHot`, or a `[rows, 1]` matrix for regression.
 */
export interface Batch {
  readonly x: Matrix;
  readonly y: Matrix | Int32Array;
}

/** Column kinds, features and target as decided from the first chunk. */
export interface CsvDatasetSchema {
  readonly columns: readonly ColumnInfo[];
  readonly featureNames: readonly string[];
  readonly target: {
    readonly name: string;
    readonly task: Task;
    /** Class names in label order, for classification. */
    readonly classes: readonly string[] | undefined;
  };
}

/** Counters of the latest pass over the data, for checking memory bounds. */
export interface CsvDatasetStats {
  /** Data rows converted so far. */
  readonly rowsRead: number;
  /** Batches yielded so far. */
  readonly batches: number;
  /** Most rows held at once: parsed records plus rows in the chunk buffer. */
  readonly peakRowsHeld: number;
  /** Most characters of unparsed text held at once. */
  readonly peakPendingChars: number;
}

/** A CSV read in chunks: iterate it (once per epoch) to get batches. */
export interface CsvDataset extends AsyncIterable<Batch> {
  /** Reads the header and first chunk (if not done yet) and returns the columns. */
  columns(): Promise<readonly ColumnInfo[]>;
  /** Like `columns`, with the features and the target encoding. */
  schema(): Promise<CsvDatasetSchema>;
  /** Counters of the latest (or current) pass. */
  stats(): CsvDatasetStats;
}

interface Opened {
  reader: CsvRecordReader;
  texts: AsyncGenerator<string, void, undefined>;
  header: string[];
  first: CsvRecord[];
  stats: MutableStats;
}

interface Plan {
  schema: CsvDatasetSchema;
  header: readonly string[];
  featureIndex: Int32Array;
  targetIndex: number;
  numericTarget: boolean;
  classIndex: Map<string, number>;
  fixedClasses: boolean;
}

interface MutableStats {
  rowsRead: number;
  batches: number;
  peakRowsHeld: number;
  peakPendingChars: number;
}

/**
 * Streams a CSV that need not fit in memory, yielding `{ x, y }` batches. Text is
 * pulled from the source only as rows are needed, parsed with papaparse at most
 * `chunkRows` rows at a time, and converted to `Float32Array` chunks whose batches
 * are views. Column kinds, the task and the classes are decided on the first chunk.
 *
 * @param source a web `ReadableStream`, `Response`, `Blob`, any async iterable of
 *   bytes or text (a Node `fs.ReadStream` is one), or a function that opens one.
 *   Only a function can be iterated more than once.
 * @throws {DataError} while iterating: every error of `parseCsv` and `loadTable`
 *   (with line numbers), `unknown_class`, `source_consumed`, `schema_changed`;
 *   at once: `invalid_option` for a bad `batchSize` or `chunkRows`.
 * @example
 * ```ts
 * const csv = "a,b,y\n1,2,0.5\n3,4,1.5\n5,6,2.5\n";
 * const dataset = csvDataset(() => new Response(csv), { target: "y", batchSize: 2 });
 * for await (const { x, y } of dataset) {
 *   console.log(x.rows, y); // 2 rows, then 1
 * }
 * ```
 */
export function csvDataset(source: CsvSourceInput, options: CsvDatasetOptions): CsvDataset {
  const { batchSize } = options;
  checkBatchSize(batchSize);
  const chunkRows = options.chunkRows ?? Math.max(batchSize, 8192);
  if (!Number.isInteger(chunkRows) || chunkRows < batchSize) {
    throw new DataError(
      "invalid_option",
      `chunkRows must be an integer of at least batchSize (${batchSize}), found ${chunkRows}`,
      { hint: "Raise chunkRows or lower batchSize." },
    );
  }
  const name = options.source ?? DEFAULT_SOURCE;
  const delimiter = options.delimiter ?? ",";

  let consumed = false;
  let plan: Plan | undefined;
  let peeked: Opened | undefined;
  let latest: MutableStats = freshStats();

  const open = async (): Promise<Opened> => {
    const stream = await openSource(source, consumed);
    consumed = true;
    const texts = textPieces(stream);
    const reader = new CsvRecordReader(name, delimiter);
    const stats = freshStats();
    try {
      const { header, first } = await readStart(reader, texts, stats);
      return { reader, texts, header, first, stats };
    } catch (error) {
      await texts.return();
      throw error;
    }
  };

  const readStart = async (
    reader: CsvRecordReader,
    texts: AsyncGenerator<string, void, undefined>,
    stats: MutableStats,
  ) => {
    const [head] = await pull(reader, texts, 1, stats);
    if (head === undefined) {
      throw new DataError("empty_file", "there is no header row and no data", {
        source: name,
        hint: "Check that the right file was read; a CSV needs a header row and data rows.",
      });
    }
    const header = readHeader(head, name);
    const first: CsvRecord[] = [];
    while (first.length < chunkRows) {
      const more = await pull(reader, texts, chunkRows - first.length, stats);
      if (more.length === 0) {
        break;
      }
      first.push(...more);
    }
    if (first.length === 0) {
      throw new DataError("header_only", "the header is there but no data rows follow it", {
        source: name,
        line: head.line,
        hint: "Add data rows below the header.",
      });
    }
    stats.peakRowsHeld = first.length;
    return { header, first };
  };

  const planFor = async (opened: Opened): Promise<Plan> => {
    try {
      if (plan === undefined) {
        plan = makePlan(opened, options, name);
      } else if (!sameHeader(plan.header, opened.header)) {
        throw new DataError("schema_changed", "the header differs from the one read first", {
          source: name,
          hint: "A function source must open the same data on every call.",
        });
      }
      return plan;
    } catch (error) {
      await opened.texts.return();
      throw error;
    }
  };

  const peek = async (): Promise<Plan> => {
    if (plan !== undefined) {
      return plan;
    }
    const opened = await open();
    peeked = opened;
    return planFor(opened);
  };

  async function* run(): AsyncGenerator<Batch, void, undefined> {
    const opened = peeked ?? (await open());
    peeked = undefined;
    latest = opened.stats;
    const current = await planFor(opened);
    yield* emit(opened, current, opened.stats);
  }

  async function* emit(opened: Opened, current: Plan, stats: MutableStats) {
    const { reader, texts } = opened;
    const features = current.featureIndex.length;
    const classes = current.schema.target.classes;
    const makeY = () =>
      current.schema.target.task === "classification"
        ? new Int32Array(chunkRows)
        : new Float32Array(chunkRows);
    let x = new Float32Array(chunkRows * features);
    let y = makeY();
    let filled = 0;
    let row = 0;
    let records = opened.first;
    opened.first = [];

    const batch = (start: number, end: number): Batch => {
      const rows = end - start;
      const view: Matrix = {
        data: x.subarray(start * features, end * features),
        rows,
        cols: features,
      };
      const xs = options.scaler === undefined ? view : options.scaler.transform(view);
      const ys = y.subarray(start, end);
      stats.batches += 1;
      if (ys instanceof Float32Array) {
        return { x: xs, y: { data: ys, rows, cols: 1 } };
      }
      return { x: xs, y: options.oneHot ? oneHot(ys, classes!.length) : ys };
    };

    try {
      for (;;) {
        if (records.length === 0) {
          records = await pull(reader, texts, chunkRows - filled, stats);
        }
        stats.peakRowsHeld = Math.max(stats.peakRowsHeld, filled + records.length);
        const ended = records.length === 0;
        for (const record of records) {
          row += 1;
          convert(record, row, current, name, x, y, filled);
          filled += 1;
        }
        stats.rowsRead += records.length;
        records = [];
        if (filled < chunkRows && !ended) {
          continue;
        }

        let start = 0;
        for (; filled - start >= batchSize; start += batchSize) {
          yield batch(start, start + batchSize);
        }
        if (ended) {
          if (filled > start && !options.dropRemainder) {
            yield batch(start, filled);
          }
          return;
        }
        // Yielded batches are views of this chunk, so the rest moves to a new one
        // instead of being overwritten.
        const nextX = new Float32Array(chunkRows * features);
        const nextY = makeY();
        nextX.set(x.subarray(start * features, filled * features));
        nextY.set(y.subarray(start, filled) as Int32Array & Float32Array);
        x = nextX;
        y = nextY;
        filled -= start;
      }
    } finally {
      await texts.return();
    }
  }

  return {
    [Symbol.asyncIterator]: () => run(),
    columns: async () => (await peek()).schema.columns,
    schema: async () => (await peek()).schema,
    stats: () => ({ ...latest }),
  };
}

async function openSource(source: CsvSourceInput, consumed: boolean): Promise<CsvStreamSource> {
  if (typeof source === "function") {
    return source();
  }
  if (consumed) {
    throw new DataError(
      "source_consumed",
      "this stream was already read once and cannot be rewound",
      {
        hint: "To read it again, pass a function that opens a fresh stream: () => fetch(url).",
      },
    );
  }
  return source;
}

async function pull(
  reader: CsvRecordReader,
  texts: AsyncGenerator<string, void, undefined>,
  max: number,
  stats: MutableStats,
): Promise<CsvRecord[]> {
  for (;;) {
    const records = reader.take(max);
    if (records.length > 0 || reader.done) {
      return records;
    }
    const next = await texts.next();
    if (next.done) {
      reader.end();
    } else {
      reader.feed(next.value);
      stats.peakPendingChars = Math.max(stats.peakPendingChars, reader.pendingChars);
    }
  }
}

function makePlan(opened: Opened, options: CsvDatasetOptions, source: string): Plan {
  const { header, first } = opened;
  first.forEach((record, i) => {
    checkWidth(record, i + 1, header, source);
    record.fields = record.fields.map((cell) => cell.trim());
  });
  const columns = inferKinds(
    header,
    first.map((record) => record.fields),
    options.columnTypes,
    source,
  );

  const targetIndex = header.indexOf(options.target);
  if (targetIndex < 0) {
    throw missingColumn(options.target, header, source, "target");
  }
  const featureNames = options.features ?? header.filter((name) => name !== options.target);
  const featureIndex = Int32Array.from(featureNames, (feature) => {
    const j = header.indexOf(feature);
    if (j < 0) {
      throw missingColumn(feature, header, source, "features");
    }
    if (j === targetIndex) {
      throw new DataError("invalid_option", "the target column is also listed as a feature", {
        source,
        column: feature,
        hint: "Leave the target out of features.",
      });
    }
    if (columns[j]!.kind === "categorical") {
      throw categoricalFeature(feature, first[0]!.fields[j]!, source);
    }
    return j;
  });

  const targetColumn = columns[targetIndex]!;
  const numericTarget = targetColumn.kind === "numeric";
  const place: CellPlace = { source, line: undefined, row: 0, column: options.target };
  const cells = first.map((record, i) => {
    place.line = record.line;
    place.row = i + 1;
    const cell = record.fields[targetIndex]!;
    return numericTarget ? readNumber(cell, place) : readCategory(cell, place);
  });
  const task = decideTask(options.task, targetColumn.name, cells);
  if (task === "regression" && !numericTarget) {
    throw textRegressionTarget(targetColumn.name, String(cells[0]), source);
  }

  let classes: readonly string[] | undefined;
  if (task === "classification") {
    classes = options.classes ?? sortClasses(new Set(cells.map(String)));
  }
  return {
    schema: {
      columns,
      featureNames: [...featureNames],
      target: { name: targetColumn.name, task, classes },
    },
    header,
    featureIndex,
    targetIndex,
    numericTarget,
    classIndex: new Map((classes ?? []).map((name, label) => [name, label])),
    fixedClasses: options.classes !== undefined,
  };
}

function decideTask(
  option: TaskOption | undefined,
  name: string,
  cells: (string | number)[],
): Task {
  if (option !== undefined && option !== "auto") {
    return option;
  }
  if (typeof cells[0] === "string") {
    return "classification";
  }
  const values = Float64Array.from(cells as number[]);
  const integer = values.every((v) => Number.isInteger(v));
  return chooseTask({ name, kind: "numeric", values, integer });
}

function convert(
  record: CsvRecord,
  row: number,
  plan: Plan,
  source: string,
  x: Float32Array,
  y: Int32Array | Float32Array,
  at: number,
): void {
  checkWidth(record, row, plan.header, source);
  const { fields } = record;
  const features = plan.featureIndex.length;
  const place: CellPlace = { source, line: record.line, row, column: "" };

  for (let k = 0; k < features; k++) {
    const j = plan.featureIndex[k]!;
    place.column = plan.header[j]!;
    x[at * features + k] = readNumber(fields[j]!.trim(), place);
  }

  place.column = plan.schema.target.name;
  const cell = fields[plan.targetIndex]!.trim();
  if (y instanceof Float32Array) {
    y[at] = readNumber(cell, place);
    return;
  }
  const name = plan.numericTarget ? integerClass(cell, place) : readCategory(cell, place);
  const label = plan.classIndex.get(name);
  if (label === undefined) {
    const known = plan.schema.target.classes ?? [];
    if (plan.fixedClasses) {
      const fix = "Add it to the classes option, or drop those rows.";
      throw unknownClass(name, known, place, "is not in the classes option", fix);
    }
    const fix = "Pass every class up front with the classes option.";
    throw unknownClass(name, known, place, "did not appear in the first chunk", fix);
  }
  y[at] = label;
}

function integerClass(cell: string, place: CellPlace): string {
  const value = readNumber(cell, place);
  if (!Number.isInteger(value)) {
    throw new DataError("target_type", `class labels must be integers or text, found ${value}`, {
      ...place,
      hint: 'Use task: "regression" for a continuous target.',
    });
  }
  return String(value);
}

function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function freshStats(): MutableStats {
  return { rowsRead: 0, batches: 0, peakRowsHeld: 0, peakPendingChars: 0 };
}
