/** Something that delivers CSV bytes or text in pieces. */
export type CsvStreamSource =
  | ReadableStream<Uint8Array>
  | ReadableStream<string>
  | Response
  | Blob
  | AsyncIterable<Uint8Array | string>;

/**
 * A source, or a function that opens a fresh one. Only a function can be read
 * more than once (one pass per epoch); a stream can be read a single time.
 */
export type CsvSourceInput = CsvStreamSource | (() => CsvStreamSource | Promise<CsvStreamSource>);

/**
 * Decodes a source into text pieces as they arrive (UTF-8 for bytes). Pieces are
 * pulled one at a time, so a slow consumer never makes the source read ahead.
 */
export async function* textPieces(
  source: CsvStreamSource,
): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder("utf-8");
  for await (const piece of pieces(source)) {
    const text = typeof piece === "string" ? piece : decoder.decode(piece, { stream: true });
    if (text.length > 0) {
      yield text;
    }
  }
  const tail = decoder.decode();
  if (tail.length > 0) {
    yield tail;
  }
}

async function* pieces(
  source: CsvStreamSource,
): AsyncGenerator<Uint8Array | string, void, undefined> {
  if (isResponse(source)) {
    if (source.body !== null) {
      yield* readStream(source.body);
    }
    return;
  }
  if (isBlob(source)) {
    yield* readStream(source.stream());
    return;
  }
  if (isReadableStream(source)) {
    yield* readStream<Uint8Array | string>(source as ReadableStream<Uint8Array | string>);
    return;
  }
  yield* source;
}

async function* readStream<T>(stream: ReadableStream<T>): AsyncGenerator<T, void, undefined> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Stopping early (a `break` in the consumer) cancels the stream so its
    // producer stops reading; a fully read stream only needs its lock released.
    if (!finished) {
      await reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
}

function isResponse(source: unknown): source is Response {
  return typeof Response !== "undefined" && source instanceof Response;
}

function isBlob(source: unknown): source is Blob {
  return typeof Blob !== "undefined" && source instanceof Blob;
}

function isReadableStream(source: unknown): source is ReadableStream<Uint8Array | string> {
  return typeof (source as ReadableStream | null)?.getReader === "function";
}
