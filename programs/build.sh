#!/usr/bin/env bash
# Rebuilds the committed WebAssembly programs under programs/wasm from the sources in programs/,
# with Debian's toolchain. The built .wasm files are committed, so tests need no toolchain; run this
# after changing a source, and commit the result.
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing $1: apt-get install $2" >&2; exit 1; }; }
need clang clang
need wasm-ld lld
need wasm-validate wabt
need wat2wasm wabt
need npm npm
[ -f /usr/lib/wasm32-wasi/libc.a ] || { echo "missing wasi-libc: apt-get install wasi-libc" >&2; exit 1; }

# -g0 and --strip-debug keep build paths out of the output (reproducible builds); the name
# section stays, so traps can name functions.
WASI_CFLAGS=(--target=wasm32-wasi -O2 -g0 -Wl,--strip-debug)

# Lua 5.4.4 (MIT), the standalone interpreter as a WASI command: a large, real module (~280 KB of
# code) for decode benchmarks, and a realistic job. wasm32-wasi has no setjmp/longjmp, so a Lua
# error ends the program (wasi-compat/setjmp.h); os.tmpname, io.tmpfile and os.execute fail.
LUA_SRC=()
for f in lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate \
  lstring ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib \
  loslib lstrlib ltablib lutf8lib linit lua; do
  LUA_SRC+=("large/lua-5.4.4/src/$f.c")
done
clang "${WASI_CFLAGS[@]}" -I large/wasi-compat \
  -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS \
  -DLUA_TMPNAMBUFSIZE=32 '-Dlua_tmpnam(b,e)={e=1;}' \
  -o wasm/lua.wasm "${LUA_SRC[@]}" large/wasi-compat/wasi_stubs.c \
  -lwasi-emulated-signal -lwasi-emulated-process-clocks

# The interpreter benchmark workloads: freestanding C (no libc), bulk memory for memset/memcpy.
clang --target=wasm32 -O2 -mbulk-memory -g0 -nostdlib -Wl,--no-entry -Wl,--strip-debug \
  -Wl,-z,stack-size=65536 -o wasm/bench.wasm bench/workloads.c

# The SIMD benchmark kernels: freestanding C with wasm_simd128.h intrinsics.
clang --target=wasm32 -O2 -msimd128 -g0 -nostdlib -Wl,--no-entry -Wl,--strip-debug \
  -Wl,-z,stack-size=65536 -o wasm/simd-bench.wasm bench/simd.c

# Threads and atomics: freestanding C with C11 atomics and wait/notify in a shared memory, laid out
# by wasm-ld as a pthread build's is (passive segments copied by a start function under an atomic
# flag).
clang --target=wasm32 -O2 -matomics -mbulk-memory -g0 -nostdlib -Wl,--no-entry -Wl,--strip-debug \
  -Wl,--shared-memory -Wl,--max-memory=131072 -Wl,-z,stack-size=8192 \
  -o wasm/threads-atomics.wasm threads/atomics.c

# The instantiation benchmark's module (50 host imports, one memory), from text.
wat2wasm bench/imports50.wat -o wasm/imports50.wasm
# The scheduler tests' jobs (endless loop, memory bomb, endless recursion, counted loop).
wat2wasm bench/jobs.wat -o wasm/jobs.wasm
# The text-format example of the README and the service tests (uploaded as text and as this binary).
wat2wasm wat/hello.wat -o wasm/wat-hello.wasm

# WASI test programs (issue 6): small C programs against wasi-libc.
for p in hello echo cat exit checksum flood sleep yield clockrand; do
  clang --target=wasm32-wasi -O2 -g0 -Wl,--strip-debug -o "wasm/wasi-$p.wasm" "wasi/$p.c"
done

# A SIMD program: an image filter written with wasm_simd128.h intrinsics, and -msimd128 lets the
# compiler vectorise its own loops too (needs libclang-rt-dev-wasm32 for the builtins).
clang --target=wasm32-wasi -O2 -msimd128 -g0 -Wl,--strip-debug -o wasm/wasi-simd.wasm wasi/simd.c

# One WASI program from another toolchain: AssemblyScript with its WASI shim, from npm (versions
# pinned in assemblyscript/package-lock.json).
(cd assemblyscript && npm ci --no-audit --no-fund >/dev/null &&
  npx asc collatz.ts --config ./node_modules/@assemblyscript/wasi-shim/asconfig.json -O3 \
    --noAssert -o ../wasm/as-collatz.wasm)

for wasm in wasm/*.wasm; do
  wasm-validate "$wasm"
  echo "built $wasm ($(stat -c %s "$wasm") bytes)"
done
