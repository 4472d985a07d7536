import type { Backend, DataId, DType, TensorInfo, TypedArray } from "@myelin/backend";
import { formatShape, MyelinError } from "./errors.js";
import { trackInScope } from "./scope.js";
import type { Tape } from "./tape.js";

let nextId = 0;

/**
 * Storage shared by tensors that view the same data (reshape shares, it never
 * copies). Freed when the last tensor using it is disposed.
 */
export class Storage {
  refs = 0;
  freed = false;
  constructor(
    public backend: Backend,
    public dataId: DataId,
  ) {}

  release(): void {
    this.refs--;
    if (this.refs <= 0 && !this.freed) {
      this.freed = true;
      this.backend.free(this.dataId);
    }
  }
}

/** Safety net for explicit-memory backends: frees storage of tensors the GC collects. */
const finalizer = new FinalizationRegistry<Storage>((storage) => {
  storage.release();
});

/** What a tensor keeps of the last tape that saved it: the tape, until that tape finishes. */
interface TapeLink {
  tape: Tape | null;
}

/** Where a tape keeps its link (a symbol, so it never clashes with the tape's own fields). */
const LINK = Symbol("tapeLink");
let lastLink: TapeLink | null = null;

/**
 * The link of a tape, shared by every tensor it saves. Variables and data are
 * inputs of every step: a plain reference from them to a finished tape would
 * keep every tensor of that step alive until the next gradient. (A WeakRef
 * would instead keep each tape alive to the end of the current job, which for
 * a loop of synchronous steps is a whole epoch, and would move every step's
 * tensors to the old generation.) The link lets go of its tape when the tape
 * finishes: see the `tape` setter of {@link Tensor}.
 */
function linkOf(tape: Tape): TapeLink {
  if (lastLink !== null && lastLink.tape === tape) {
    return lastLink;
  }
  const linked = tape as Tape & { [LINK]?: TapeLink };
  let link = linked[LINK];
  if (link === undefined) {
    link = { tape };
    linked[LINK] = link;
  }
  lastLink = link;
  return link;
}

/** Elementwise values as nested arrays, as `tensor.array()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An immutable n-dimensional array with a shape and a dtype, stored by one
 * backend. Ops never change a tensor; only {@link Variable.assign} does.
 */
export class Tensor {
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** @internal */
  storage: Storage;
  /** Reaches the tracking tape only until it finishes (see linkOf). */
  private trackingLink: TapeLink | null = null;
  /** Reaches the saving tape only while it records or runs backward (see linkOf). */
  private savedLink: TapeLink | null = null;
  /** @internal */
  private cachedInfo: TensorInfo | null = null;
  private disposed = false;
  /**
   * Whether the GC safety net covers this tensor. A tensor owned by a tidy
   * scope needs none while it is owned: the scope holds it, so it cannot be
   * collected, and disposes it or hands it on when it ends. Skipping the
   * registration saves much of the cost of a short-lived tensor.
   */
  private safetyNet: "none" | "wanted" | "registered" = "none";

  /** @internal Tensors are made by ops and creation functions, not by `new`. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, size: number) {
    this.id = nextId++;
    this.storage = storage;
    this.shape = shape;
    this.dtype = dtype;
    this.size = size;
    storage.refs++;
    if (!trackInScope(this)) {
      this.watchCollection();
    }
  }

  /**
   * @internal Puts the tensor under the GC safety net, for when it outlives
   * the scopes that would dispose it. Calling it again does nothing.
   */
  watchCollection(): void {
    if (this.safetyNet === "none") {
      this.safetyNet = "wanted";
      this.syncSafetyNet();
    }
  }

  /** Registers the current storage when the backend needs explicit frees. */
  private syncSafetyNet(): void {
    if (this.safetyNet === "registered") {
      finalizer.unregister(this);
      this.safetyNet = "wanted";
    }
    if (this.safetyNet === "wanted" && !this.disposed && this.storage.backend.explicitMemory) {
      finalizer.register(this, this.storage, this);
      this.safetyNet = "registered";
    }
  }

