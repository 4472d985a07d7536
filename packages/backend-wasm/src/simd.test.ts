import type { Conv2DAttrs, KernelAttrs, KernelId } from "@myelin/backend";
import { describe, expect, it } from "vitest";
import { expectClose, randomTensor, Rng, run, useBackend } from "../test/harness.js";
import type { HostTensor } from "../test/harness.js";
import { detectSimd } from "./index.js";

describe("SIMD and scalar builds", () => {
  const simd = useBackend({ simd: true });
  const scalar = useBackend({ simd: false });

  const agree = <K extends KernelId>(
    kernel: K,
    inputs: HostTensor[],
    shape: number[],
    attrs: KernelAttrs[K],
  ) => {
    const out = [{ shape, dtype: "float32" as const }];
    const [a] = run(simd(), kernel, inputs, out, attrs);
    const [b] = run(scalar(), kernel, inputs, out, attrs);
    expectClose(`${kernel} simd vs scalar`, a!, b!, "float32", 1e-5);
  };

  it("detects SIMD here and runs the scalar build when asked", () => {
    expect(detectSimd()).toBe(true);
    expect(simd().capabilities().simd).toBe(true);
    expect(scalar().capabilities().simd).toBe(false);
    expect(scalar().variant).toBe("scalar");
  });

  it("agree on matmul, elementwise, reductions and softmax", () => {
    const rng = new Rng(9);
    agree("MatMul", [randomTensor(rng, [37, 45]), randomTensor(rng, [53, 45])], [37, 53], {
      transposeA: false,
      transposeB: true,
    });
    const x = randomTensor(rng, [7, 19], -5, 5);
    for (const op of [
      "exp",
      "log1p",
      "tanh",
      "sigmoid",
      "erf",
      "softplus",
      "round",
      "sign",
    ] as const) {
      agree("Unary", [op === "log1p" ? randomTensor(rng, [7, 19], 0, 5) : x], [7, 19], { op });
    }
    agree("Binary", [x, randomTensor(rng, [19])], [7, 19], { op: "squaredDifference" });
    agree("Reduce", [x], [19], { op: "sum", axes: [0] });
    agree("Reduce", [x], [7], { op: "max", axes: [1] });
    agree("LogSoftmax", [x], [7, 19], {});
  });

  it("agree on convolution, pooling and optimizer steps", () => {
    const rng = new Rng(10);
    const attrs: Conv2DAttrs = {
      strides: [2, 1],
      dilations: [1, 2],
      pads: [1, 0, 2, 1],
      groups: 1,
    };
    agree(
      "Conv2D",
      [randomTensor(rng, [2, 9, 8, 5]), randomTensor(rng, [3, 2, 5, 6])],
      [2, 5, 7, 6],
      attrs,
    );
    const pool = { mode: "avg", poolSize: [2, 3], strides: [2, 2], pads: [0, 1, 1, 1] } as const;
    agree("Pool2D", [randomTensor(rng, [1, 7, 7, 6])], [1, 3, 4, 6], pool);
    const step = { rule: "adam", learningRate: 0.01, params: { step: 3 } } as const;
    const w = randomTensor(rng, [21]);
    const g = randomTensor(rng, [21]);
    const m = randomTensor(rng, [21]);
    const v = randomTensor(rng, [21], 0, 1);
    const outs = [{ alias: 0 }, { alias: 2 }, { alias: 3 }];
    const a = run(simd(), "OptimizerStep", [w, g, m, v], outs, step);
    const b = run(scalar(), "OptimizerStep", [w, g, m, v], outs, step);
    a.forEach((values, i) => expectClose(`adam output ${i}`, values, b[i]!, "float32", 1e-6));
    expect(a.length).toBe(3);
  });
});
