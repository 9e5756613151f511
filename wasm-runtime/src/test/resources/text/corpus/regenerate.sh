#!/bin/sh
# Regenerates the reference binaries of this corpus with wabt's wat2wasm (Debian package wabt,
# 1.0.32: `apt-get install wabt`). The tests compare the engine's text parser with these files and
# never run wabt themselves. spec/ holds the first text module of each core script of the spec
# testsuite (commit 3a04b2cf, Apache-2.0; skip-stack-guard-page and br_table are left out for size);
# features/ holds hand-written modules, one concern each. A module of a proposal names the flags
# wat2wasm needs on a line `;; wat2wasm flags: --enable-...` (WatCorpusTest reads the same line).
# A module of syntax newer than 1.0.32 (WebAssembly 3.0's try_table and exnref) says so on a line
# `;; Made by npm wabt@<version>`, and is made by that version of wabt's npm build (needs node).
set -e
cd "$(dirname "$0")"
for f in spec/*.wat features/*.wat; do
  flags=$(sed -n 's/^;; wat2wasm flags: //p' "$f")
  npm_version=$(sed -n 's/^;; Made by npm wabt@\([0-9.]*\).*/\1/p' "$f")
  if [ -n "$npm_version" ]; then
    npx -y -p "wabt@$npm_version" wat2wasm $flags "$f" -o "${f%.wat}.wasm"
  else
    wat2wasm $flags "$f" -o "${f%.wat}.wasm"
  fi
done
