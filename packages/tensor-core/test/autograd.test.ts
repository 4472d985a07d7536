import { describe, expect, it } from "vitest";
import * as my from "../src/index.js";
import { close } from "./helpers.js";

describe("valueAndGrad", () => {
  it("differentiates a composite function", () => {
    const [value, [dx]] = my.valueAndGrad((x: my.Tensor) => my.sum(my.mul(my.square(x), 3)))(my.tensor([1, -2]));
    expect(value.item()).toBe(15);
    expect(dx!.array()).toEqual([6, -12]);
  });

  it("sums gradients back over broadcast axes", () => {
    const x = my.ones([2, 3]);
    const b = my.tensor([1, 2, 3]);
    const [dx, db] = my.grad((p: my.Tensor, q: my.Tensor) => my.sum(my.mul(p, q)))(x, b);
    expect(dx!.array()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(db!.shape).toEqual([3]);
    expect(db!.array()).toEqual([2, 2, 2]);
  });

  it("gives zeros for an argument the function ignores", () => {
    const [, [, dy]] = my.valueAndGrad((x: my.Tensor, _y: my.Tensor) => my.sum(x))(my.ones([2]), my.ones([3]));
    expect(dy!.array()).toEqual([0, 0, 0]);
  });

  it("insists on a scalar result", () => {
    expect(() => my.grad((x: my.Tensor) => my.mul(x, 2))(my.ones([2]))).toThrow(/needs a single value/);
  });

  it("records nothing inside noGrad", () => {
    const [, [dx]] = my.valueAndGrad((x: my.Tensor) => my.add(my.sum(x), my.noGrad(() => my.sum(my.square(x)))))(my.tensor([3]));
    expect(dx!.array()).toEqual([1]);
  });

  it("computes vector-Jacobian products", () => {
    const [, [dx]] = my.vjp((x: my.Tensor) => my.mul(x, x), [my.tensor([1, 2])], my.tensor([1, 10]));
    expect(dx!.array()).toEqual([2, 40]);
  });
});

describe("variableGrads", () => {
  it("differentiates with respect to every trainable variable used", () => {
    const w = my.variable(my.tensor([[1], [2]]), { name: "w" });
    const frozen = my.variable(my.tensor([5]), { trainable: false });
    const x = my.tensor([[3, 4]]);
    const { value, grads } = my.variableGrads(() => my.sum(my.add(my.matMul(x, w), frozen)));
    expect(value.item()).toBe(16);
    expect(grads.get(w)!.array()).toEqual([[3], [4]]);
    expect(grads.has(frozen)).toBe(false);
  });

  it("updates variables in place with assign", () => {
    const w = my.variable(my.zeros([2]));
    my.assign(w, my.tensor([1, 2]));
    expect(w.array()).toEqual([1, 2]);
    expect(() => my.assign(w, my.zeros([3]))).toThrow(/broadcast/);
  });
});

describe("subgradients at kinks (C05)", () => {
  const gradOf = (f: (x: my.Tensor) => my.Tensor, x: number[]) => my.grad((t: my.Tensor) => my.sum(f(t)))(my.tensor(x))[0]!.data();

  it("gives 0 for relu and abs at 0", () => {
    expect(Array.from(gradOf(my.relu, [0]))).toEqual([0]);
    expect(Array.from(gradOf(my.relu, [-2, 0, 3]))).toEqual([0, 0, 1]);
    expect(Array.from(gradOf(my.abs, [0, -0])).map((v) => v + 0)).toEqual([0, 0]);
  });

  it("gives a finite norm gradient at the zero vector", () => {
    const [value, [dx]] = my.valueAndGrad((t: my.Tensor) => my.norm(t))(my.tensor([0, 0]));
    expect(value.item()).toBe(0);
    expect(Array.from(dx!.data())).toEqual([0, 0]);
    const [five, [d34]] = my.valueAndGrad((t: my.Tensor) => my.norm(t))(my.tensor([3, 4]));
    expect(five.item()).toBe(5);
    close(d34!.data(), [0.6, 0.8]);
  });

  it("splits a maximum tie so the gradients add up to the upstream one", () => {
    const [da, db] = my.grad((a: my.Tensor, b: my.Tensor) => my.sum(my.maximum(a, b)))(my.tensor([1]), my.tensor([1]));
    const sum = da!.item() + db!.item();
    expect(sum).toBe(1);
    expect([da!.item(), db!.item()].every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it("keeps sqrt's gradient finite at 0", () => {
    expect(Array.from(gradOf(my.sqrt, [0]))).toEqual([0]);
  });
});

describe("memory scopes", () => {
  it("tidy frees intermediates and keeps the result", () => {
    let inner: my.Tensor | null = null;
    const result = my.tidy(() => {
      inner = my.mul(my.ones([3]), 2);
      return my.add(inner, 1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(result.array()).toEqual([3, 3, 3]);
  });

  it("memoryScope ends with using and keeps what is kept", () => {
    let kept: my.Tensor;
    let dropped: my.Tensor;
    {
      using scope = my.memoryScope();
      dropped = my.ones([2]);
      kept = scope.keep(my.zeros([2]));
    }
    expect(dropped.isDisposed).toBe(true);
    expect(kept.isDisposed).toBe(false);
  });

  it("asyncScope owns tensors created after an await", async () => {
    let late: my.Tensor | null = null;
    const result = await my.asyncScope(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      late = my.ones([2]);
      return my.mul(late, 3);
    });
    expect(late!.isDisposed).toBe(true);
    expect(result.array()).toEqual([3, 3]);
  });

  it("does not free tensors a gradient still needs", () => {
    const x = my.tensor([2]);
    const [, [dx]] = my.valueAndGrad((t: my.Tensor) => my.tidy(() => my.sum(my.exp(t))))(x);
    close(dx!.data(), [Math.exp(2)], 1e-5);
  });

  it("tells clearly when a disposed tensor is used, naming the op and the argument", () => {
    const x = my.ones([2]);
    x.dispose();
    expect(() => my.add(x, 1)).toThrow(
      new RegExp(`^add: argument a \\(tensor ${x.id}, shape \\[2\\]\\) was disposed;`),
    );
  });
});

describe("scopes inside differentiated code", () => {
  it("keeps scalars made inside tidy alive for the backward pass", () => {
    const [, [dx]] = my.valueAndGrad((x: my.Tensor) => my.sum(my.tidy(() => my.mul(x, 0.5))))(my.tensor([1, 2]));
    expect(dx!.array()).toEqual([0.5, 0.5]);
  });
});
