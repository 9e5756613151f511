/**
 * The embedding API. Compile a {@link io.timeslice.wasm.Module} with an {@link
 * io.timeslice.wasm.Engine} (whose {@link io.timeslice.wasm.Config} holds the features, limits,
 * metering and tiers), link its imports with a {@link io.timeslice.wasm.Linker}, instantiate it in
 * a {@link io.timeslice.wasm.Store} (one job's state: memories, tables, globals, fuel, {@link
 * io.timeslice.wasm.StoreLimits}) and call its exports through {@link io.timeslice.wasm.Func}: to
 * completion, or as a {@link io.timeslice.wasm.ResumableCall} that suspends when fuel runs out, the
 * store is interrupted or a host function yields, and resumes later on any thread. Values are raw
 * 64-bit cells ({@link io.timeslice.wasm.Values} converts them). Errors are {@link
 * io.timeslice.wasm.WasmException}s: malformed or invalid modules with their byte offset, traps
 * with a {@link io.timeslice.wasm.TrapCode}, link and resource-limit errors. docs/embedding.md
 * walks through an example.
 *
 * <p>Nothing in this package accepts or returns null unless marked {@code @Nullable}.
 */
@NullMarked
package io.timeslice.wasm;

import org.jspecify.annotations.NullMarked;
