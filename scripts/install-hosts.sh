#!/usr/bin/env bash
# The JavaScript hosts that test/package.test.ts runs the package in, besides Node: Deno and Bun, from
# the npm registry as the packages that carry their binaries (deno, bun), into .cache/hosts (ignored
# by git). Not devDependencies: together ~200 MB that every `npm ci` would fetch; tests without them
# are skipped with the reason. Pinned so that CI runs what was tested.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache/hosts
[ -f .cache/hosts/package.json ] || echo '{"private":true}' > .cache/hosts/package.json
npm install --prefix .cache/hosts --no-audit --no-fund deno@2.9.6 bun@1.4.5
.cache/hosts/node_modules/.bin/deno --version | head -1
echo "bun $(.cache/hosts/node_modules/.bin/bun --version)"
