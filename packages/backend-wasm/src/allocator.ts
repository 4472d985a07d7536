/** Every block starts on a 64-byte boundary (a cache line, and v128-aligned). */
export const BLOCK_ALIGN = 64;

/**
 * The size class of a request: multiples of 64 bytes up to 256, then four
 * classes per power of two (at most 25 % slack).
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) {
    return Math.max(BLOCK_ALIGN, Math.ceil(bytes / BLOCK_ALIGN) * BLOCK_ALIGN);
  }
  const quarter = 2 ** (Math.ceil(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / quarter) * quarter;
}

/** Numbers an allocator reports. */
export interface AllocatorStats {
  /** Blocks handed out and not yet released. */
  liveBlocks: number;
  /** Bytes of those blocks, rounded up to their size classes. */
  liveBlockBytes: number;
  /** Bytes sitting in free lists, ready for reuse. */
  freeBytes: number;
  /** Bytes between the heap start and the highest block ever handed out. */
  reservedBytes: number;
}

/**
 * A size-class allocator over a linear address range starting at `base`. It
 * only hands out addresses; `ensure(end)` must make addresses below `end`
 * usable (for a Wasm memory, by growing it) or throw.
 *
 * A request takes a free block of its own class, else a free block of up to
 * twice its class, else fresh space at the top; when the heap cannot grow it
 * takes any larger free block. Blocks are never split or merged.
 */
export class HeapAllocator {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private readonly blockClass = new Map<number, number>();
  private liveBlockBytes = 0;
  private freeBytes = 0;

  constructor(private readonly base: number, private readonly ensure: (end: number) => void) {
    this.top = Math.ceil(base / BLOCK_ALIGN) * BLOCK_ALIGN;
  }

  /** Returns the address of a block of at least `bytes` bytes. */
  alloc(bytes: number): number {
    const cls = sizeClass(bytes);
    const ptr = this.takeFree(cls) ?? this.takeLarger(cls, 2 * cls) ?? this.bump(cls);
    this.liveBlockBytes += this.blockClass.get(ptr)!;
    return ptr;
  }

  /** Returns a block to its free list; unknown or already released addresses are ignored. */
  release(ptr: number): void {
    const cls = this.blockClass.get(ptr);
    if (cls === undefined) {
      return;
    }
    this.blockClass.delete(ptr);
    this.liveBlockBytes -= cls;
    this.freeBytes += cls;
    let list = this.freeLists.get(cls);
    if (list === undefined) {
      list = [];
      this.freeLists.set(cls, list);
    }
    list.push(ptr);
  }

  /** True when `ptr` is a live block. */
  owns(ptr: number): boolean {
    return this.blockClass.has(ptr);
  }

  stats(): AllocatorStats {
    return {
      liveBlocks: this.blockClass.size,
      liveBlockBytes: this.liveBlockBytes,
      freeBytes: this.freeBytes,
      reservedBytes: this.top - this.base,
    };
  }

  private takeFree(cls: number): number | undefined {
    const ptr = this.freeLists.get(cls)?.pop();
    if (ptr === undefined) {
      return undefined;
    }
    this.freeBytes -= cls;
    this.blockClass.set(ptr, cls);
    return ptr;
  }

  private bump(cls: number): number {
    const ptr = this.top;
    try {
      this.ensure(ptr + cls);
    } catch (growError) {
      const reused = this.takeLarger(cls, Infinity);
      if (reused !== undefined) {
        return reused;
      }
      throw growError;
    }
    this.top = ptr + cls;
    this.blockClass.set(ptr, cls);
    return ptr;
  }

  /** The smallest free block larger than `cls` and at most `limit` bytes. */
  private takeLarger(cls: number, limit: number): number | undefined {
    let best: number | undefined;
    for (const [size, list] of this.freeLists) {
      if (size > cls && size <= limit && list.length > 0 && (best === undefined || size < best)) {
        best = size;
      }
    }
    return best === undefined ? undefined : this.takeFree(best);
  }
}
