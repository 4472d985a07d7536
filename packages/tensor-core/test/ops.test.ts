import { describe, expect, it } from "vitest";
import * as my from "../src/index.js";
import { close } from "./helpers.js";

function thrown(fn: () => unknown): Error & { code?: string; op?: string; shapes?: Record<string, number[]> } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("broadcasting binaries", () => {
  it("broadcasts a row, a column and a scalar", () => {
    const x = my.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(my.add(x, my.tensor([10, 20, 30])).array()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(my.mul(x, my.tensor([[1], [-1]])).array()).toEqual([[1, 2, 3], [-4, -5, -6]]);
    expect(my.sub(x, 1).array()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(my.div(1, my.tensor([2, 4])).array()).toEqual([0.5, 0.25]);
  });

  it("explains shapes that do not broadcast", () => {
    const error = thrown(() => my.add(my.zeros([2, 3]), my.zeros([4])));
    expect(error.op).toBe("add");
    expect(error.shapes).toEqual({ a: [2, 3], b: [4] });
    expect(error.message).toMatchInlineSnapshot(`"add: a is [2, 3] and b is [4], which do not broadcast: aligned from the right, each pair of axes must be equal or 1 (axis -1 has 3 in a and 4 in b). Reshape or expandDims one operand so the axes line up."`);
  });

  it("refuses to mix dtypes", () => {
    const error = thrown(() => my.add(my.zeros([2]), my.zeros([2], "float64")));
    expect(error.code).toBe("dtype_mismatch");
    expect(error.message).toMatch(/a is float32 and b is float64.*cast\(b, "float32"\)/);
  });

  it("compares into bool and picks with where", () => {
    const x = my.tensor([-1, 0, 2]);
    const positive = my.greater(x, 0);
    expect(positive.dtype).toBe("bool");
    expect(my.where(positive, x, 0).array()).toEqual([0, 0, 2]);
  });

  it("computes floor division and NumPy's mod", () => {
    expect(my.mod(my.tensor([-3, 3]), 2).array()).toEqual([1, 1]);
    expect(my.floorDiv(my.tensor([-3, 3], undefined, "int32"), my.tensor([2, 2], undefined, "int32")).array()).toEqual([-2, 1]);
  });
});

describe("reductions", () => {
  const x = my.tensor([[1, 5, 3], [4, 2, 6]]);

  it("reduces any axes, with keepDims", () => {
    expect(my.sum(x).item()).toBe(21);
    expect(my.sum(x, { axis: 0 }).array()).toEqual([5, 7, 9]);
    expect(my.max(x, { axis: -1, keepDims: true }).array()).toEqual([[5], [6]]);
    expect(my.mean(x, { axis: 1 }).array()).toEqual([3, 4]);
    expect(my.min(x, { axis: [0, 1] }).item()).toBe(1);
    close(my.variance(x, { axis: 1 }).data(), [8 / 3, 8 / 3], 1e-6);
  });

  it("finds arg max and arg min along an axis", () => {
    expect(my.argmax(x).array()).toEqual([1, 2]);
    expect(my.argmin(x, 0).array()).toEqual([0, 1, 0]);
  });

  it("keeps logSumExp finite for huge logits", () => {
    const big = my.tensor([[1e8, 1e8], [1000, -1000]]);
    close(my.logSumExp(big, { axis: -1 }).data(), [1e8 + Math.LN2, 1000], 1e-3, 1e-7);
  });

  it("names an axis out of range", () => {
    const error = thrown(() => my.sum(x, { axis: 2 }));
    expect(error.code).toBe("invalid_axis");
    expect(error.message).toMatchInlineSnapshot(`"sum: axis 2 is out of range for a tensor of shape [2, 3]; valid axes are -2 to 1. Negative axes count from the end: -1 is the last axis."`);
  });
});

describe("reduction call forms", () => {
  const x = my.tensor([[1, 2, 3], [4, 5, 6]]);
  const reductions = [
    ["sum", my.sum],
    ["mean", my.mean],
    ["max", my.max],
    ["min", my.min],
    ["prod", my.prod],
    ["variance", my.variance],
    ["logSumExp", my.logSumExp],
    ["norm", my.norm],
  ] as const;

  it("takes the axis and keepDims positionally, as TF.js does", () => {
    for (const [name, op] of reductions) {
      for (const axis of [0, 1, -1, [0, 1]] as const) {
        for (const keepDims of [false, true]) {
          const positional = op(x, axis, keepDims);
          const named = op(x, { axis, keepDims });
          expect(positional.shape, name).toEqual(named.shape);
          close(positional.data(), named.data(), 1e-6);
        }
      }
    }
  });

  it("keeps dims of a full reduction with a null axis", () => {
    expect(my.sum(x, null, true).shape).toEqual([1, 1]);
    expect(my.sum(x, null, true).array()).toEqual([[21]]);
    expect(my.sum(x, 1, true).array()).toEqual([[6], [15]]);
  });

  it("takes positional axes for any and all", () => {
    const b = my.greater(x, 2);
    expect(my.any(b, 1, true).array()).toEqual([[true], [true]]);
    expect(my.all(b, 0).array()).toEqual([false, false, true]);
  });

  it("takes the axis of argmax and argmin as a number or as { axis }", () => {
    expect(my.argmax(x, { axis: 0 }).array()).toEqual(my.argmax(x, 0).array());
    expect(my.argmin(x, { axis: 1 }).array()).toEqual([0, 0]);
  });

  it("refuses keepDims given twice, a misspelt option and an argument of neither form", () => {
    expect(thrown(() => my.sum(x, { axis: 1 }, true)).message).toMatchInlineSnapshot(
      `"sum: keepDims is given both as the third argument and with an options object. Pass it once: sum(x, axis, keepDims) or sum(x, { axis, keepDims })."`,
    );
    expect(thrown(() => my.mean(x, { axes: 1 } as never)).message).toMatchInlineSnapshot(
      `"mean: unknown option "axes"; the options are: axis, keepDims. Did you mean "axis"?"`,
    );
    expect(thrown(() => my.max(x, "1" as never)).message).toMatch(
      /^max: the second argument is the string "1"; expected an axis/,
    );
    expect(thrown(() => my.sum(x, 1, "true" as never)).message).toMatch(
      /^sum: keepDims is the string "true"; expected true or false/,
    );
    expect(thrown(() => my.argmax(x, { axsi: 0 } as never)).message).toContain(
      'argmax: unknown option "axsi"',
    );
  });

  it("names an axis that is not an integer by its type", () => {
    expect(thrown(() => my.sum(x, ["1"] as never)).message).toMatch(
      /^sum: axis the string "1" is not an integer axis for a tensor of shape \[2, 3\]/,
    );
  });
});

describe("matMul", () => {
  it("multiplies with and without transposes", () => {
    const a = my.tensor([[1, 2, 3], [4, 5, 6]]);
    const b = my.tensor([[1, 0], [0, 1], [1, 1]]);
    expect(my.matMul(a, b).array()).toEqual([[4, 5], [10, 11]]);
    expect(my.matMul(my.transpose(a), b, { transposeA: true }).array()).toEqual([[4, 5], [10, 11]]);
    expect(my.matMul(a, my.transpose(b), { transposeB: true }).array()).toEqual([[4, 5], [10, 11]]);
  });

  it("broadcasts batch axes", () => {
    const a = my.ones([3, 2, 4]);
    const b = my.ones([4, 5]);
    expect(my.matMul(a, b).shape).toEqual([3, 2, 5]);
  });

  it("suggests a transpose when the inner sizes differ", () => {
    const error = thrown(() => my.matMul(my.zeros([2, 3]), my.zeros([2, 4])));
    expect(error.message).toMatchInlineSnapshot(`"matMul: a is [2, 3] and b is [2, 4]; the last axis of a (3) must equal the second-to-last axis of b (2). Did you mean \`matMul(a, b, { transposeA: true })\`, or a reshape?"`);
  });
});

describe("shape ops", () => {
  it("reshapes with an inferred axis and shares storage", () => {
    const x = my.range(6);
    const y = my.reshape(x, [2, -1]);
    expect(y.shape).toEqual([2, 3]);
    expect(y.storage).toBe(x.storage);
  });

  it("refuses a reshape to another size", () => {
    const error = thrown(() => my.reshape(my.zeros([2, 3]), [4, 2]));
    expect(error.message).toMatchInlineSnapshot(`"reshape: cannot reshape [2, 3] (6 values) to [4, 2] (8 values). The new shape must hold the same number of values."`);
  });

  it("slices, concatenates, stacks and splits", () => {
    const x = my.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(my.slice(x, [0, 1], [2, 2]).array()).toEqual([[2, 3], [5, 6]]);
    expect(my.concat([x, x], 0).shape).toEqual([4, 3]);
    expect(my.stack([x, x], 1).shape).toEqual([2, 2, 3]);
    expect(my.split(x, [1, 2], 1).map((p) => p.shape)).toEqual([[2, 1], [2, 2]]);
    expect(my.unstack(x).map((p) => p.array())).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it("transposes, pads, tiles, squeezes and expands", () => {
    const x = my.tensor([[1, 2], [3, 4]]);
    expect(my.transpose(x).array()).toEqual([[1, 3], [2, 4]]);
    expect(my.pad(x, [[1, 0], [0, 1]]).array()).toEqual([[0, 0, 0], [1, 2, 0], [3, 4, 0]]);
    expect(my.tile(my.tensor([1, 2]), [2]).array()).toEqual([1, 2, 1, 2]);
    expect(my.squeeze(my.zeros([1, 3, 1])).shape).toEqual([3]);
    expect(my.expandDims(x, -1).shape).toEqual([2, 2, 1]);
  });

  it("gathers rows and builds one-hot rows", () => {
    const x = my.tensor([[1, 2], [3, 4], [5, 6]]);
    expect(my.gather(x, [2, 0]).array()).toEqual([[5, 6], [1, 2]]);
    expect(my.gather(x, [1], 1).array()).toEqual([[2], [4], [6]]);
    expect(my.oneHot([0, 2], 3).array()).toEqual([[1, 0, 0], [0, 0, 1]]);
  });

  it("checks every index: no wrapping, no fractions, no NaN", () => {
    for (const bad of [3, -1, 1.5, Number.NaN]) {
      const error = thrown(() => my.oneHot([0, bad], 3));
      expect(error.message).toMatch(/at position 1 is not valid for depth 3; indices must be integers in \[0, 3\)/);
    }
    expect(my.oneHot([1.0], 2).array()).toEqual([[0, 1]]);
  });

  it("casts between dtypes", () => {
    expect(my.cast(my.tensor([1.7, -1.7]), "int32").array()).toEqual([1, -1]);
    expect(my.cast(my.tensor([0, 2]), "bool").array()).toEqual([false, true]);
  });
});

describe("softmax", () => {
  it("depends only on differences between logits", () => {
    const p = my.softmax(my.tensor([[1e8, 1e8], [1, 1]]));
    close(p.data(), [0.5, 0.5, 0.5, 0.5]);
    const lp = my.logSoftmax(my.tensor([[1e8, 1e8]]));
    close(lp.data(), [-Math.LN2, -Math.LN2], 1e-6);
  });

  it("works along any axis", () => {
    const x = my.tensor([[1, 2], [3, 4]]);
    close(my.sum(my.softmax(x, 0), { axis: 0 }).data(), [1, 1]);
  });
});

describe("convolution shapes", () => {
  it("pads 'same' with stride 2 at the bottom/right, as TensorFlow does (C11)", () => {
    const kernel = my.reshape(my.range(9), [3, 3, 1, 1]);
    const ones = (h: number) => my.ones([1, h, h, 1]);
    expect(my.conv2d(ones(2), kernel, { strides: 2, padding: "same" }).array()).toEqual([[[[8]]]]);
    expect(my.conv2d(ones(1), kernel, { strides: 2, padding: "same" }).array()).toEqual([[[[4]]]]);
    const arange = my.reshape(my.range(16), [1, 4, 4, 1]);
    expect(my.reshape(my.conv2d(arange, kernel, { strides: 2, padding: "same" }), [2, 2]).array()).toEqual([[258, 186], [187, 113]]);
    expect(my.reshape(my.conv2d(ones(5), kernel, { strides: 2, padding: "same" }), [3, 3]).array()).toEqual([[24, 33, 20], [27, 36, 21], [12, 15, 8]]);
    const allOnes = my.ones([3, 3, 1, 1]);
    expect(my.reshape(my.conv2d(ones(5), allOnes, { padding: "same" }), [5, 5]).array()).toEqual([
      [4, 6, 6, 6, 4],
      [6, 9, 9, 9, 6],
      [6, 9, 9, 9, 6],
      [6, 9, 9, 9, 6],
      [4, 6, 6, 6, 4],
    ]);
  });

  it("computes output sizes by the documented rules", () => {
    expect(my.convOutputSize("t", 5, 3, 2, 1, "same", "h")).toEqual({ size: 3, before: 1, after: 1 });
    expect(my.convOutputSize("t", 2, 3, 2, 1, "same", "h")).toEqual({ size: 1, before: 0, after: 1 });
    expect(my.convOutputSize("t", 7, 3, 2, 1, "valid", "h").size).toBe(3);
    expect(my.convOutputSize("t", 7, 3, 1, 2, "valid", "h").size).toBe(3);
  });

  it("refuses a kernel larger than a valid-padded input, with the sizes", () => {
    const error = thrown(() => my.conv2d(my.zeros([1, 2, 2, 1]), my.zeros([3, 3, 1, 1])));
    expect(error.message).toMatch(/conv2d: the input height is 2, smaller than the window of 3/);
  });
});
