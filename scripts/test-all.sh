#!/usr/bin/env bash
# Builds, typechecks, lints and tests every package, then prints one closing
# line "tests: N passed, N failed" from vitest's JSON reports.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
mkdir -p .ci/out
rm -f .ci/out/*.json
rc=0
# Build first and on its own, so one failing check cannot leave the tests
# without the built packages they run; then every check, all reported.
pnpm turbo run build --output-logs=errors-only || rc=$?
pnpm turbo run typecheck lint check-exports --continue --output-logs=errors-only || rc=$?
pnpm vitest run --reporter=default --reporter=json --outputFile.json=.ci/out/unit.json || rc=$?
if [ -f apps/playground/vitest.e2e.config.ts ]; then
  (cd apps/playground && pnpm vitest run --config vitest.e2e.config.ts --reporter=default \
    --reporter=json --outputFile.json=../../.ci/out/e2e.json) || rc=$?
fi
node scripts/summarize-tests.mjs .ci/out || rc=$?
exit "$rc"
