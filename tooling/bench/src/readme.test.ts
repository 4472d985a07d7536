import { describe, expect, it } from "vitest";
import { replaceResults, RESULTS_END, RESULTS_START } from "./readme.js";

describe("replaceResults", () => {
  it("replaces only the text between the markers", () => {
    const text = `intro\n${RESULTS_START}\nold\n${RESULTS_END}\noutro\n`;
    expect(replaceResults(text, "new table\n")).toBe(
      `intro\n${RESULTS_START}\nnew table\n${RESULTS_END}\noutro\n`,
    );
  });

  it("can run twice with the same result", () => {
    const text = `${RESULTS_START}\n${RESULTS_END}`;
    const once = replaceResults(text, "x");
    expect(replaceResults(once, "x")).toBe(once);
  });

  it("refuses a README whose markers are missing or swapped", () => {
    expect(() => replaceResults("no markers", "x")).toThrow(/expected the markers/);
    expect(() => replaceResults(`${RESULTS_END}\n${RESULTS_START}`, "x")).toThrow(/in that order/);
  });
});
