import { describe, expect, it } from "vitest";
import { BYTES_PER_ELEMENT, makeTypedArray, OPTIONAL_KERNELS, REQUIRED_KERNELS } from "./index.js";

describe("kernel table", () => {
  it("keeps required and optional kernels apart", () => {
    const overlap = REQUIRED_KERNELS.filter((k) => OPTIONAL_KERNELS.includes(k));
    expect(overlap).toEqual([]);
  });

  it("allocates the storage type of each dtype", () => {
    expect(makeTypedArray("float64", 3)).toBeInstanceOf(Float64Array);
    expect(makeTypedArray("bool", 3)).toBeInstanceOf(Uint8Array);
    expect(makeTypedArray("int32", 2).length * BYTES_PER_ELEMENT.int32).toBe(8);
  });
});
