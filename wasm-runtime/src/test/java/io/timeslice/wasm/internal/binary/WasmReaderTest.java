package io.timeslice.wasm.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.MalformedModuleException;
import org.junit.jupiter.api.Test;

class WasmReaderTest {
  private static WasmReader reader(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new WasmReader(b, 0, b.length);
  }

  @Test
  void decodesUnsignedLeb128UpToFiveBytes() {
    assertThat(reader(0x00).u32()).isZero();
    assertThat(reader(0x7f).u32()).isEqualTo(127);
    assertThat(reader(0x80, 0x01).u32()).isEqualTo(128);
    assertThat(reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32()).isEqualTo(-1);
    // Padding with redundant continuation bytes is allowed within five bytes.
    assertThat(reader(0x80, 0x80, 0x80, 0x80, 0x00).u32()).isZero();
  }

  @Test
  void rejectsOverlongAndOversizedUnsignedLeb128() {
    assertThatThrownBy(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32())
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageStartingWith("integer representation too long");
    assertThatThrownBy(() -> reader(0xff, 0xff, 0xff, 0xff, 0x1f).u32())
        .hasMessageStartingWith("integer too large");
    assertThatThrownBy(() -> reader(0x80, 0x80).u32()).hasMessageStartingWith("unexpected end");
  }

  @Test
  void decodesSignedLeb128WithSignExtension() {
    assertThat(reader(0x7f).s32()).isEqualTo(-1);
    assertThat(reader(0x3f).s32()).isEqualTo(63);
    assertThat(reader(0x40).s32()).isEqualTo(-64);
    assertThat(reader(0x80, 0x80, 0x80, 0x80, 0x78).s32()).isEqualTo(Integer.MIN_VALUE);
    assertThat(reader(0xff, 0xff, 0xff, 0xff, 0x07).s32()).isEqualTo(Integer.MAX_VALUE);
    assertThat(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f).s64())
        .isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void rejectsSignedLeb128WhoseUnusedBitsDisagreeWithTheSign() {
    // Five bytes for s32: the last byte's bits above bit 3 must copy bit 3.
    assertThatThrownBy(() -> reader(0xff, 0xff, 0xff, 0xff, 0x4f).s32())
        .hasMessageStartingWith("integer too large");
    assertThatThrownBy(() -> reader(0x80, 0x80, 0x80, 0x80, 0x08).s32())
        .hasMessageStartingWith("integer too large");
    assertThatThrownBy(
            () -> reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x41).s64())
        .hasMessageStartingWith("integer too large");
  }

  @Test
  void aLebMayRunPastTheSectionOnlyToBeReportedAsOverlong() {
    byte[] b = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
    // The section ends after two bytes, but the encoding is over-long: that is the error.
    assertThatThrownBy(() -> new WasmReader(b, 0, 2).u32())
        .hasMessageStartingWith("integer representation too long");
    byte[] c = {(byte) 0x80, 0x00};
    assertThatThrownBy(() -> new WasmReader(c, 0, 1).u32())
        .hasMessageStartingWith("unexpected end");
  }

  @Test
  void namesMustBeValidUtf8() {
    byte[] utf8 = new byte[] {3, 'h', (byte) 0xc3, (byte) 0xa9};
    assertThat(new WasmReader(utf8, 0, utf8.length).name()).isEqualTo("h\u00e9");
    for (byte[] bad :
        new byte[][] {
          {2, (byte) 0xc0, (byte) 0x80}, // overlong NUL
          {3, (byte) 0xed, (byte) 0xa0, (byte) 0x80}, // surrogate U+D800
          {4, (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
          {1, (byte) 0x80}, // lone continuation byte
          {2, (byte) 0xe2, (byte) 0x82} // truncated sequence
        }) {
      assertThatThrownBy(() -> new WasmReader(bad, 0, bad.length).name())
          .hasMessageStartingWith("malformed UTF-8 encoding");
    }
  }
}
