import Papa from "papaparse";
import { DataError } from "../errors.js";

/** One parsed CSV record and the physical line it starts on (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

type Newline = "\n" | "\r\n" | "\r";

interface StepResult {
  data: string[][];
  errors: { code: string; message: string }[];
  meta: { cursor: number };
}

const MIN_SLICE = 4096;

/**
 * Turns text that arrives in pieces into CSV records, a bounded number at a time.
 *
 * papaparse's core `Parser` does the tokenising. Its high-level streaming reads Node
 * streams and `File`s by push, with no back-pressure, so this class feeds the parser
 * itself: text is kept unparsed until records are asked for, and `take(n)` parses
 * at most `n`. A record cut by a piece boundary (even inside quotes) stays pending,
 * because the parser is told to drop the last, possibly incomplete, record.
 */
export class CsvRecordReader {
  private pending = "";
  private newline: Newline | undefined;
  private started = false;
  private ended = false;
  private nextLine = 1;
  private parsedChars = 0;
  private parsedRecords = 0;

  /**
   * @param source name used in error messages
   * @param delimiter field separator
   */
  constructor(private readonly source: string, private readonly delimiter: string) {}

  /** Characters received but not yet parsed into records. */
  get pendingChars(): number {
    return this.pending.length;
  }

  /** True once `end()` was called and every record was taken. */
  get done(): boolean {
    return this.ended && this.pending.length === 0;
  }

  /** Appends the next piece of text. */
  feed(text: string): void {
    if (!this.started && text.length > 0) {
      this.started = true;
      this.pending = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      return;
    }
    this.pending += text;
  }

  /** Marks the end of the input, so the last record needs no trailing newline. */
  end(): void {
    this.ended = true;
  }

  /**
   * Parses up to `maxRecords` complete records from the text received so far. Returns
   * fewer (possibly none) when more text is needed; blank lines are skipped.
   *
   * @throws {DataError} `malformed_csv` for an unterminated or misplaced quote.
   */
  take(maxRecords: number): CsvRecord[] {
    const newline = this.detectNewline();
    const records: CsvRecord[] = [];
    if (newline === undefined) {
      return records;
    }

    let slice = this.sliceLength(maxRecords);
    while (records.length < maxRecords && this.pending.length > 0) {
      const isLast = slice >= this.pending.length && this.ended;
      const text = slice >= this.pending.length ? this.pending : this.pending.slice(0, slice);
      const before = records.length;
      const consumed = this.parse(text, newline, !isLast, maxRecords, records);

      this.pending = this.pending.slice(consumed);
      if (records.length === before && consumed === 0) {
        if (slice >= this.pending.length) {
          break;
        }
        slice *= 2;
      }
    }
    return records;
  }

  private parse(
    text: string,
    newline: Newline,
    dropLast: boolean,
    maxRecords: number,
    out: CsvRecord[],
  ): number {
    let start = 0;
    let steps = 0;
    let line = this.nextLine;
    const parser: Papa.Parser = new Papa.Parser({
      delimiter: this.delimiter,
      newline,
      quoteChar: '"',
      step: (result: StepResult) => {
        const end = result.meta.cursor;
        const fields = result.data[0]!;
        const error = result.errors[0];
        steps += 1;
        if (error !== undefined) {
          throw this.malformed(error.code, line);
        }
        if (!isBlank(fields)) {
          out.push({ fields, line });
        }
        line += countNewlines(text, start, end, newline);
        start = end;
        if (out.length >= maxRecords) {
          parser.abort();
        }
      },
    } as Papa.ParseConfig);

    parser.parse(text, 0, dropLast);
    this.nextLine = line;
    this.parsedChars += start;
    this.parsedRecords += steps;
    return start;
  }

  private sliceLength(maxRecords: number): number {
    if (!Number.isFinite(maxRecords) || this.parsedRecords === 0) {
      return this.pending.length;
    }
    const charsPerRecord = this.parsedChars / this.parsedRecords;
    const guess = Math.ceil(charsPerRecord * maxRecords * 1.25) + 256;
    return Math.min(this.pending.length, Math.max(MIN_SLICE, guess));
  }

  private detectNewline(): Newline | undefined {
    if (this.newline !== undefined) {
      return this.newline;
    }
    const text = this.pending;
    const lf = text.indexOf("\n");
    const cr = text.indexOf("\r");
    const crlf = lf > 0 && cr === lf - 1;
    if (lf >= 0 && (cr < 0 || crlf || cr > lf)) {
      this.newline = crlf ? "\r\n" : "\n";
    } else if (cr >= 0 && (cr < text.length - 1 || this.ended)) {
      this.newline = "\r";
    } else if (this.ended) {
      this.newline = "\n";
    }
    return this.newline;
  }

  private malformed(code: string, line: number): DataError {
    const unterminated = code === "MissingQuotes";
    const detail = unterminated
      ? "a quoted field is never closed"
      : "a closing quote is followed by more text in the same field";
    return new DataError("malformed_csv", detail, {
      source: this.source,
      line,
      hint: 'Inside a quoted field, write a literal quote as two quotes ("").',
    });
  }
}

function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === "";
}

function countNewlines(text: string, from: number, to: number, newline: Newline): number {
  let count = 0;
  let at = text.indexOf(newline, from);
  while (at >= 0 && at < to) {
    count += 1;
    at = text.indexOf(newline, at + newline.length);
  }
  return count;
}
