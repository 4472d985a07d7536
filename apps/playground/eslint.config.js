import { myelinLint } from "@myelin/eslint-config";

export default [
  ...myelinLint({ packageName: "@myelin/playground" }),
  // The browser test reports what it measured (seconds to the target loss, frame gaps).
  { files: ["e2e/**"], rules: { "no-console": "off" } },
];
