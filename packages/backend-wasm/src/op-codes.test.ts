import { readFileSync } from "node:fs";
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "@myelin/backend";
import { describe, expect, it } from "vitest";
import {
  ALL_FLOAT,
  ANY_FLOAT,
  BINARY_CODES,
  LOGICAL_AND_FLOAT,
  LOGICAL_NOT_FLOAT,
  LOGICAL_OR_FLOAT,
  REDUCE_CODES,
  UNARY_CODES,
} from "./op-codes.js";

/** The constants of assembly/op-codes.ts, by name. */
function assemblyCodes(): Map<string, number> {
  const text = readFileSync(new URL("../assembly/op-codes.ts", import.meta.url), "utf8");
  const codes = new Map<string, number>();
  for (const match of text.matchAll(/export const (\w+) = (\d+);/g)) {
    codes.set(match[1]!, Number(match[2]));
  }
  return codes;
}

const constantName = (prefix: string, op: string) =>
  `${prefix}_${op
    .replace("NaN", "Nan")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()}`;

describe("op codes", () => {
  it("number every op as the AssemblyScript constants do", () => {
    const codes = assemblyCodes();
    for (const op of UNARY_OPS) {
      expect([op, codes.get(constantName("UNARY", op))]).toEqual([op, UNARY_CODES[op]]);
    }
    for (const op of BINARY_OPS) {
      expect([op, codes.get(constantName("BINARY", op))]).toEqual([op, BINARY_CODES[op]]);
    }
    for (const op of REDUCE_OPS) {
      expect([op, codes.get(constantName("REDUCE", op))]).toEqual([op, REDUCE_CODES[op]]);
    }
    expect(codes.get("UNARY_LOGICAL_NOT_FLOAT")).toBe(LOGICAL_NOT_FLOAT);
    expect(codes.get("BINARY_LOGICAL_AND_FLOAT")).toBe(LOGICAL_AND_FLOAT);
    expect(codes.get("BINARY_LOGICAL_OR_FLOAT")).toBe(LOGICAL_OR_FLOAT);
    expect(codes.get("REDUCE_ANY_FLOAT")).toBe(ANY_FLOAT);
    expect(codes.get("REDUCE_ALL_FLOAT")).toBe(ALL_FLOAT);
  });
});
