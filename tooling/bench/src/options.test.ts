import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "./options.js";

const SUBJECTS = ["tfjs-cpu", "myelin-js"];

describe("parseOptions", () => {
  it("runs every workload three times by default", () => {
    const options = parseOptions([], SUBJECTS);
    expect(options.only).toEqual(["matmul", "mlp", "cnn", "lstm", "tutorial"]);
    expect(options.rounds).toBe(3);
    expect(options.quick).toBe(false);
  });

  it("runs once with --quick unless --rounds says otherwise", () => {
    expect(parseOptions(["--quick"], SUBJECTS).rounds).toBe(1);
    expect(parseOptions(["--quick", "--rounds", "2"], SUBJECTS).rounds).toBe(2);
  });

  it("ignores the bare -- that pnpm forwards", () => {
    const options = parseOptions(["--", "--only", "matmul,mlp", "--write-readme"], SUBJECTS);
    expect(options.only).toEqual(["matmul", "mlp"]);
    expect(options.writeReadme).toBe(true);
  });

  it("accepts --flag=value", () => {
    expect(parseOptions(["--subjects=myelin-js"], SUBJECTS).subjects).toEqual(["myelin-js"]);
  });

  it("names the valid workloads when one is unknown", () => {
    const parse = () => parseOptions(["--only", "matmul,gan"], SUBJECTS);
    expect(parse).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: --only: unknown gan; choose from matmul, mlp, cnn, lstm, tutorial.]`,
    );
  });

  it("refuses a round count below one", () => {
    expect(() => parseOptions(["--rounds", "0"], SUBJECTS)).toThrow(UsageError);
    expect(() => parseOptions(["--rounds", "1.5"], SUBJECTS)).toThrow(/whole number/);
  });

  it("refuses a flag without its value, or an unknown flag", () => {
    expect(() => parseOptions(["--only"], SUBJECTS)).toThrow("--only needs a value.");
    expect(() => parseOptions(["--fast"], SUBJECTS)).toThrow("Unknown option --fast.");
  });
});
