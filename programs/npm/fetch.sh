#!/usr/bin/env bash
# Fetches the large real modules listed in modules.tsv from npm into cache/ (ignored by git), checks
# each file's SHA-256, and skips files already there. Needs node's npm; prints why and exits 0 when
# npm is missing, so that the tests that use the modules skip loudly instead of failing the build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="$here/cache"
mkdir -p "$cache"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm-modules: npm not found; the large-module tests will skip" >&2
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
while IFS=$'\t' read -r name spec file sha toolchain; do
  case "$name" in '#'* | '') continue ;; esac
  target="$cache/$name.wasm"
  if [ -f "$target" ] && [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$sha" ]; then
    continue
  fi
  echo "npm-modules: fetching $spec ($toolchain)"
  if ! tarball="$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -1)" || [ -z "$tarball" ]; then
    echo "npm-modules: npm pack $spec failed" >&2
    status=1
    continue
  fi
  tar -xzf "$work/$tarball" -C "$work" "$file"
  actual="$(sha256sum "$work/$file" | cut -d' ' -f1)"
  if [ "$actual" != "$sha" ]; then
    echo "npm-modules: $spec: $file has SHA-256 $actual, expected $sha" >&2
    status=1
    continue
  fi
  mv "$work/$file" "$target"
  rm -f "$work/$tarball"
done <"$here/modules.tsv"
exit "$status"
