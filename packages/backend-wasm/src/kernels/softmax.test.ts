import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectClose,
  host,
  randomTensor,
  Rng,
  run,
  seedArb,
  useBackend,
} from "../../test/harness.js";
import { softmax } from "../../test/naive.js";

const shapeArb = fc.array(fc.integer({ min: 1, max: 21 }), { minLength: 1, maxLength: 3 });

describe("Softmax", () => {
  const backend = useBackend();

  it("matches exp(x - max) / sum along the last axis", () => {
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const x = randomTensor(new Rng(seed), shape, -10, 10);
        const [y] = run(backend(), "Softmax", [x], [{ shape, dtype: "float32" }], {});
        expectClose(`softmax [${shape}]`, y!, softmax(x.values, shape, false));
      }),
      { numRuns: 40 },
    );
  });

  it("stays finite for logits near the float32 limit", () => {
    const x = host([2, 3], "float32", [3e38, -3e38, 1e38, 1e8, 1e8, 1e8]);
    const [y] = run(backend(), "Softmax", [x], [{ shape: [2, 3], dtype: "float32" }], {});
    expectClose("softmax of extremes", y!, [1, 0, 0, 1 / 3, 1 / 3, 1 / 3]);
  });
});

describe("LogSoftmax", () => {
  const backend = useBackend();

  it("matches x - max - log sum exp along the last axis", () => {
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const x = randomTensor(new Rng(seed), shape, -10, 10);
        const [y] = run(backend(), "LogSoftmax", [x], [{ shape, dtype: "float32" }], {});
        expectClose(`logSoftmax [${shape}]`, y!, softmax(x.values, shape, true));
      }),
      { numRuns: 40 },
    );
  });

  it("keeps log 2 for two equal large logits", () => {
    const x = host([1, 2], "float32", [1e8, 1e8]);
    const [y] = run(backend(), "LogSoftmax", [x], [{ shape: [1, 2], dtype: "float32" }], {});
    expect(Array.from(y!)).toEqual([Math.fround(-Math.LN2), Math.fround(-Math.LN2)]);
  });
});
