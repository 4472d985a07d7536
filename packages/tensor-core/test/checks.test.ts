import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as my from "../src/index.js";

function thrown(fn: () => unknown): Error & { code?: string; op?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("describeValue", () => {
  it("shows numbers as they are", () => {
    expect(my.describeValue(16)).toBe("16");
    expect(my.describeValue(-1.5)).toBe("-1.5");
    expect(my.describeValue(Number.NaN)).toBe("NaN");
  });

  it("names the type of anything else, with its JSON value", () => {
    expect(my.describeValue("16")).toBe('the string "16"');
    expect(my.describeValue(true)).toBe("the boolean true");
    expect(my.describeValue(null)).toBe("null");
    expect(my.describeValue(undefined)).toBe("undefined");
    expect(my.describeValue([16])).toBe("the array [16]");
    expect(my.describeValue({ units: 16 })).toBe('the object {"units":16}');
    expect(my.describeValue(my.zeros([2, 3]))).toBe("a float32 tensor of shape [2, 3]");
  });

  it("cuts long values", () => {
    const shown = my.describeValue("x".repeat(200));
    expect(shown.length).toBeLessThan(80);
    expect(shown.endsWith("...")).toBe(true);
  });

  it("never shows a numeric string as a number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (n) => {
        expect(my.describeValue(String(n))).toBe(`the string ${JSON.stringify(String(n))}`);
      }),
    );
  });
});

describe("describeArgument", () => {
  it("states the expected kind for a value of the wrong type only", () => {
    expect(my.describeArgument("units", "16", "a positive integer")).toBe(
      'units is the string "16"; expected a positive integer',
    );
    expect(my.describeArgument("units", 0, "a positive integer")).toBe("units is 0");
    expect(my.describeArgument("nesterov", 1, "true or false", "boolean")).toBe(
      "nesterov is 1; expected true or false",
    );
  });
});

describe("checkOptionKeys", () => {
  const known = ["epochs", "batchSize", "shuffle"];

  it("passes known keys, keys set to undefined, and no options at all", () => {
    expect(() => my.checkOptionKeys("fit", { epochs: 1, batchSize: 2 }, known)).not.toThrow();
    expect(() => my.checkOptionKeys("fit", { bathSize: undefined }, known)).not.toThrow();
    expect(() => my.checkOptionKeys("fit", undefined, known)).not.toThrow();
  });

  it("names the owner, the unknown key, the known ones and the closest", () => {
    const error = thrown(() => my.checkOptionKeys("fit", { epochs: 1, bathSize: 2 }, known));
    expect(error).toBeInstanceOf(my.ValueError);
    expect(error.op).toBe("fit");
    expect(error.message).toMatchInlineSnapshot(
      `"fit: unknown option "bathSize"; the options are: epochs, batchSize, shuffle. Did you mean "batchSize"?"`,
    );
  });

  it("prefers a match that differs only in case", () => {
    const error = thrown(() => my.checkOptionKeys("f", { UNITS: 2 }, ["unit", "units"]));
    expect(error.message).toContain('Did you mean "units"?');
  });

  it("suggests a key for each of several unknown ones, and adds the note", () => {
    const error = thrown(() =>
      my.checkOptionKeys("dense", { activaton: "relu", useBais: false }, ["activation", "useBias"], "See the docs."),
    );
    expect(error.message).toMatchInlineSnapshot(
      `"dense: unknown options "activaton", "useBais"; the options are: activation, useBias. Did you mean "activation" (for "activaton") and "useBias" (for "useBais")? See the docs."`,
    );
  });

  it("suggests nothing when no known key is a plausible typo", () => {
    const error = thrown(() => my.checkOptionKeys("mse", { delta: 1 }, ["reduction"]));
    expect(error.message).toMatchInlineSnapshot(
      `"mse: unknown option "delta"; the options are: reduction. Check the spelling against the options listed, or remove it."`,
    );
  });

  it("counts a key's aliases when suggesting", () => {
    const known = [{ name: "learningRate", aliases: ["lr"] }, "beta1"];
    expect(thrown(() => my.checkOptionKeys("adam", { lr: 0.1 }, known)).message).toContain(
      'Did you mean "learningRate"?',
    );
  });

  it("refuses options that are not an object", () => {
    const error = thrown(() => my.checkOptionKeys("fit", 5, known));
    expect(error.message).toMatchInlineSnapshot(
      `"fit: the options are 5; expected an object of named options. Pass them by name, e.g. { epochs: ... }."`,
    );
  });
});

