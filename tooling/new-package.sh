#!/usr/bin/env bash
# Creates a library package skeleton: tooling/new-package.sh <dir> <npm-name> "<description>"
set -euo pipefail
dir="packages/$1"; name="$2"; desc="$3"
mkdir -p "$dir/src"
cat > "$dir/package.json" <<JSON
{
  "name": "$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "type": "module",
  "sideEffects": false,
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "source": "./src/index.ts",
      "import": {
        "types": "./dist/index.d.ts",
        "default": "./dist/index.js"
      },
      "require": {
        "types": "./dist/index.d.cts",
        "default": "./dist/index.cjs"
      }
    },
    "./package.json": "./package.json"
  },
  "files": [
    "dist",
    "src"
  ],
  "engines": {
    "node": ">=20.19"
  },
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc -p tsconfig.json",
    "lint": "eslint .",
    "test": "vitest run",
    "check-exports": "publint --strict && attw --pack . --profile node16"
  },
  "dependencies": {},
  "devDependencies": {
    "@myelin/eslint-config": "workspace:*",
    "@myelin/tsconfig": "workspace:*",
    "@myelin/vitest-config": "workspace:*"
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "@myelin/tsconfig/base.json",
  "include": ["src", "test", "examples", "*.config.ts"]
}
JSON
cat > "$dir/tsup.config.ts" <<'TS'
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
});
TS
cat > "$dir/vitest.config.ts" <<TS
import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("$1");
TS
cat > "$dir/eslint.config.js" <<JS
import { myelinLint } from "@myelin/eslint-config";

export default myelinLint({ packageName: "$name" });
JS
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
