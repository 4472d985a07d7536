import { describe, expect, it } from "vitest";
import { TOY_DATASETS } from "../config.js";
import { generateToy, surfaceValue } from "./toy.js";

describe("generateToy", () => {
  it("gives the same points for the same seed and different ones for another seed", () => {
    for (const name of TOY_DATASETS) {
      const a = generateToy(name, { samples: 100, noise: 0.1, seed: 7 });
      const b = generateToy(name, { samples: 100, noise: 0.1, seed: 7 });
      const c = generateToy(name, { samples: 100, noise: 0.1, seed: 8 });
      expect(a.x).toEqual(b.x);
      expect(a.y).toEqual(b.y);
      expect(a.x).not.toEqual(c.x);
    }
  });

  it("balances the two classes of every class set", () => {
    for (const name of ["circle", "xor", "gaussians", "spiral"] as const) {
      const data = generateToy(name, { samples: 301, noise: 0, seed: 1 });
      const ones = data.y.reduce((n, v) => n + v, 0);
      expect(data.task).toBe("classification");
      expect(ones).toBe(150);
    }
  });

  it("puts class 1 of the circle inside radius 0.45 and class 0 outside 0.65 without noise", () => {
    const data = generateToy("circle", { samples: 400, noise: 0, seed: 3 });
    for (let i = 0; i < 400; i++) {
      const r = Math.hypot(data.x[2 * i]!, data.x[2 * i + 1]!);
      expect(data.y[i] === 1 ? r <= 0.45 + 1e-6 : r >= 0.65 - 1e-6).toBe(true);
    }
  });

  it("labels xor points 1 exactly where the coordinates share a sign, without noise", () => {
    const data = generateToy("xor", { samples: 400, noise: 0, seed: 4 });
    for (let i = 0; i < 400; i++) {
      expect(data.y[i]).toBe(data.x[2 * i]! * data.x[2 * i + 1]! > 0 ? 1 : 0);
    }
  });

  it("places the two spiral arms opposite each other", () => {
    const data = generateToy("spiral", { samples: 200, noise: 0, seed: 5 });
    // Points 2k and 2k + 1 sit at the same radius, half a turn apart.
    for (let k = 0; k < 100; k++) {
      expect(data.x[4 * k]!).toBeCloseTo(-data.x[4 * k + 2]!, 5);
      expect(data.x[4 * k + 1]!).toBeCloseTo(-data.x[4 * k + 3]!, 5);
    }
  });

  it("samples the regression surface exactly without noise and spreads it with noise", () => {
    const clean = generateToy("surface", { samples: 200, noise: 0, seed: 6 });
    expect(clean.task).toBe("regression");
    for (let i = 0; i < 200; i++) {
      expect(clean.y[i]!).toBeCloseTo(surfaceValue(clean.x[2 * i]!, clean.x[2 * i + 1]!), 5);
    }
    const noisy = generateToy("surface", { samples: 2000, noise: 0.2, seed: 6 });
    let squares = 0;
    for (let i = 0; i < 2000; i++) {
      squares += (noisy.y[i]! - surfaceValue(noisy.x[2 * i]!, noisy.x[2 * i + 1]!)) ** 2;
    }
    expect(Math.sqrt(squares / 2000)).toBeGreaterThan(0.17);
    expect(Math.sqrt(squares / 2000)).toBeLessThan(0.23);
  });

  it("rejects too few samples and negative noise with the set's name", () => {
    expect(() => generateToy("xor", { samples: 1, noise: 0, seed: 0 })).toThrow(/xor: samples/);
    expect(() => generateToy("circle", { samples: 10, noise: -1, seed: 0 })).toThrow(
      /circle: noise/,
    );
  });
});
