/**
 * The WebAssembly spec testsuite harness: runs wast2json's JSON files or {@code .wast} scripts
 * against the engine ({@link io.timeslice.wasm.spec.SpecRunner}), with the checked-in baseline of
 * known failures ({@link io.timeslice.wasm.spec.SpecBaseline}). It reads scripts with the engine's
 * text parser, which the engine exports to this module alone.
 */
module io.timeslice.wasm.spec {
  requires io.timeslice.wasm;

  exports io.timeslice.wasm.spec;
}
