import { BYTES_PER_ELEMENT, type DType, makeTypedArray, REQUIRED_KERNELS } from "@myelin/backend";
import { describe, expect, it } from "vitest";

import type { SuiteContext } from "../context.js";

const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/** Storage and reporting: alloc, write, read, free, memory() and capabilities(). */
export function describeStorage(ctx: SuiteContext, name: string): void {
  describe("storage", () => {
    it("reports the name it was registered under", () => {
      expect(ctx.backend().name).toBe(name);
      expect(ctx.backend().capabilities().backend).toBe(name);
    });

    it("allocates zeroed storage in each dtype's typed array", () => {
      const backend = ctx.backend();
      for (const dtype of DTYPES) {
        const dataId = backend.alloc(5, dtype);
        const values = backend.read(dataId, dtype, 5);
        expect(values).toBeInstanceOf(makeTypedArray(dtype, 0).constructor);
        expect(Array.from(values)).toEqual([0, 0, 0, 0, 0]);
        backend.free(dataId);
      }
    });

    it("writes a copy, so later changes to the source do not leak in", () => {
      const backend = ctx.backend();
      const source = new Float32Array([1, 2, 3]);
      const dataId = backend.write(source, "float32");
      source[0] = 99;
      expect(Array.from(backend.read(dataId, "float32", 3))).toEqual([1, 2, 3]);
      backend.free(dataId);
    });

    it("counts live buffers and bytes, and treats a second free as a no-op", () => {
      const backend = ctx.backend();
      const before = backend.memory();
      const a = backend.alloc(10, "float64");
      const b = backend.write(new Int32Array([1, 2, 3]), "int32");
      const during = backend.memory();
      expect(during.buffers - before.buffers).toBe(2);
      expect(during.bytes - before.bytes).toBe(10 * BYTES_PER_ELEMENT.float64 + 3 * 4);
      backend.free(a);
      backend.free(a);
      backend.free(b);
      expect(backend.memory().buffers).toBe(before.buffers);
      expect(backend.memory().bytes).toBe(before.bytes);
    });

    it("describes every kernel it has in capabilities()", () => {
      const backend = ctx.backend();
      const listed = new Set(backend.capabilities().kernels.map((k) => k.kernel));
      const missing = Object.keys(backend.kernels).filter((id) => !listed.has(id as never));
      expect(missing).toEqual([]);
      expect(backend.capabilities().dtypes).toEqual(expect.arrayContaining(["float32"]));
    });

    it("provides every required kernel that is not a declared gap", () => {
      const backend = ctx.backend();
      const missing = REQUIRED_KERNELS.filter(
        (id) => backend.kernels[id] === undefined && ctx.knownGaps[id] === undefined,
      );
      expect(missing).toEqual([]);
    });
  });
}
