/**
 * WASI preview 1 for commands: {@link io.timeslice.wasm.wasi.WasiConfig} (arguments, environment,
 * stdin, output caps, deterministic clocks and randomness, built with {@link
 * io.timeslice.wasm.wasi.WasiConfig#builder()}) and {@link io.timeslice.wasm.wasi.Wasi}, which adds
 * the {@code wasi_snapshot_preview1} imports to a linker and runs a command's {@code _start}; its
 * exit code arrives as {@link io.timeslice.wasm.wasi.WasiExit}. No file system, sockets or
 * processes: a job sees only what its configuration gives it.
 *
 * <p>Nothing in this package accepts or returns null unless marked {@code @Nullable}.
 */
@NullMarked
package io.timeslice.wasm.wasi;

import org.jspecify.annotations.NullMarked;
