#!/usr/bin/env bash
# Assembles the modules of the proposals' spec scripts with binaryen, an encoder independent of
# Timeslice's text parser, into cache/<proposal>/<script>.json (ignored by git);
# BinaryenCrossCheckTest runs each script with binaryen's binaries in place of the engine's own. For
# typed function references and GC it is the only independent encoder we have (wabt 1.0.32 writes
# the 2022 draft's bytes, later wabts none). Fetches binaryen's npm build (pinned, SHA-256
# checked). Needs node and npm; prints why and exits 0 without them, so that the test skips loudly.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
suite="${WASM_TESTSUITE:-$here/../../../shared/wasm-testsuite}"
spec="binaryen@132.0.0"
sha="5f0579abe5dddb48daa46a63933974eea085e0e1752b238d227315cf39d5fb06"
# Each proposal folder with the binaryen features its modules need (binaryen's typed references are
# its GC feature's).
proposals=(function-references:GC gc:GC tail-call: extended-const: multi-memory: memory64:Memory64
  threads:Atomics relaxed-simd:RelaxedSIMD exception-handling:ExceptionHandling)

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "binaryen: node or npm not found; BinaryenCrossCheckTest will skip" >&2
  exit 0
fi
if [ ! -d "$suite/wast/proposals" ]; then
  echo "binaryen: no spec testsuite at $suite; BinaryenCrossCheckTest will skip" >&2
  exit 0
fi

tool="$here/cache/binaryen.js"
mkdir -p "$here/cache"
if [ ! -f "$tool" ] || [ "$(sha256sum "$tool" | cut -d' ' -f1)" != "$sha" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "binaryen: fetching $spec"
  tarball="$(cd "$work" && npm pack --silent "$spec" | tail -1)"
  tar -xzf "$work/$tarball" -C "$work" package/index.js
  actual="$(sha256sum "$work/package/index.js" | cut -d' ' -f1)"
  if [ "$actual" != "$sha" ]; then
    echo "binaryen: $spec's index.js has SHA-256 $actual, expected $sha" >&2
    exit 1
  fi
  # An ES module: node reads a .js file as one only beside a package.json that says so.
  echo '{"type": "module"}' >"$here/cache/package.json"
  mv "$work/package/index.js" "$tool"
fi
for entry in "${proposals[@]}"; do
  proposal="${entry%%:*}"
  rm -rf "$here/cache/$proposal"
  # binaryen's validator reports every module it refuses (those of assert_invalid) on stderr.
  node "$here/assemble.mjs" "$tool" "${entry#*:}" "$here/cache/$proposal" \
    "$suite/wast/proposals/$proposal"/*.wast 2>/dev/null
done
echo "binaryen: assembled the modules of ${proposals[*]%%:*} into $here/cache"
