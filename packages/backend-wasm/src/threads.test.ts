import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Conv2DAttrs } from "@myelin/backend";
import { afterEach, describe, expect, it, vi } from "vitest";
import { randomTensor, Rng, run, useBackend } from "../test/harness.js";
import { createWasmBackend } from "./index.js";

describe("threads", () => {
  const single = useBackend({ threads: 1 });
  const pair = useBackend({ threads: 2 });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("starts one worker next to the calling thread", () => {
    expect(pair().capabilities().threads).toBe(2);
    expect(pair().variant).toBe("simd-threads");
    expect(pair().threadNote).toBeUndefined();
  });

  it("gives matmuls split by rows or by columns the same bits as one thread", () => {
    const rng = new Rng(2);
    for (const [m, n, k, tA, tB] of [
      [203, 150, 130, false, false],
      [150, 203, 97, true, true],
      [5, 700, 600, false, true],
    ] as const) {
      const a = randomTensor(rng, tA ? [k, m] : [m, k]);
      const b = randomTensor(rng, tB ? [n, k] : [k, n]);
      const attrs = { transposeA: tA, transposeB: tB };
      const out = [{ shape: [m, n], dtype: "float32" as const }];
      const [one] = run(single(), "MatMul", [a, b], out, attrs);
      const [two] = run(pair(), "MatMul", [a, b], out, attrs);
      expect(two).toEqual(one);
    }
  });

  it("gives convolutions and their gradients the same bits as one thread", () => {
    const rng = new Rng(3);
    const attrs: Conv2DAttrs = {
      strides: [1, 1],
      dilations: [1, 1],
      pads: [1, 1, 1, 1],
      groups: 1,
    };
    const x = randomTensor(rng, [2, 24, 24, 16]);
    const filter = randomTensor(rng, [3, 3, 16, 32]);
    const dy = randomTensor(rng, [2, 24, 24, 32]);
    const y = [{ shape: [2, 24, 24, 32], dtype: "float32" as const }];
    expect(run(pair(), "Conv2D", [x, filter], y, attrs)).toEqual(
      run(single(), "Conv2D", [x, filter], y, attrs),
    );
    const dx = [{ shape: [2, 24, 24, 16], dtype: "float32" as const }];
    expect(run(pair(), "Conv2DBackpropInput", [dy, filter], dx, attrs)).toEqual(
      run(single(), "Conv2DBackpropInput", [dy, filter], dx, attrs),
    );
    const df = [{ shape: [3, 3, 16, 32], dtype: "float32" as const }];
    expect(run(pair(), "Conv2DBackpropFilter", [x, dy], df, attrs)).toEqual(
      run(single(), "Conv2DBackpropFilter", [x, dy], df, attrs),
    );
  });

  it("falls back to one thread, saying why, without SharedArrayBuffer", async () => {
    vi.stubGlobal("SharedArrayBuffer", undefined);
    const backend = await createWasmBackend({ threads: 2 });
    expect(backend.capabilities().threads).toBe(1);
    expect(backend.variant).toBe("simd");
    expect(backend.threadNote).toMatch(/SharedArrayBuffer is unavailable/);
    backend.shutdown();
  });

  it("lets Node exit while workers are idle, without shutdown()", () => {
    const fixture = fileURLToPath(
      new URL("../test/fixtures/exit-with-workers.ts", import.meta.url),
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", fixture], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(child.error).toBeUndefined();
    expect({ status: child.status, stdout: child.stdout }).toEqual({
      status: 0,
      stdout: "threads=2 y0=192\n",
    });
  });

  it("refuses threaded work after shutdown", async () => {
    const backend = await createWasmBackend({ threads: 2 });
    backend.shutdown();
    const rng = new Rng(4);
    const inputs = [randomTensor(rng, [160, 160]), randomTensor(rng, [160, 160])];
    const out = [{ shape: [160, 160], dtype: "float32" as const }];
    expect(() =>
      run(backend, "MatMul", inputs, out, { transposeA: false, transposeB: false }),
    ).toThrow(/shut down/);
  });
});