  /** @internal Moves the tensor onto other storage (another backend, or assign across backends). */
  swapStorage(storage: Storage): void {
    storage.refs++;
    this.storage.release();
    this.storage = storage;
    this.syncSafetyNet();
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Name of the backend holding the data. */
  get backendName(): string {
    return this.storage.backend.name;
  }

  /** @internal The gradient tape that tracks this tensor, if any. */
  get tape(): Tape | null {
    return this.trackingLink === null ? null : this.trackingLink.tape;
  }

  /**
   * Autograd clears the tape of tracked tensors only when that tape finishes
   * (its sources and the outputs of its ops), so that is when the tape's link
   * lets go of it, for every tensor it tracked or saved.
   */
  set tape(tape: Tape | null) {
    if (tape !== null) {
      this.trackingLink = linkOf(tape);
      return;
    }
    if (this.trackingLink !== null) {
      this.trackingLink.tape = null;
      this.trackingLink = null;
    }
  }

  /** @internal The last tape that saved this tensor as an input of a recorded op. */
  get savedBy(): Tape | null {
    return this.savedLink === null ? null : this.savedLink.tape;
  }

  set savedBy(tape: Tape | null) {
    this.savedLink = tape === null ? null : linkOf(tape);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal */
  get heldByTape(): boolean {
    const tracking = this.tape;
    const saving = this.savedBy;
    return (tracking !== null && tracking.active) || (saving !== null && saving.active);
  }

  /** @internal What kernels see. */
  get info(): TensorInfo {
    this.assertAlive("use");
    if (this.cachedInfo === null || this.cachedInfo.dataId !== this.storage.dataId) {
      this.cachedInfo = {
        dataId: this.storage.dataId,
        shape: this.shape,
        dtype: this.dtype,
        size: this.size,
      };
    }
    return this.cachedInfo;
  }

  /** A copy of the values as a typed array (Float32Array for float32, and so on). */
  data(): TypedArray {
    this.assertAlive("read");
    const values = this.storage.backend.read(this.storage.dataId, this.dtype, this.size);
    return values.slice(0, this.size) as TypedArray;
  }

  /** The values as nested arrays (booleans for bool tensors). */
  array(): NestedArray {
    const values = this.data();
    const asValue = (i: number): number | boolean =>
      this.dtype === "bool" ? values[i] !== 0 : values[i]!;
    if (this.rank === 0) {
      return asValue(0);
    }
    let offset = 0;
    const build = (axis: number): NestedArray[] => {
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) {
        out.push(axis === this.rank - 1 ? asValue(offset++) : build(axis + 1));
      }
      return out;
    };
    return build(0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new MyelinError(
        "not_scalar",
        `item(): the tensor has shape ${formatShape(this.shape)} (${this.size} elements); ` +
          "item() needs exactly one element.",
        { hint: "Reduce it first (sum, mean) or index it with slice." },
      );
    }
    return this.data()[0]!;
  }

  /**
   * Frees the tensor's storage now. Optional on the JS backend; on the Wasm
   * backend it returns memory at once instead of waiting for a scope or the GC.
   */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (this.safetyNet === "registered") {
      finalizer.unregister(this);
      this.safetyNet = "wanted";
    }
    this.storage.release();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  toString(): string {
    if (this.disposed) {
      return `Tensor(disposed, ${formatShape(this.shape)}, ${this.dtype})`;
    }
    const body = this.size <= 64 ? formatNested(this.array()) : `${this.size} values`;
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}) ${body}`;
  }

  /** @internal */
  assertAlive(action: string): void {
    if (this.disposed) {
      throw new MyelinError(
        "disposed",
        `Cannot ${action} tensor ${this.id} ${formatShape(this.shape)}: it was disposed.`,
        {
          hint:
            "Keep it with keep(t), return it from tidy(), or stop disposing it while still in use.",
        },
      );
    }
  }
}

/** Prints nested values like JSON but keeps NaN and ±Infinity readable. */
function formatNested(value: NestedArray): string {
  if (Array.isArray(value)) {
    return `[${value.map(formatNested).join(",")}]`;
  }
  return String(value);
}

/**
 * A tensor whose values can change in place: model weights and optimizer
 * state. Trainable variables are watched by every gradient tape.
 */
export class Variable extends Tensor {
  readonly name: string;
  trainable: boolean;

  /** @internal Use `variable()` to create one. */
  constructor(
    storage: Storage,
    shape: readonly number[],
    dtype: DType,
    size: number,
    name: string,
    trainable: boolean,
  ) {
    super(storage, shape, dtype, size);
    this.name = name;
    this.trainable = trainable;
  }

  /** @internal Replaces the storage (used by assign across backends). */
  replaceStorage(storage: Storage): void {
    this.swapStorage(storage);
  }
}

/** @internal */
export function makeTensor(backend: Backend, dataId: DataId, shape: readonly number[], dtype: DType, size: number): Tensor {
  return new Tensor(new Storage(backend, dataId), shape, dtype, size);
}

export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}
