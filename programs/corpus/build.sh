#!/usr/bin/env bash
# Rebuilds the benchmark corpus under programs/wasm/corpus from the drivers here and the real
# libraries they wrap (README.md lists each program's provenance), with Debian bookworm's toolchain:
# rustc 1.63 and cargo with the wasm32 standard library, the crates from Debian's librust-*-dev
# packages (offline, .cargo/config.toml), clang and wasi-libc for C. The built .wasm files are
# committed, so tests need no toolchain; run this after changing a source, and commit the result.
#   bash programs/corpus/build.sh            # checks the toolchain, then builds
#   bash programs/corpus/build.sh --install  # apt-get installs the toolchain first
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
out=../wasm/corpus

packages=(rustc cargo libstd-rust-dev-wasm32 clang lld wasi-libc wabt xxd
  librust-miniz-oxide-dev librust-serde-json-dev librust-serde-derive-dev librust-regex-dev
  librust-sha2-dev librust-blake3-dev librust-rgb-dev)
if [ "${1:-}" = --install ]; then
  apt-get install -y "${packages[@]}"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "run: apt-get install ${missing[*]}  (or: bash $0 --install)" >&2
  exit 1
fi
# Node and npm (Debian's nodejs and npm, or NodeSource's): npm fetches SQLite, node checks it.
for c in node npm; do
  command -v "$c" >/dev/null || { echo "missing $c: apt-get install nodejs npm" >&2; exit 1; }
done

# Debian's rustc and cargo, not a rustup toolchain earlier on PATH (it has no wasm32 std here).
# RUSTC_BOOTSTRAP=1 lets nbody use std::simd (portable_simd), unstable in Rust 1.63. The remap
# keeps this checkout's path out of panic locations, so the output does not depend on it.
export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
export CARGO_HOME="$here/target/cargo-home"
export RUSTFLAGS="--remap-path-prefix=$here=/corpus"
/usr/bin/cargo build --release --locked --quiet
mkdir -p "$out"
for crate in miniz serde-json regex sha2 blake3 nbody sort raytracer; do
  cp "target/wasm32-unknown-unknown/release/corpus_${crate//-/_}.wasm" "$out/$crate.wasm"
done

# zlib (C) against wasi-libc, for malloc and memcpy only: no WASI calls, so no imports. -g0 and
# --strip-debug keep build paths out of the output; the name section stays.
mkdir -p target/c
(cd data && xxd -i sherlock.txt) > target/c/sherlock.h
ZLIB=zlib/zlib-1.2.13
clang --target=wasm32-wasi -O2 -g0 -nostartfiles -Wl,--no-entry -Wl,--strip-debug \
  -I "$ZLIB" -I target/c -o "$out/zlib.wasm" zlib/driver.c \
  "$ZLIB"/{adler32,compress,crc32,deflate,inflate,inffast,inftrees,trees,uncompr,zutil}.c

# SQLite (C): the amalgamation that the npm package better-sqlite3 ships, pinned by version and by
# the tarball's integrity, with an operating-system layer of ours (sqlite/driver.c): an in-memory
# database needs no files, and wasi-libc again gives malloc and the string functions only.
SQLITE_NPM=better-sqlite3 SQLITE_NPM_VERSION=12.11.1
SQLITE_INTEGRITY=sha512-dq9AtApgg5PGFtBzPFSBl3HZQjHok5gaQCM6zh2Yk0aSmDCs1CbnVI8/HgASQkNKsWFpseIO9beg5xxpYhbIfA==
mkdir -p target/sqlite
tgz="target/sqlite/$SQLITE_NPM-$SQLITE_NPM_VERSION.tgz"
if [ ! -f "$tgz" ]; then
  (cd target/sqlite && npm pack "$SQLITE_NPM@$SQLITE_NPM_VERSION" --silent >/dev/null)
fi
integrity=$(node -e 'const c=require("crypto");process.stdout.write("sha512-"+c.createHash("sha512")
  .update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tgz")
[ "$integrity" = "$SQLITE_INTEGRITY" ] || { echo "$tgz: integrity $integrity" >&2; exit 1; }
tar -xzf "$tgz" -C target/sqlite package/deps/sqlite3
SQLITE_DEFINES=(-DSQLITE_OS_OTHER=1 -DSQLITE_THREADSAFE=0 -DSQLITE_TEMP_STORE=3
  -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL -DSQLITE_OMIT_LOCALTIME -DSQLITE_OMIT_DEPRECATED
  -DSQLITE_OMIT_SHARED_CACHE -DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_DQS=0)
clang --target=wasm32-wasi -O2 -g0 -w "${SQLITE_DEFINES[@]}" -c -o target/sqlite/sqlite3.o \
  target/sqlite/package/deps/sqlite3/sqlite3.c
clang --target=wasm32-wasi -O2 -g0 -nostartfiles -Wl,--no-entry -Wl,--strip-debug \
  "${SQLITE_DEFINES[@]}" -I target/sqlite/package/deps/sqlite3 -o "$out/sqlite.wasm" \
  sqlite/driver.c target/sqlite/sqlite3.o

for wasm in "$out"/*.wasm; do
  wasm-validate "$wasm"
  if wasm-objdump -x -j Import "$wasm" >/dev/null 2>&1; then
    echo "$wasm has imports: a corpus program must run on its own" >&2
    exit 1
  fi
  echo "built $wasm ($(stat -c %s "$wasm") bytes)"
done
