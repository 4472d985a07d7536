/**
 * Cross-entropies on a backend without the optional Softmax and LogSoftmax
 * kernels, where the log-softmax is composed from ops.
 */
import { createJsBackend } from "@myelin/backend-js";
import { getBackend, hasKernel, registerBackend, setBackend, tensor } from "@myelin/tensor-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import { categoricalCrossentropy, sparseCategoricalCrossentropy } from "./index.js";

const BARE = "js-without-softmax";

beforeAll(async () => {
  const base = createJsBackend();
  const { Softmax: _softmax, LogSoftmax: _logSoftmax, ...kernels } = base.kernels;
  registerBackend(BARE, () => ({ ...base, name: BARE, kernels }), { priority: 0 });
  await setBackend(BARE);
});

afterAll(async () => {
  await setBackend("js");
});

describe("cross-entropy without a LogSoftmax kernel", () => {
  it("runs on a backend that lacks the kernel", () => {
    expect(getBackend().name).toBe(BARE);
    expect(hasKernel("LogSoftmax")).toBe(false);
  });

  it("still depends only on differences between logits (C01)", () => {
    const logits = tensor([
      [1, 1],
      [1e8, 1e8],
      [1e4, -1e4],
      [-1e4, 1e4],
    ]);
    const expected = [Math.LN2, Math.LN2, 0, 20000];
    const sparse = sparseCategoricalCrossentropy(tensor([1, 1, 0, 0]), logits, {
      fromLogits: true,
    });
    expectClose(sparse.data(), expected, 1e-6, 1e-6);
    const oneHot = tensor([
      [0, 1],
      [0, 1],
      [1, 0],
      [1, 0],
    ]);
    expectClose(
      categoricalCrossentropy(oneHot, logits, { fromLogits: true }).data(),
      expected,
      1e-6,
      1e-6,
    );
  });
});
