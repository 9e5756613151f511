/**
 * Timeslice's WebAssembly engine: decoding, validation, the register IR and its interpreter, the
 * compiled tier, fuel metering and resumable calls, WASI preview 1. Embedders use {@code
 * io.timeslice.wasm} and {@code io.timeslice.wasm.wasi}; everything under {@code internal} is the
 * engine's own and may change in any release. Not a single runtime dependency: JSpecify's
 * annotations are needed only to compile, and HotSpot's management beans only to learn whether the
 * JVM compiles huge methods (the engine assumes it does not when they are absent).
 */
module io.timeslice.wasm {
  requires static org.jspecify;
  requires static java.management;
  requires static jdk.management;

  exports io.timeslice.wasm;
  exports io.timeslice.wasm.wasi;

  // The text parser's .wast scripts, for the spec harness (wasm-spec) and no one else.
  exports io.timeslice.wasm.internal.text to
      io.timeslice.wasm.spec;
}
