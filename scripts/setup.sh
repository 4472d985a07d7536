#!/usr/bin/env bash
# Sets up a fresh clone: the pinned pnpm, the locked dependencies, and a build
# of every package. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
PNPM_VERSION=10.34.9
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  corepack disable pnpm 2>/dev/null || true
  npm install -g "pnpm@$PNPM_VERSION"
fi
pnpm install --frozen-lockfile
pnpm turbo run build --output-logs=errors-only
