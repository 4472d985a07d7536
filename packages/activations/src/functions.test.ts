import { isFinite as isFiniteTensor, all, sum, tensor, valueAndGrad } from "@myelin/tensor-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import { REFERENCE } from "../test/reference-math.js";
import * as activations from "./index.js";
import { getActivation } from "./index.js";

const GRID = Array.from({ length: 121 }, (_, i) => -6 + i * 0.1);

/** Float32 inputs from tiny to the largest magnitudes the tests promise to handle. */
const EXTREMES = [
  -1e30, -1e10, -1e4, -100, -20, -1, -1e-30, -0, 0, 1e-30, 1, 20, 100, 1e4, 1e10, 1e30,
];

const ELEMENTWISE = Object.keys(REFERENCE);

describe("elementwise activations", () => {
  it("has a float64 reference formula for every elementwise built-in", () => {
    const lastAxis = ["softmax", "logSoftmax"];
    const missing = activations.ACTIVATION_NAMES.filter(
      (name) => !lastAxis.includes(name) && REFERENCE[name] === undefined,
    );
    expect(missing).toEqual([]);
  });

  it.each(ELEMENTWISE)("%s matches its definition on a float64 grid", (name) => {
    const fn = getActivation(name);
    const x = tensor(Float64Array.from(GRID));
    expectClose(fn(x).data(), GRID.map(REFERENCE[name]!), 1e-9, 1e-7, name);
  });

  it.each(ELEMENTWISE)("%s matches its definition in float32 to float32 precision", (name) => {
    const fn = getActivation(name);
    const x = tensor(Float32Array.from(GRID));
    const expected = Array.from(x.data(), REFERENCE[name]!);
    expectClose(fn(x).data(), expected, 1e-6, 1e-6, name);
  });

  it.each(ELEMENTWISE)("%s stays finite and correct at huge and tiny float32 inputs", (name) => {
    const fn = getActivation(name);
    const x = tensor(Float32Array.from(EXTREMES));
    const y = fn(x).data();
    expect(Array.from(y).every(Number.isFinite)).toBe(true);
    expectClose(y, Array.from(x.data(), REFERENCE[name]!), 1e-6, 1e-6, name);
  });

  it.each(ELEMENTWISE)("%s has a finite gradient at huge and tiny float32 inputs", (name) => {
    const fn = getActivation(name);
    const [, [dx]] = valueAndGrad((x) => sum(fn(x)))(tensor(Float32Array.from(EXTREMES)));
    expect(all(isFiniteTensor(dx!)).item()).toBe(1);
  });

  it.each(ELEMENTWISE.filter((name) => name !== "linear"))("%s keeps NaN as NaN", (name) => {
    const y = getActivation(name)(tensor([NaN, 1])).data();
    expect(Number.isNaN(y[0]!)).toBe(true);
    expect(Number.isFinite(y[1]!)).toBe(true);
  });

  it("takes the slope of leakyRelu and elu as a second argument", () => {
    const x = tensor([-2, 3]);
    expectClose(activations.leakyRelu(x, 0.1).data(), [-0.2, 3]);
    expectClose(activations.elu(x, 2).data(), [2 * Math.expm1(-2), 3]);
  });

  it("rejects a slope that is not a finite number", () => {
    expect(() => activations.leakyRelu(tensor([1]), NaN)).toThrow(
      "leakyRelu: alpha is NaN. Pass a finite number for alpha.",
    );
  });

  it("shows a slope of the wrong type by its type", () => {
    expect(() => activations.elu(tensor([1]), "2" as never)).toThrow(
      'elu: alpha is the string "2"; expected a finite number. Pass a finite number for alpha.',
    );
  });

  it("gives silu and swish as the same function", () => {
    expect(activations.silu).toBe(activations.swish);
  });

  it("uses the Keras 3 hard sigmoid, x / 6 + 0.5 clipped to [0, 1]", () => {
    expectClose(
      activations.hardSigmoid(tensor([-4, -3, 0, 1.5, 3, 4])).data(),
      [0, 0, 0.5, 0.75, 1, 1],
    );
  });
});

describe("softmax and logSoftmax", () => {
  it("depend only on differences between logits, however large", () => {
    const x = tensor([
      [1e30, 1e30],
      [1e8, 1e8],
      [1e4, -1e4],
      [-1e30, 0],
    ]);
    expectClose(activations.softmax(x).data(), [0.5, 0.5, 0.5, 0.5, 1, 0, 0, 1]);
    const ln2 = Math.LN2;
    expectClose(activations.logSoftmax(x).data(), [-ln2, -ln2, -ln2, -ln2, 0, -2e4, -1e30, 0]);
  });

  it("normalise the last axis by default and another axis when asked", () => {
    const x = tensor([
      [0, Math.log(3)],
      [Math.log(3), 0],
    ]);
    expectClose(activations.softmax(x).data(), [0.25, 0.75, 0.75, 0.25]);
    expectClose(activations.softmax(x, 0).data(), [0.25, 0.75, 0.75, 0.25]);
    const byColumn = getActivation({ className: "softmax", config: { axis: 0 } });
    expectClose(
      byColumn(
        tensor([
          [0, 0],
          [Math.log(3), 0],
        ]),
      ).data(),
      [0.25, 0.5, 0.75, 0.5],
    );
  });

  it("give NaN only in the row that holds a NaN", () => {
    const y = activations
      .softmax(
        tensor([
          [NaN, 0],
          [0, 0],
        ]),
      )
      .data();
    expect(Number.isNaN(y[0]!) && Number.isNaN(y[1]!)).toBe(true);
    expectClose([y[2]!, y[3]!], [0.5, 0.5]);
  });
});