describe("disposed arguments", () => {
  function disposed(shape: number[]): my.Tensor {
    const t = my.ones(shape);
    t.dispose();
    return t;
  }

  it("are reported by the op that was called, with the argument, id and shape", () => {
    const a = disposed([3]);
    const error = thrown(() => my.add(a, 1));
    expect(error.code).toBe("disposed");
    expect(error.message).toMatch(
      new RegExp(`^add: argument a \\(tensor ${a.id}, shape \\[3\\]\\) was disposed; `),
    );
    expect(error.message).toContain("keep(t)");
  });

  it("name the op for unary, binary, matMul, reductions and shape ops", () => {
    const x = my.ones([2, 2]);
    const float = () => disposed([2, 2]);
    const int = () => {
      const t = my.zeros([2], "int32");
      t.dispose();
      return t;
    };
    const bool = () => {
      const t = my.greater(my.ones([2, 2]), 0);
      t.dispose();
      return t;
    };
    const cases: [string, () => my.Tensor, (d: my.Tensor) => unknown][] = [
      ["exp: argument x", float, (d) => my.exp(d)],
      ["mul: argument b", float, (d) => my.mul(x, d)],
      ["matMul: argument b", float, (d) => my.matMul(x, d)],
      ["sum: argument x", float, (d) => my.sum(d, 1)],
      ["mean: argument x", float, (d) => my.mean(d)],
      ["variance: argument x", float, (d) => my.variance(d)],
      ["expandDims: argument x", float, (d) => my.expandDims(d, 0)],
      ["stack: argument xs[1]", float, (d) => my.stack([x, d])],
      ["concat: argument xs[0]", float, (d) => my.concat([d, x])],
      ["gather: argument indices", int, (d) => my.gather(x, d)],
      ["where: argument condition", bool, (d) => my.where(d, x, x)],
    ];
    for (const [expected, make, run] of cases) {
      const message = thrown(() => run(make())).message;
      expect(message.startsWith(`${expected} (tensor`), message).toBe(true);
    }
  });

  it("name the filter of conv2dTranspose", () => {
    const filter = disposed([3, 3, 1, 1]);
    const x = my.ones([1, 4, 4, 1]);
    expect(thrown(() => my.conv2dTranspose(x, filter, [1, 4, 4, 1], { padding: "same" })).message)
      .toMatch(/^conv2dTranspose: argument filter \(tensor \d+, shape \[3, 3, 1, 1\]\) was disposed/);
  });

  it("describe a value that is not a tensor", () => {
    expect(thrown(() => my.matMul([[1]] as never, my.ones([1, 1]))).message).toMatchInlineSnapshot(
      `"matMul: a must be a Tensor, found the array [[1]]. Wrap arrays with tensor(...) first."`,
    );
  });
});

describe("creation helpers", () => {
  it("report a bad shape under the name that was called", () => {
    expect(thrown(() => my.zeros([1.5, 2])).message).toMatch(/^zeros: dimension 0 of \[1.5,2\] is 1.5;/);
    expect(thrown(() => my.ones([-1])).message).toMatch(/^ones: dimension 0 of \[-1\] is -1;/);
    expect(thrown(() => my.full([2.5], 3)).message).toMatch(/^full: dimension 0/);
  });

  it("show a string dimension as a string", () => {
    const error = thrown(() => my.zeros(["2"] as never));
    expect(error.message).toMatch(/^zeros: dimension 0 of \["2"\] is the string "2";/);
  });

  it("refuse a shape that is not an array", () => {
    const error = thrown(() => my.zeros(3 as never));
    expect(error.code).toBe("invalid_shape");
    expect(error.message).toMatchInlineSnapshot(
      `"zeros: the shape is 3; expected an array of non-negative integers. Pass the shape as an array, e.g. [2, 3] (or [3] for a vector)."`,
    );
  });

  it("refuse a fill value that is not a number", () => {
    expect(thrown(() => my.full([2], "3" as never)).message).toMatch(
      /^full: value is the string "3"; expected a number/,
    );
  });

  it("name zerosLike for an argument that is not a tensor, but accept a disposed one", () => {
    expect(thrown(() => my.zerosLike([1, 2] as never)).message).toMatch(/^zerosLike: x must be/);
    const d = my.ones([2]);
    d.dispose();
    expect(my.zerosLike(d).array()).toEqual([0, 0]);
  });

  it("reject unknown options of the random creators", () => {
    expect(thrown(() => my.randomNormal([2], { sed: 1 } as never)).message).toContain(
      'randomNormal: unknown option "sed"',
    );
  });
});

describe("op options", () => {
  it("are refused when a key is misspelt", () => {
    const a = my.ones([2, 2]);
    expect(thrown(() => my.matMul(a, a, { tranposeA: true } as never)).message).toContain(
      'matMul: unknown option "tranposeA"; the options are: transposeA, transposeB. Did you mean "transposeA"?',
    );
    const x = my.ones([1, 4, 4, 1]);
    const f = my.ones([3, 3, 1, 1]);
    expect(thrown(() => my.conv2d(x, f, { stride: 2 } as never)).message).toContain(
      'conv2d: unknown option "stride"',
    );
    expect(thrown(() => my.maxPool2d(x, { poolsize: 2 } as never)).message).toContain(
      'Did you mean "poolSize"?',
    );
    expect(thrown(() => my.variable(a, { trainabel: false } as never)).message).toContain(
      'variable: unknown option "trainabel"',
    );
  });
});
