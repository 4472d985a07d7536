// Shared lint preset. Two rules carry the architecture: libraries stay silent
// (no console outside apps/ and tooling/), and dependencies point one way,
// so a lower layer can never import a higher one.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Packages each layer may not import, from lowest to highest. */
const LAYERS = [
  ["@myelin/backend", []],
  ["@myelin/registry", []],
  ["@myelin/backend-js", ["@myelin/tensor-core"]],
  ["@myelin/backend-wasm", ["@myelin/tensor-core"]],
  ["@myelin/tensor-core", ["@myelin/activations"]],
  ["@myelin/activations", ["@myelin/layers", "@myelin/losses", "@myelin/optimizers"]],
  ["@myelin/losses", ["@myelin/layers", "@myelin/model"]],
  ["@myelin/optimizers", ["@myelin/layers", "@myelin/model"]],
  ["@myelin/layers", ["@myelin/model"]],
  ["@myelin/data", ["@myelin/model", "myelin"]],
  ["@myelin/model", ["myelin"]],
];
const ABOVE = {
  "@myelin/backend": ["@myelin/tensor-core", "@myelin/backend-js", "@myelin/backend-wasm"],
  "@myelin/registry": ["@myelin/tensor-core", "@myelin/layers", "@myelin/model"],
};

/**
 * @param {{ packageName?: string, allowConsole?: boolean }} options
 */
export function myelinLint(options = {}) {
  const forbidden = new Set();
  for (const [name, above] of LAYERS) {
    if (name === options.packageName) {
      above.forEach((p) => forbidden.add(p));
    }
  }
  (ABOVE[options.packageName ?? ""] ?? []).forEach((p) => forbidden.add(p));
  const upward = [...forbidden].map((name) => ({
    name,
    message: `${options.packageName} sits below ${name}; imports must point down the stack.`,
  }));
  return [
    { ignores: ["dist/**", "build/**", "assembly/**", "coverage/**", "*.config.*"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      languageOptions: { globals: { ...globals.node, ...globals.browser } },
      rules: {
        "no-console": options.allowConsole ? "off" : "error",
        "no-restricted-imports": ["error", { paths: upward }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "@typescript-eslint/no-non-null-assertion": "off",
      },
    },
    {
      files: ["**/*.test.ts", "**/*.bench.ts", "test/**", "examples/**", "scripts/**"],
      rules: { "no-console": "off", "@typescript-eslint/no-explicit-any": "off" },
    },
  ];
}
