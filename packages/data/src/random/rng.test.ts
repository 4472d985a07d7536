import { describe, expect, it } from "vitest";
import { catchDataError } from "../../test/catch-error.js";
import { createRng, rngFromState } from "./rng.js";

// Outputs of the authors' reference C implementation of xoshiro128** (compiled with
// gcc), from state {1, 2, 3, 4}, and from {0x9e3779b9, 0x243f6a88, 0xb7e15162,
// 0xdeadbeef} after discarding 1000 outputs.
const FROM_1234 = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849];
const AFTER_1000 = [2541037969, 1849389561, 1502624387, 2643130287];

function draw(next: () => number, count: number): number[] {
  return Array.from({ length: count }, next);
}

describe("rngFromState", () => {
  it("matches the reference xoshiro128** outputs", () => {
    expect(draw(rngFromState([1, 2, 3, 4]).nextUint32, 8)).toEqual(FROM_1234);

    const rng = rngFromState([0x9e3779b9, 0x243f6a88, 0xb7e15162, 0xdeadbeef]);
    draw(rng.nextUint32, 1000);
    expect(draw(rng.nextUint32, 4)).toEqual(AFTER_1000);
  });
});

describe("createRng", () => {
  it("repeats its sequence for the same seed", () => {
    expect(draw(createRng(42).nextUint32, 16)).toEqual(draw(createRng(42).nextUint32, 16));
  });

  it("gives different sequences for nearby, negative and large seeds", () => {
    const starts = [0, 1, 2, -1, 2 ** 32, 2 ** 40 + 1].map((seed) => createRng(seed).nextUint32());

    expect(new Set(starts).size).toBe(starts.length);
  });

  it("draws floats in [0, 1) and integers in [0, n) with even counts", () => {
    const rng = createRng(7);
    const floats = draw(rng.nextFloat, 1000);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      counts[rng.nextInt(6)]! += 1;
    }

    expect(floats.every((x) => x >= 0 && x < 1)).toBe(true);
    // Each count is Binomial(60000, 1/6): mean 10000, sd ~91; 5 sd is a loose bound.
    expect(counts.every((c) => Math.abs(c - 10_000) < 460)).toBe(true);
  });

  it("rejects seeds that are not safe integers", () => {
    const error = catchDataError(() => createRng(0.5));

    expect(error.code).toBe("invalid_option");
    expect(error.message).toMatchInlineSnapshot(
      `"seed must be a safe integer, found 0.5. Pass a whole number such as 42."`,
    );
  });
});
