import { myelinLint } from "@myelin/eslint-config";

export default myelinLint({ packageName: "@myelin/test-utils" });
