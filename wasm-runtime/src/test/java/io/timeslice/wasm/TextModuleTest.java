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
}
