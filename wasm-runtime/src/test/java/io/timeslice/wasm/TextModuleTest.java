package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text is accepted wherever a module is: {@link Module#compile}, {@link Module#validate}, {@link
 * Module#fromText}.
 */
class TextModuleTest {
  private static final String ADD =
      """
      (module
        (func (export "add") (param i32 i32) (result i32)
          local.get 0
          local.get 1
          i32.add))
      """;

  private final Engine engine = new Engine();

  private static long call(Module module, String name, long... args) {
    Store<Void> store = new Store<>(module.engine(), null);
    Instance instance = new Linker<Void>(module.engine()).instantiate(store, module);
    return instance.func(name).call(store, args)[0];
  }

  @Test
  void compileTakesTextAndMakesTheModuleOfItsBinary() {
    Module fromBytes = Module.compile(engine, ADD.getBytes(StandardCharsets.UTF_8));
    Module fromText = Module.fromText(engine, ADD);
    assertThat(call(fromBytes, "add", 40, 2)).isEqualTo(42);
    assertThat(call(fromText, "add", -1, 1)).isZero();
    byte[] binary = Wat.toBinary(ADD);
    assertThat(fromBytes.sizeBytes()).isEqualTo(binary.length);
    assertThat(Module.compile(engine, binary).exports()).isEqualTo(fromText.exports());
  }

  @Test
  void textIsRecognisedByItsFirstNonBlankByte() {
    assertThat(Wat.isText(" \n\t(module)".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(Wat.isText(";; a comment\n(module)".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(Wat.isText(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0})).isFalse();
    assertThat(Wat.isText(new byte[0])).isFalse();
    assertThat(Wat.isText("   ".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void badTextIsAMalformedTextErrorWithItsPositionAndBadBytesStayBinaryErrors() {
    assertThatThrownBy(
            () ->
                Module.validate(
                    engine, "(module\n (func (nop) (bogus)))".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedTextException.class)
        .hasMessage("unknown operator bogus (at line 2, column 15)");
    assertThatThrownBy(() -> Module.compile(engine, new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}))
        .isInstanceOf(MalformedModuleException.class);
    assertThatThrownBy(() -> Module.fromText(engine, "(module (func (result i32)))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("type mismatch");
  }

  @Test
  void theTextsOfOneModuleGiveOneBinary() {
    String folded =
        "(module (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))";
    String named =
        "(module (func $f (param $x i32) (param $y i32) (result i32) local.get $x local.get $y i32.add) (export \"add\" (func $f)))";
    assertThat(List.of(Wat.toBinary(folded), Wat.toBinary(named)))
        .allSatisfy(b -> assertThat(b).isEqualTo(Wat.toBinary(ADD)));
  }

  /**
   * Text is read with the engine's features: memory64 makes a memory's limits 64-bit numbers, so
   * that too large a memory is an invalid module rather than malformed text, and gives memories
   * their i64 index type.
   */
  @Test
  void textIsReadWithTheEnginesFeatures() {
    Engine memory64 = new Engine(Config.builder().memory64(true).build());
    byte[] huge = "(module (memory 0x1_0000_0000))".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Module.validate(engine, huge))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageStartingWith("i32 constant out of range");
    assertThatThrownBy(() -> Module.validate(memory64, huge))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("memory size must be at most 65536 pages (4GiB)");
    String size = "(module (memory i64 3) (func (export \"size\") (result i64) (memory.size)))";
    assertThat(call(Module.fromText(memory64, size), "size")).isEqualTo(3);
    assertThat(Wat.toBinary(size, memory64.config()))
        .isEqualTo(Wat.toBinary(size.getBytes(StandardCharsets.UTF_8), memory64.config()));
    assertThatThrownBy(() -> Module.fromText(engine, size))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("memory64");
    assertThatThrownBy(() -> Wat.toBinary(size)).isInstanceOf(MalformedTextException.class);
  }
}
