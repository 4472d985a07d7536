import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig, LIMITS, type PlaygroundConfig, TOY_DATASETS } from "./config.js";
import { decodeState, encodeState } from "./url-state.js";

const name = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,11}$/);
const layer = fc.record(
  {
    type: name,
    units: fc.integer({ min: 1, max: 256 }),
    activation: name,
    rate: fc.double({ min: 0, max: 0.9, noNaN: true }),
    stddev: fc.double({ min: 0, max: 2, noNaN: true }),
    l1: fc.double({ min: 0, max: 1, noNaN: true }),
    l2: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: ["type"] },
);
const config: fc.Arbitrary<PlaygroundConfig> = fc.record({
  dataset: fc.constantFrom(...TOY_DATASETS, "iris" as const, "digits" as const),
  noise: fc.double({ min: 0, max: 0.5, noNaN: true }),
  trainShare: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
  samples: fc.integer({ min: 50, max: 2000 }),
  seed: fc.integer({ min: 0, max: LIMITS.seed[1] }),
  layers: fc.array(layer, { maxLength: 8 }),
  optimizer: name,
  learningRate: fc.double({ min: 1e-5, max: 10, noNaN: true }),
  batchSize: fc.integer({ min: 1, max: 512 }),
});

describe("encodeState and decodeState", () => {
  it("round-trip every valid configuration exactly, with no problems", () => {
    fc.assert(
      fc.property(config, (c) => {
        const decoded = decodeState(encodeState(c));
        expect(decoded.problems).toEqual([]);
        expect(decoded.config).toEqual(c);
      }),
    );
  });

  it("writes a readable hash", () => {
    expect(encodeState(defaultConfig())).toBe(
      "#data=spiral&noise=0.05&train=0.7&n=600&seed=1" +
        "&layers=dense:activation=relu:units=16,dense:activation=relu:units=16" +
        "&opt=adam&lr=0.01&batch=16",
    );
  });

  it("gives the defaults for an empty hash", () => {
    expect(decodeState("")).toEqual({ config: defaultConfig(), problems: [] });
  });

  it("rounds units to whole numbers and says so", () => {
    const { config: c, problems } = decodeState("#layers=dense:units=8.5");
    expect(c.layers).toEqual([{ type: "dense", units: 9 }]);
    expect(problems).toEqual(["Layer 1: units 8.5 is not a whole number; using 9."]);
  });

  it("keeps an empty layer list", () => {
    expect(decodeState("#layers=").config.layers).toEqual([]);
  });

  it("clamps values out of range and says so", () => {
    const { config: c, problems } = decodeState("#noise=3&batch=0&layers=dense:units=9999");
    expect(c.noise).toBe(0.5);
    expect(c.batchSize).toBe(1);
    expect(c.layers).toEqual([{ type: "dense", units: 256 }]);
    expect(problems).toEqual([
      '"noise" is 3, outside [0, 0.5]; using 0.5.',
      "Layer 1: units 9999 is outside [1, 256]; using 256.",
      '"batch" is 0, outside [1, 512]; using 1.',
    ]);
  });

  it("replaces unreadable values with defaults and names each one", () => {
    const { config: c, problems } = decodeState(
      "#data=mnist&lr=fast&opt=<script>&layers=dense:foo=1,:x",
    );
    expect(c.dataset).toBe("spiral");
    expect(c.learningRate).toBe(defaultConfig().learningRate);
    expect(c.optimizer).toBe("adam");
    expect(c.layers).toEqual([{ type: "dense" }]);
    expect(problems).toEqual([
      'Unknown dataset "mnist" (known: circle, xor, gaussians, spiral, surface, iris, digits); ' +
        "using spiral.",
      'Layer 1: "foo=1" is not a known setting; it was ignored.',
      'Layer 2 has no readable type (":x"); it was left out.',
      '"opt" should be an optimizer name but is "<script>"; using adam.',
      '"lr" should be a number but is "fast"; using 0.01.',
    ]);
  });

  it("explains that a dropped CSV is not kept in links", () => {
    expect(decodeState("#data=csv").problems[0]).toMatch(/CSV file is not stored in links/);
  });
});
