import { describe, expect, it } from "vitest";
import * as my from "../src/index.js";

function thrown(fn: () => unknown): Error & { code?: string; op?: string; shapes?: unknown } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("tensor", () => {
  it("infers the shape of nested arrays and defaults numbers to float32", () => {
    const x = my.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe("float32");
    expect(x.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it("takes a typed array with a shape and keeps its dtype", () => {
    const x = my.tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    expect(x.dtype).toBe("float64");
    expect(x.array()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(my.tensor([true, false]).dtype).toBe("bool");
  });

  it("names the ragged row", () => {
    const error = thrown(() => my.tensor([[0, 1], [0, 1, 1], [1, 0]]));
    expect(error.code).toBe("ragged_array");
    expect(error.message).toMatchInlineSnapshot(`"tensor: row [1] has 3 elements, but row [0] has 2; nested arrays must be rectangular. Pad or trim the rows so every row has the same length."`);
  });

  it("names a value that is not a number", () => {
    const error = thrown(() => my.tensor([[1, 0], [undefined as unknown as number, 0]]));
    expect(error.message).toMatch(/element \[1\]\[0\] is undefined, not a number or boolean/);
  });

  it("rejects a shape that does not hold the values", () => {
    const error = thrown(() => my.tensor(new Float32Array(5), [2, 3]));
    expect(error.message).toMatch(/shape \[2,3\] holds 6 values but 5 were given/);
  });

  it("rejects non-integer and negative dimensions", () => {
    expect(thrown(() => my.zeros([2, 1.5])).message).toMatch(/dimension 1 of \[2,1\.5\] is 1\.5; dimensions must be non-negative integers/);
    expect(thrown(() => my.ones([-1])).code).toBe("invalid_shape");
  });

  it("builds zeros, ones, full, eye, range and linspace", () => {
    expect(my.zeros([2]).array()).toEqual([0, 0]);
    expect(my.ones([1, 2], "int32").array()).toEqual([[1, 1]]);
    expect(my.full([2], 7).array()).toEqual([7, 7]);
    expect(my.eye(2, 3).array()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(my.range(1, 7, 2).array()).toEqual([1, 3, 5]);
    expect(my.range(3).array()).toEqual([0, 1, 2]);
    expect(my.linspace(0, 1, 5).array()).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe("random", () => {
  it("repeats exactly from a seed and from a saved state", () => {
    const a = my.randomNormal([5], { seed: 3 }).data();
    const b = my.randomNormal([5], { seed: 3 }).data();
    expect(Array.from(a)).toEqual(Array.from(b));
    const g = new my.Generator(11);
    g.uniform();
    const state = g.getState();
    const next = [g.uniform(), g.normal(), g.normal()];
    const restored = my.Generator.fromState(JSON.parse(JSON.stringify(state)));
    expect([restored.uniform(), restored.normal(), restored.normal()]).toEqual(next);
  });

  it("draws normals with the requested moments and truncates at two deviations", () => {
    const x = my.randomNormal([20000], { seed: 1, mean: 2, stddev: 3 });
    expect(my.mean(x).item()).toBeCloseTo(2, 1);
    expect(Math.sqrt(my.variance(x).item())).toBeCloseTo(3, 1);
    const t = my.truncatedNormal([5000], { seed: 2 }).data();
    expect(Math.max(...Array.from(t, Math.abs))).toBeLessThanOrEqual(2);
  });

  it("draws uniforms inside [minval, maxval)", () => {
    const u = my.randomUniform([1000], { seed: 5, minval: -1, maxval: 1 }).data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u)).toBeLessThan(1);
  });
});

describe("backends", () => {
  it("names the registered backends when an unknown one is asked for", async () => {
    await expect(my.setBackend("jss")).rejects.toThrow(/Unknown backend "jss"; registered: "js". Did you mean "js"\?/);
  });

  it("refuses to register the same name twice", () => {
    expect(() => my.registerBackend("js", () => my.getBackend())).toThrow(/already registered/);
  });

  it("reports live memory per backend", () => {
    const before = my.memory().backends.js!.buffers;
    const x = my.zeros([256]);
    expect(my.memory().backends.js!.buffers).toBe(before + 1);
    x.dispose();
    expect(my.memory().backends.js!.buffers).toBe(before);
  });
});

describe("toString", () => {
  it("prints NaN and infinities as themselves", () => {
    expect(my.tensor([NaN, Infinity, -Infinity, 1]).toString()).toBe("Tensor([4], float32) [NaN,Infinity,-Infinity,1]");
    expect(my.tensor([[true, false]]).toString()).toBe("Tensor([1, 2], bool) [[true,false]]");
  });
});
