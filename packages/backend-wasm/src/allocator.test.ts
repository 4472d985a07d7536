import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BLOCK_ALIGN, HeapAllocator, sizeClass } from "./allocator.js";

describe("sizeClass", () => {
  it("rounds up to a 64-byte multiple with at most 25 % slack past 256 bytes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), (bytes) => {
        const cls = sizeClass(bytes);
        expect(cls).toBeGreaterThanOrEqual(bytes);
        expect(cls % BLOCK_ALIGN).toBe(0);
        expect(cls).toBeLessThanOrEqual(Math.max(256, bytes * 1.25 + BLOCK_ALIGN));
      }),
    );
  });
});

describe("HeapAllocator", () => {
  const make = (limit = Infinity) => {
    const ends: number[] = [];
    const heap = new HeapAllocator(1000, (end) => {
      if (end > limit) {
        throw new RangeError("full");
      }
      ends.push(end);
    });
    return { heap, ends };
  };

  it("hands out aligned blocks that never overlap while live", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.boolean()), { maxLength: 60 }),
        (ops) => {
          const { heap } = make();
          const live = new Map<number, number>();
          for (const [bytes, release] of ops) {
            if (release && live.size > 0) {
              const [ptr] = live.keys();
              heap.release(ptr!);
              live.delete(ptr!);
              continue;
            }
            const ptr = heap.alloc(bytes);
            expect(ptr % BLOCK_ALIGN).toBe(0);
            for (const [other, size] of live) {
              expect(ptr + bytes <= other || other + size <= ptr).toBe(true);
            }
            live.set(ptr, Math.max(bytes, 1));
          }
          expect(heap.stats().liveBlocks).toBe(live.size);
        },
      ),
    );
  });

  it("reuses a released block of the same class before growing", () => {
    const { heap, ends } = make();
    const a = heap.alloc(1000);
    heap.release(a);
    const grownTo = ends.length;
    expect(heap.alloc(900)).toBe(a);
    expect(ends.length).toBe(grownTo);
    expect(heap.stats()).toMatchObject({ liveBlocks: 1, freeBytes: 0 });
  });

  it("takes a larger free block when the memory cannot grow", () => {
    const { heap } = make(3072 + 100);
    const big = heap.alloc(2000);
    heap.release(big);
    expect(heap.alloc(300)).toBe(big);
    expect(() => heap.alloc(2000)).toThrow(RangeError);
  });

  it("ignores releases of unknown or already released addresses", () => {
    const { heap } = make();
    const a = heap.alloc(64);
    heap.release(a);
    heap.release(a);
    heap.release(12345);
    expect(heap.stats()).toMatchObject({ liveBlocks: 0, liveBlockBytes: 0, freeBytes: 64 });
  });
});
