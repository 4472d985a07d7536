import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose } from "@myelin/test-utils";
import {
  constant,
  cosineDecay,
  exponentialDecay,
  isSchedule,
  piecewiseConstant,
  stepDecay,
} from "./index.js";

const steps = (schedule: (step: number) => number, list: number[]) => list.map((s) => schedule(s));

describe("constant", () => {
  it("gives the same rate at every step", () => {
    expect(steps(constant({ learningRate: 0.3 }), [0, 1, 1000])).toEqual([0.3, 0.3, 0.3]);
  });
});

describe("exponentialDecay", () => {
  it("decays smoothly, or in whole steps with staircase", () => {
    const smooth = exponentialDecay({ initialLearningRate: 1, decaySteps: 10, decayRate: 0.5 });
    expectClose(steps(smooth, [0, 5, 10, 20]), [1, Math.SQRT1_2, 0.5, 0.25], 1e-15, 1e-14);
    const stairs = exponentialDecay({
      initialLearningRate: 1,
      decaySteps: 10,
      decayRate: 0.5,
      staircase: true,
    });
    expect(steps(stairs, [0, 9, 10, 19, 20])).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it("equals stepDecay when staircase is set", () => {
    const options = { initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.1 };
    const a = exponentialDecay({ ...options, staircase: true });
    const b = stepDecay(options);
    fc.assert(fc.property(fc.nat({ max: 100 }), (step) => a(step) === b(step)));
  });
});

describe("cosineDecay", () => {
  it("follows half a cosine from the initial rate to alpha times it", () => {
    const schedule = cosineDecay({ initialLearningRate: 2, decaySteps: 4, alpha: 0.1 });
    const expected = [0, 1, 2, 3, 4, 10].map((s) => {
      const done = Math.min(s, 4) / 4;
      return 2 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * done)) + 0.1);
    });
    expectClose(steps(schedule, [0, 1, 2, 3, 4, 10]), expected, 1e-15, 1e-14);
    expectClose([schedule(4), schedule(100)], [0.2, 0.2], 1e-15, 1e-14);
  });

  it("warms up linearly to warmupTarget, then decays from it", () => {
    const schedule = cosineDecay({
      initialLearningRate: 0,
      decaySteps: 10,
      warmupSteps: 4,
      warmupTarget: 1,
    });
    expectClose(
      steps(schedule, [0, 1, 2, 3, 4, 9, 14, 20]),
      [0, 0.25, 0.5, 0.75, 1, 0.5, 0, 0],
      1e-15,
      1e-14,
    );
  });

  it("refuses warmup steps without a warmup target", () => {
    expect(() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupSteps: 5 })).toThrow(
      "cosineDecay: warmupSteps is 5 but warmupTarget is not set.",
    );
  });
});

describe("piecewiseConstant", () => {
  it("holds values[i] up to and including boundaries[i]", () => {
    const schedule = piecewiseConstant({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    expect(steps(schedule, [0, 10, 11, 20, 21, 1000])).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
  });

  it("checks lengths and order", () => {
    expect(() => piecewiseConstant({ boundaries: [10], values: [1] })).toThrow(
      "piecewiseConstant: there are 1 boundaries and 1 values. " +
        "Pass exactly one more value than boundaries.",
    );
    expect(() => piecewiseConstant({ boundaries: [10, 5], values: [1, 2, 3] })).toThrow(
      "boundaries[1] (5) is not above boundaries[0] (10)",
    );
  });
});

describe("schedules", () => {
  it("carry their name and every option, defaults included", () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.9 });
    expect(isSchedule(schedule)).toBe(true);
    expect(schedule.scheduleName).toBe("exponentialDecay");
    expect(schedule.config).toEqual({
      initialLearningRate: 0.1,
      decaySteps: 5,
      decayRate: 0.9,
      staircase: false,
    });
    expect(isSchedule(() => 0.1)).toBe(false);
  });

  it.each([
    ["a negative rate", () => constant({ learningRate: -1 }), "constant: learningRate is -1."],
    [
      "zero decay steps",
      () => stepDecay({ initialLearningRate: 1, decaySteps: 0, decayRate: 0.5 }),
      "stepDecay: decaySteps is 0.",
    ],
    [
      "alpha above 1",
      () => cosineDecay({ initialLearningRate: 1, decaySteps: 1, alpha: 2 }),
      "cosineDecay: alpha is 2.",
    ],
    [
      "an unknown option",
      () => constant({ learningRate: 1, rate: 2 } as never),
      'constant: unknown option "rate"; the options are: learningRate. ' +
        'Did you mean "learningRate"?',
    ],
    [
      "a misspelt option",
      () => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayrate: 0.5 } as never),
      'exponentialDecay: unknown option "decayrate"; the options are: initialLearningRate, ' +
        'decaySteps, decayRate, staircase. Did you mean "decayRate"?',
    ],
    [
      "a string step count",
      () => stepDecay({ initialLearningRate: 0.1, decaySteps: "10" as never, decayRate: 0.5 }),
      'stepDecay: decaySteps is the string "10"; expected a finite number > 0.',
    ],
  ])("reject %s at construction", (_, make, message) => {
    expect(make).toThrow(message);
  });

  it("reject a negative or non-finite step", () => {
    expect(() => constant({ learningRate: 1 })(-1)).toThrow("constant: step is -1.");
    expect(() => constant({ learningRate: 1 })(NaN)).toThrow("constant: step is NaN.");
  });
});
