import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import * as my from "../src/index.js";

// Exposes the collector without a command-line flag, so the test runs in any pool.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

// deref() keeps its target alive until the current job ends, so each round
// collects in a fresh job before looking.
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let round = 0; round < 20; round++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    gc();
    if (ref.deref() === undefined) {
      return true;
    }
  }
  return false;
}

describe("gradient tape retention", () => {
  it("lets a finished gradient's tensors be collected while the variables live on", async () => {
    const w = my.variable(my.tensor([1, 2, 3]), { name: "w" });
    const step = (): WeakRef<object> => {
      let intermediate: my.Tensor | undefined;
      my.variableGrads(() => {
        intermediate = my.mul(w, 2);
        return my.sum(my.square(intermediate));
      }, [w]);
      return new WeakRef(intermediate!);
    };
    const ref = step();
    expect(await collected(ref)).toBe(true);
    expect(w.savedBy).toBe(null);
  });

  it("lets go of the tape when the variables were found by watching trainable ones", async () => {
    const w = my.variable(my.tensor([1, 2, 3]), { name: "w" });
    const step = (): WeakRef<object> => {
      let intermediate: my.Tensor | undefined;
      const { grads } = my.variableGrads(() => {
        intermediate = my.mul(w, 2);
        return my.sum(my.square(intermediate));
      });
      expect(grads.has(w)).toBe(true);
      return new WeakRef(intermediate!);
    };
    const ref = step();
    expect(await collected(ref)).toBe(true);
    expect(w.tape).toBe(null);
  });

  it("still reports a tensor as held while its tape is recording", () => {
    const x = my.tensor([1, 2]);
    let heldDuring = false;
    my.valueAndGrad((v: my.Tensor) => {
      const y = my.mul(x, v);
      heldDuring = x.heldByTape;
      return my.sum(y);
    })(my.tensor([3, 4]));
    expect(heldDuring).toBe(true);
    expect(x.heldByTape).toBe(false);
  });
});
